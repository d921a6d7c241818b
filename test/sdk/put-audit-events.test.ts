import { createHash } from "node:crypto";
import { expect } from "chai";
import { InvalidArgumentsError, PutAuditEventsError, putAuditEvents, runQuery } from "../../sdk";
import { useEmulator } from "../support/emulator";
import { channelWithStore, emulatorOptions } from "./lake-fixtures";

const appEvent = (i: number) => ({ eventName: "Login", user: `user-${i}`, sequence: i });

describe("putAuditEvents", () => {
  const t = useEmulator();

  async function requests(): Promise<string[]> {
    const log = (await t.admin.log()).filter((e) => e.operation === "PutAuditEvents");
    return log.map((e) => e.outcome);
  }

  it("sends 100 events in one request and 101 in two, with generated ids and checksums (AUD-1, AUD-3)", async () => {
    const { channelArn, store } = await channelWithStore(t);
    await t.admin.clearLog();
    const hundred = await putAuditEvents(
      channelArn,
      Array.from({ length: 100 }, (_, i) => ({ eventData: appEvent(i) })),
      emulatorOptions(t),
    );
    expect(hundred.requests).to.equal(1);
    expect(hundred.failed).to.deep.equal([]);
    expect(await requests()).to.deep.equal(["ok"]);
    await t.admin.clearLog();
    const batches: number[] = [];
    const more = await putAuditEvents(
      channelArn,
      Array.from({ length: 101 }, (_, i) => JSON.stringify(appEvent(100 + i))),
      { ...emulatorOptions(t), onBatch: (done) => batches.push(done) },
    );
    expect(more.requests).to.equal(2);
    expect(batches).to.deep.equal([100, 101]);
    expect(await requests()).to.deep.equal(["ok", "ok"]);
    expect(more.successful.map((e) => e.index)).to.deep.equal([...Array(101).keys()]);
    expect(new Set(more.successful.map((e) => e.eventID)).size).to.equal(101);
    const counted = await runQuery(`SELECT count(*) AS n FROM ${store}`, emulatorOptions(t));
    expect(counted.rows).to.deep.equal([{ n: "201" }]);
  });

  it("fills a request up to 1 MB of body and starts another one byte past it (AUD-1)", async () => {
    const { channelArn } = await channelWithStore(t);
    // Four events whose request body is exactly 1 MB: the body grows one byte per byte of padding.
    const events = (extra: number) => {
      const pads = [0, 0, 0, 0];
      const sized = (p: number[]) =>
        p.map((n, i) => ({ id: `e${i}`, eventData: JSON.stringify({ pad: "x".repeat(n) }) }));
      const body = (p: number[]) =>
        Buffer.byteLength(
          JSON.stringify({
            auditEvents: sized(p).map((e) => ({
              ...e,
              eventDataChecksum: createHash("sha256").update(e.eventData).digest("base64"),
            })),
          }),
        );
      let missing = 1024 * 1024 - body(pads) + extra;
      for (let i = 0; i < 4; i++) {
        pads[i] = Math.ceil(missing / (4 - i));
        missing -= pads[i];
      }
      expect(body(pads)).to.equal(1024 * 1024 + extra);
      return sized(pads);
    };
    await t.admin.clearLog();
    const under = await putAuditEvents(channelArn, events(0), emulatorOptions(t));
    expect([under.requests, under.successful.length]).to.deep.equal([1, 4]);
    const over = await putAuditEvents(
      channelArn,
      events(1).map((e) => ({ ...e, id: `o${e.id}` })),
      emulatorOptions(t),
    );
    expect([over.requests, over.successful.length]).to.deep.equal([2, 4]);
    expect(await requests()).to.deep.equal(["ok", "ok", "ok"]);
  });

  it("refuses a plain event where { eventData } is expected, and other shapes, naming the argument before any call", async () => {
    const { channelArn } = await channelWithStore(t);
    await t.admin.clearLog();
    const error = await putAuditEvents(
      channelArn,
      [{ eventName: "Login" } as never, { eventData: 5 } as never, 7 as never],
      emulatorOptions(t),
    ).then(
      () => expect.fail("expected InvalidArgumentsError"),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(InvalidArgumentsError);
    expect((error as InvalidArgumentsError).failures).to.deep.equal([
      {
        property: "events[0]",
        reason:
          "a plain event where { eventData } is expected: pass { eventData: event } (and optionally id, eventDataChecksum) (AUD-1)",
      },
      {
        property: "events[1].eventData",
        reason: "the event as an object or a JSON string; got number (AUD-1)",
      },
      { property: "events[2]", reason: "an { eventData } object or a JSON string; got number (AUD-1)" },
    ]);
    const notArray = await putAuditEvents(channelArn, { eventData: {} } as never, emulatorOptions(t)).then(
      () => expect.fail("expected InvalidArgumentsError"),
      (e: unknown) => e as Error,
    );
    expect(notArray.message).to.equal(
      "putAuditEvents: events: an array of { eventData } objects or JSON strings; got object (AUD-1)",
    );
    expect(await t.admin.log()).to.deep.equal([]);
  });

  it("reports each event CloudTrail refuses, with its index, while the others are ingested", async () => {
    const { channelArn } = await channelWithStore(t);
    const result = await putAuditEvents(
      channelArn,
      [{ id: "ok-1", eventData: appEvent(1) }, { id: "not-an-object", eventData: "[1, 2]" }, "{}"],
      emulatorOptions(t),
    );
    expect(result.successful.map((e) => e.index)).to.deep.equal([0, 2]);
    expect(result.failed).to.have.length(1);
    expect(result.failed[0]).to.include({ id: "not-an-object", index: 1, errorCode: "InvalidData" });
  });

  it("refuses duplicate ids and a wrong checksum before sending anything (AUD-2, AUD-3)", async () => {
    const { channelArn } = await channelWithStore(t);
    await t.admin.clearLog();
    const error = await putAuditEvents(
      channelArn,
      [
        { id: "a", eventData: appEvent(1) },
        { id: "b", eventData: appEvent(2), eventDataChecksum: "A".repeat(43) + "=" },
        { id: "a", eventData: appEvent(3) },
      ],
      emulatorOptions(t),
    ).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidArgumentsError);
    expect((error as Error).message)
      .to.contain("events[2].id")
      .and.contain("AUD-2");
    const checksum = await putAuditEvents(
      channelArn,
      [{ id: "b", eventData: appEvent(2), eventDataChecksum: "A".repeat(43) + "=" }],
      emulatorOptions(t),
    ).catch((e: unknown) => e);
    expect((checksum as InvalidArgumentsError).failures).to.deep.equal([
      {
        property: "events[0].eventDataChecksum",
        reason: `The checksum does not match eventData; expected ${createHash("sha256")
          .update(JSON.stringify(appEvent(2)))
          .digest("base64")} (AUD-3)`,
      },
    ]);
    expect(await requests()).to.deep.equal([]);
  });

  it("absorbs throttling with the SDK's retry strategy (RATE-3)", async () => {
    const { channelArn } = await channelWithStore(t);
    await t.admin.clearLog();
    // The emulator's fault script names CloudTrail's operations only; "*" reaches PutAuditEvents,
    // the only call that follows.
    await t.admin.fault({ operation: "*", kind: "throttle", count: 2 });
    const result = await putAuditEvents(channelArn, [{ eventData: appEvent(1) }], emulatorOptions(t));
    expect(result.successful).to.have.length(1);
    expect(await requests()).to.deep.equal(["ThrottlingException", "ThrottlingException", "ok"]);
  });

  it("throws a refused request with every event's outcome, none dropped (AUD-4)", async () => {
    await channelWithStore(t);
    const error = await putAuditEvents(
      "arn:aws:cloudtrail:us-east-1:123456789012:channel/00000000-0000-0000-0000-000000000000",
      Array.from({ length: 150 }, (_, i) => ({ eventData: appEvent(i) })),
      emulatorOptions(t),
    ).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PutAuditEventsError);
    const { code, result } = error as PutAuditEventsError;
    expect(code).to.equal("ChannelNotFound");
    expect(result.failed.map((f) => f.index)).to.deep.equal([...Array(150).keys()]);
    expect(result.successful).to.deep.equal([]);
  });
});
