import { CreateTrailCommand } from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { InvalidArgumentsError, lookupEvents, type LookupEventsOptions } from "../../sdk";
import { TEST_CREDENTIALS, useEmulator } from "../support/emulator";

describe("lookupEvents", () => {
  const t = useEmulator();
  const options = (extra: LookupEventsOptions = {}): LookupEventsOptions => ({
    endpoint: t.emulator.url,
    region: "us-east-1",
    credentials: TEST_CREDENTIALS,
    ...extra,
  });

  it("iterates every page within LookupEvents' 2 requests per second (LOOK-1, RATE-2)", async () => {
    const ct = t.client();
    const names = Array.from({ length: 5 }, (_, i) => `audit-${i}`);
    for (const name of names) await ct.send(new CreateTrailCommand({ Name: name, S3BucketName: "logs" }));
    // The emulator's rate limits on, and a single attempt: a request over the pace would fail.
    await t.admin.configure({ rateScale: 1 });
    await t.admin.clearLog();
    const pages: string[][] = [];
    for await (const page of lookupEvents(
      options({
        maxAttempts: 1,
        pageSize: 1,
        lookupAttributes: [{ attributeKey: "EventName", attributeValue: "CreateTrail" }],
      }),
    ).pages())
      pages.push(page.map((e) => e.resources[0]?.resourceName ?? ""));
    expect(pages.map((p) => p.length)).to.deep.equal([1, 1, 1, 1, 1]);
    expect(pages.flat().sort()).to.deep.equal(names);
    const log = await t.admin.log();
    expect(log.map((e) => e.outcome)).to.deep.equal(Array(5).fill("ok"));
  });

  it("yields camelCase events one by one, as every other function answers", async () => {
    await t.client().send(new CreateTrailCommand({ Name: "camel", S3BucketName: "logs" }));
    const events = [];
    for await (const event of lookupEvents(
      options({ lookupAttributes: [{ attributeKey: "EventName", attributeValue: "CreateTrail" }] }),
    ))
      events.push(event);
    expect(events).to.have.length(1);
    const [event] = events;
    expect(event).to.deep.include({
      eventName: "CreateTrail",
      eventSource: "cloudtrail.amazonaws.com",
      readOnly: false,
      accessKeyId: TEST_CREDENTIALS.accessKeyId,
      resources: [{ resourceType: "AWS::CloudTrail::Trail", resourceName: "camel" }],
    });
    expect(event.eventTime).to.be.instanceOf(Date);
    expect(JSON.parse(event.cloudTrailEvent)).to.include({ eventName: "CreateTrail" });
  });

  it("refuses two lookup attributes before any call, naming the argument and LOOK-1", async () => {
    await t.admin.clearLog();
    const iterate = async () => {
      for await (const page of lookupEvents(
        options({
          lookupAttributes: [
            { attributeKey: "EventName", attributeValue: "CreateTrail" },
            { attributeKey: "Username", attributeValue: "alice" },
          ],
          startTime: "2026-02-01T00:00:00Z",
          endTime: new Date("2026-01-01T00:00:00Z"),
        }),
      ))
        expect.fail(`no event expected, got ${page.eventName}`);
    };
    const error = await iterate().then(
      () => expect.fail("expected InvalidArgumentsError"),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(InvalidArgumentsError);
    expect((error as InvalidArgumentsError).failures.map((f) => f.property)).to.have.members([
      "lookupAttributes",
      "startTime",
    ]);
    expect((error as Error).message).to.contain("LOOK-1");
    expect(await t.admin.log()).to.deep.equal([]);
  });
});
