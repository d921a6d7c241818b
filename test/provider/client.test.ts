import { expect } from "chai";
import {
  CreateTrailCommand,
  GetTrailCommand,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from "@aws-sdk/client-cloudtrail";
import type { FinalizeRequestMiddleware } from "@smithy/types";
import { createCloudTrailClient } from "../../provider/client";
import { TEST_CREDENTIALS, useEmulator } from "../support/emulator";

describe("provider: shared CloudTrail client", () => {
  const t = useEmulator({ rateScale: 1 });
  before(() => {
    process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  });

  it("RATE-1 paces mutating calls: a burst is sent at AWS's limits and every call lands", async () => {
    const ct = createCloudTrailClient({ region: "us-east-1", endpoint: t.emulator.url });
    // When each attempt reaches the pacer and when the pacer lets it go. The pacer's promise is a
    // schedule from the first call: the k-th attempt goes no sooner than k × 1.1 s after it. Gaps
    // between releases are not that promise: a process descheduled under load after letting one
    // call go (24 ms in one run) measures that release late and the next gap short.
    const entered: number[] = [];
    const released: number[] = [];
    const at =
      (times: number[]): FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> =>
      (next, context) =>
      async (args) => {
        if (context.commandName === "CreateTrailCommand") times.push(performance.now());
        return next(args);
      };
    ct.middlewareStack.addRelativeTo(at(entered), {
      relation: "before",
      toMiddleware: "cloudTrailApiPacer",
      name: "enteredPacer",
    });
    ct.middlewareStack.addRelativeTo(at(released), {
      relation: "after",
      toMiddleware: "cloudTrailApiPacer",
      name: "leftPacer",
    });
    const created = await Promise.all(
      [1, 2, 3].map((i) => ct.send(new CreateTrailCommand({ Name: `paced-${i}`, S3BucketName: "bucket-a" }))),
    );
    await Promise.all([1, 2, 3].map((i) => ct.send(new GetTrailCommand({ Name: `paced-${i}` }))));
    // One CreateTrail per 1.1 s leaves the emulator's 1-per-second bucket (RATE-1) 100 ms for
    // jitter. How late a call is processed depends on the machine's load, so what is asserted is
    // the pacing the client controls; a call processed over 100 ms late is throttled and retried
    // (RATE-3), and lands all the same.
    const first = Math.min(...entered);
    const early = released
      .sort((a, b) => a - b)
      .map((t, k) => ({ k, after: Math.round(t - first) }))
      .filter(({ k, after }) => after < k * 1100);
    expect(released.length).to.be.at.least(3);
    expect(early, "attempts let go before their slot (ms after the first call)").to.deep.equal([]);
    expect(created.every((c) => c.$metadata.httpStatusCode === 200)).to.equal(true);
    const log = await t.admin.log();
    expect(log.filter((l) => l.outcome === "ok")).to.have.length(6);
  });

  it("RATE-3 rides out throttling from elsewhere with adaptive retries", async () => {
    await t.admin.fault({ operation: "CreateTrail", kind: "throttle", count: 2 });
    const ct = createCloudTrailClient({ region: "us-east-1", endpoint: t.emulator.url });
    const created = await ct.send(new CreateTrailCommand({ Name: "retried", S3BucketName: "bucket-a" }));
    expect(created.$metadata.attempts).to.equal(3);
  });
});
