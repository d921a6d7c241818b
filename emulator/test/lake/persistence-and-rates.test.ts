import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CloudTrailClient,
  CreateChannelCommand,
  DescribeTrailsCommand,
  GetChannelCommand,
  GetEventDataStoreCommand,
  ListEventDataStoresCommand,
  StartQueryCommand,
  UpdateEventDataStoreCommand,
} from "@aws-sdk/client-cloudtrail";
import { EmulatorAdmin, start } from "cloudtrail-emulator";
import {
  awsError,
  expectBurstLimited,
  clientAt,
  TEST_CREDENTIALS,
  useEmulator,
} from "../../../test/support/emulator";
import { category, createStore, query, storeId } from "../../../test/support/lake";
import { putAuditEvents } from "../../../test/support/cloudtrail-data";

describe("emulator: Lake state across restarts and Lake rates", () => {
  it("keeps stores, their events, channels and objects across a restart with --state", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "lake-state-")), "state.json");
    const first = await start({ stateFile: file, rateScale: 0 });
    const ct = clientAt(first.url);
    const management = await createStore(ct, "durable");
    await ct.send(new DescribeTrailsCommand({}));
    const audit = await createStore(ct, "durable-audit", {
      AdvancedEventSelectors: category("ActivityAuditLog"),
    });
    const { ChannelArn } = await ct.send(
      new CreateChannelCommand({
        Name: "durable-channel",
        Source: "Custom",
        Destinations: [{ Type: "EVENT_DATA_STORE", Location: audit }],
      }),
    );
    await putAuditEvents(first.url, {
      channelArn: ChannelArn!,
      auditEvents: [{ id: "kept", eventData: '{"eventName":"Kept"}' }],
    });
    await new EmulatorAdmin(first.url).putObject("logs", "AWSLogs/x.json.gz", "bytes");
    await first.stop();
    // Stored events and objects live beside the state file, so a change rewrites neither.
    const saved = readFileSync(file, "utf8");
    expect(saved).to.contain("durable-channel").and.not.to.contain("Kept");
    expect(saved).not.to.contain(Buffer.from("bytes").toString("base64"));
    expect(readFileSync(`${file}.lake-events`, "utf8")).to.contain("Kept");
    expect(readFileSync(`${file}.objects`, "utf8")).to.contain(Buffer.from("bytes").toString("base64"));
    const second = await start({ stateFile: file, rateScale: 0 });
    try {
      const again = clientAt(second.url);
      expect((await again.send(new GetEventDataStoreCommand({ EventDataStore: management }))).Name).to.equal(
        "durable",
      );
      expect((await again.send(new GetChannelCommand({ Channel: ChannelArn }))).Name).to.equal(
        "durable-channel",
      );
      const calls = await query(
        again,
        `SELECT count(*) AS n FROM ${storeId(management)} WHERE eventName = 'DescribeTrails'`,
      );
      expect(calls).to.deep.equal([{ n: "1" }]);
      expect(await query(again, `SELECT eventData.eventName AS name FROM ${storeId(audit)}`)).to.deep.equal([
        { name: "Kept" },
      ]);
      expect(
        (await new EmulatorAdmin(second.url).getObject("logs", "AWSLogs/x.json.gz"))!.toString(),
      ).to.equal("bytes");
    } finally {
      await second.stop();
    }
  });

  it("a Lake operation that fails inside (the state file cannot be written) changes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lake-atomic-"));
    const emulator = await start({ stateFile: join(dir, "state.json"), rateScale: 0 });
    try {
      const ct = new CloudTrailClient({
        endpoint: emulator.url,
        region: "us-east-1",
        credentials: TEST_CREDENTIALS,
        maxAttempts: 1,
      });
      const store = await createStore(ct, "atomic");
      rmSync(dir, { recursive: true });
      const e = await awsError(() =>
        ct.send(
          new UpdateEventDataStoreCommand({ EventDataStore: store, Name: "renamed", RetentionPeriod: 90 }),
        ),
      );
      expect([e.name, e.$metadata?.httpStatusCode]).to.deep.equal(["InternalFailure", 500]);
      const kept = await ct.send(new GetEventDataStoreCommand({ EventDataStore: store }));
      expect([kept.Name, kept.RetentionPeriod]).to.deep.equal(["atomic", 2557]);
      const created = await awsError(() => createStore(ct, "second"));
      expect(created.name).to.equal("InternalFailure");
      const { EventDataStores } = await ct.send(new ListEventDataStoresCommand({}));
      expect(EventDataStores?.map((s) => s.Name)).to.deep.equal(["atomic"]);
    } finally {
      await emulator.stop();
    }
  });

  describe("RATE-1, RATE-2 for Lake operations", () => {
    const t = useEmulator();

    it("StartQuery takes 3 per second, CreateEventDataStore 1, GetEventDataStore 10", async () => {
      const ct = t.client();
      const store = await createStore(ct, "rated");
      const statement = `SELECT eventName FROM ${storeId(store)}`;
      // Each emulator opens its query engine on its first query: opened before the clock of the rates starts.
      await ct.send(new StartQueryCommand({ QueryStatement: statement }));
      await t.admin.configure({ rateScale: 1 });
      // Sent at once: the rate is judged on arrival.
      const query = () => ct.send(new StartQueryCommand({ QueryStatement: statement }));
      await expectBurstLimited(4, query, { capacity: 3, perSecond: 3 });
      let n = 0;
      await expectBurstLimited(3, () => createStore(ct, `rated-${++n}`), { capacity: 1, perSecond: 1 });
      const get = () => ct.send(new GetEventDataStoreCommand({ EventDataStore: store }));
      await expectBurstLimited(12, get, { capacity: 10, perSecond: 10 });
    });
  });
});
