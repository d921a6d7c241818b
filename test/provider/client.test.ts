import { expect } from "chai";
import { CreateTrailCommand, GetTrailCommand } from "@aws-sdk/client-cloudtrail";
import { createCloudTrailClient } from "../../provider/client";
import { TEST_CREDENTIALS, useEmulator } from "../support/emulator";

describe("provider: shared CloudTrail client", () => {
  const t = useEmulator({ rateScale: 1 });
  before(() => {
    process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  });

  it("RATE-1 paces mutating calls so that a burst at AWS's limits is never throttled", async () => {
    const ct = createCloudTrailClient({ region: "us-east-1", endpoint: t.emulator.url });
    await Promise.all(
      [1, 2, 3].map((i) => ct.send(new CreateTrailCommand({ Name: `paced-${i}`, S3BucketName: "bucket-a" }))),
    );
    await Promise.all([1, 2, 3].map((i) => ct.send(new GetTrailCommand({ Name: `paced-${i}` }))));
    const log = await t.admin.log();
    expect(log.filter((l) => l.outcome === "ok")).to.have.length(6);
    expect(log.filter((l) => l.outcome === "ThrottlingException")).to.deep.equal([]);
  });

  it("RATE-3 rides out throttling from elsewhere with adaptive retries", async () => {
    await t.admin.fault({ operation: "CreateTrail", kind: "throttle", count: 2 });
    const ct = createCloudTrailClient({ region: "us-east-1", endpoint: t.emulator.url });
    const created = await ct.send(new CreateTrailCommand({ Name: "retried", S3BucketName: "bucket-a" }));
    expect(created.$metadata.attempts).to.equal(3);
  });
});
