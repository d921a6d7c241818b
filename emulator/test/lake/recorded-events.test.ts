import {
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  GetTrailCommand,
  LookupEventsCommand,
} from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { useEmulator } from "../../../test/support/emulator";
import { createStore, query, storeId } from "../../../test/support/lake";

describe("recorded management events look like AWS's (userIdentity, sourceIPAddress, userAgent, requestID, ...)", () => {
  const t = useEmulator();

  /** A client signing with a key the emulator knows, as `username` of account 111122223333. */
  async function clientOf(
    accessKeyId: string,
    username: string,
    userAgent: string,
  ): Promise<CloudTrailClient> {
    await t.admin.addCredential({
      accessKeyId,
      secretAccessKey: "secret",
      account: "111122223333",
      username,
    });
    return new CloudTrailClient({
      endpoint: t.emulator.url,
      region: "us-east-1",
      credentials: { accessKeyId, secretAccessKey: "secret" },
      customUserAgent: userAgent,
      maxAttempts: 1,
    });
  }

  it("AWS's top-users query counts calls by the caller's ARN", async () => {
    const alice = await clientOf("AKIAALICE", "alice", "audit-bot/1.0");
    const store = storeId(await createStore(alice, "all-management"));
    await alice.send(new CreateTrailCommand({ Name: "trail-1", S3BucketName: "logs" }));
    await alice.send(new GetTrailCommand({ Name: "trail-1" }));
    const bob = await clientOf("ASIABOBSESSION", "deployer", "terraform/1.9");
    await bob.send(new DeleteTrailCommand({ Name: "trail-1" }));
    const rows = await query(
      alice,
      `SELECT userIdentity.arn AS "user", COUNT(*) AS calls FROM ${store}
       WHERE userIdentity.arn IS NOT NULL GROUP BY userIdentity.arn ORDER BY calls DESC`,
    );
    expect(rows).to.deep.equal([
      // CreateEventDataStore (the store receives its own creation), CreateTrail, GetTrail.
      { user: "arn:aws:iam::111122223333:user/alice", calls: "3" },
      { user: "arn:aws:sts::111122223333:assumed-role/deployer/ASIABOBSESSION", calls: "1" },
    ]);
    const detail = await query(
      alice,
      `SELECT userIdentity.type AS type, sourceIPAddress AS ip, userAgent AS agent, readOnly AS ro,
       managementEvent AS mgmt, recipientAccountId AS account, eventType AS kind
       FROM ${store} WHERE eventName = 'GetTrail'`,
    );
    expect(detail).to.have.length(1);
    expect(detail[0]).to.include({
      type: "IAMUser",
      ip: "127.0.0.1",
      ro: "true",
      mgmt: "true",
      kind: "AwsApiCall",
    });
    expect(detail[0]).to.include({ account: "111122223333" });
    expect(detail[0].agent).to.contain("audit-bot/1.0").and.contain("aws-sdk-js");
  });

  it("LookupEvents' CloudTrailEvent carries the request id answered, the event id, and the error of a failed call", async () => {
    const alice = await clientOf("AKIAALICE", "alice", "audit-bot/1.0");
    const failed = await alice.send(new GetTrailCommand({ Name: "missing" })).then(
      () => expect.fail("expected TrailNotFoundException"),
      (e: { $metadata: { requestId?: string }; message: string }) => e,
    );
    const { Events } = await alice.send(new LookupEventsCommand({}));
    expect(Events).to.have.length(1);
    const record = JSON.parse(Events![0].CloudTrailEvent!) as Record<string, unknown>;
    expect(record).to.deep.include({
      eventVersion: "1.09",
      eventID: Events![0].EventId,
      requestID: failed.$metadata.requestId,
      errorCode: "TrailNotFoundException",
      errorMessage: failed.message,
      sourceIPAddress: "127.0.0.1",
      awsRegion: "us-east-1",
      recipientAccountId: "111122223333",
      readOnly: true,
      managementEvent: true,
      eventCategory: "Management",
    });
    expect(record.userIdentity).to.deep.include({
      type: "IAMUser",
      arn: "arn:aws:iam::111122223333:user/alice",
      accountId: "111122223333",
      accessKeyId: "AKIAALICE",
      userName: "alice",
    });
    expect((record.userIdentity as { principalId: string }).principalId).to.match(/^AIDA[A-Z2-7]{17}$/);
  });
});
