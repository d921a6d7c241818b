import { expect } from "chai";
import { EmulatorAdmin, start } from "cloudtrail-emulator";
import { useEmulator } from "../../test/support/emulator";
import { putAuditEvents } from "../../test/support/cloudtrail-data";
import { rawCall } from "../../test/support/raw";

const MISSING_CHANNEL =
  "arn:aws:cloudtrail:us-east-1:123456789012:channel/00000000-0000-0000-0000-000000000000";

/** A PutAuditEvents body of about `bytes` bytes, to a channel that does not exist: refused, ChannelNotFound. */
const rejected = (url: string, bytes: number) =>
  putAuditEvents(url, {
    channelArn: MISSING_CHANNEL,
    auditEvents: [{ id: "big", eventData: JSON.stringify({ pad: "x".repeat(bytes) }) }],
  });

describe("emulator: the request log is bounded by bytes (issue 23, reproduction 4)", () => {
  const t = useEmulator();

  it("a rejected 1 MB request is logged by its size, not its body; the log pages as before", async () => {
    for (let i = 0; i < 3; i++)
      expect((await rejected(t.emulator.url, 1_000_000)).errorType).to.equal("ChannelNotFound");
    const page = await t.admin.logPage({ limit: 10_000 });
    expect(page.entries).to.have.length(3);
    for (const entry of page.entries) {
      expect(entry).to.include({ operation: "PutAuditEvents", outcome: "ChannelNotFound", params: null });
      expect(entry.truncated?.params).to.be.within(1_000_000, 1_048_576);
      expect(entry.response).to.have.property("message").that.contains("does not exist");
    }
  });

  it("past its byte budget the log drops its oldest entries, whatever their count", async () => {
    const emulator = await start({ rateScale: 0, logBytes: 200_000 });
    try {
      const admin = new EmulatorAdmin(emulator.url);
      // 100 requests whose parameters and answers (10 KB each, under the per-entry caps) are kept whole.
      for (let i = 0; i < 100; i++)
        await rawCall(
          emulator.url,
          "CloudTrail_20131101.GetTrail",
          JSON.stringify({ Name: `t${i}-${"x".repeat(10_000)}` }),
        );
      const log = await admin.log();
      expect(log.length).to.be.within(5, 20);
      expect(log.at(-1)!.seq).to.equal(99);
      expect((log.at(-1)!.params as { Name: string }).Name).to.match(/^t99-x+$/);
      expect(log.map((e) => e.seq)).to.deep.equal(log.map((_, i) => 100 - log.length + i));
    } finally {
      await emulator.stop();
    }
  });
});
