import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CloudTrailClient,
  CreateEventDataStoreCommand,
  CreateTrailCommand,
  DeleteTrailCommand,
  DeregisterOrganizationDelegatedAdminCommand,
  GetTrailCommand,
  PutInsightSelectorsCommand,
  RegisterOrganizationDelegatedAdminCommand,
  StartEventDataStoreIngestionCommand,
  StartImportCommand,
  StartLoggingCommand,
  StopEventDataStoreIngestionCommand,
  UpdateEventDataStoreCommand,
  UpdateTrailCommand,
} from "@aws-sdk/client-cloudtrail";
import fc from "fast-check";
import { EmulatorAdmin, start } from "cloudtrail-emulator";
import { awsError, TEST_CREDENTIALS, useEmulator } from "../../test/support/emulator";
import { rawCall } from "../../test/support/raw";
import { requestTo, SERVICE_SHAPES } from "../../test/support/fuzz-requests";

const MANAGEMENT = "123456789012";
const MEMBERS = ["111111111111", "222222222222", "333333333333", "444444444444"];
const [A, B, C, D] = MEMBERS;
const OUTSIDER = "555555555555";
const BUCKET = "org-logs";

describe("emulator: organization delegated administrators (ORG-1 to ORG-6)", () => {
  const t = useEmulator();

  /** A client signing as `account` (the tests' own key signs as the management account). */
  async function as(account: string): Promise<CloudTrailClient> {
    const accessKeyId = `AKID${account}`;
    await t.admin.addCredential({ accessKeyId, secretAccessKey: "secret", account });
    return t.client("us-east-1", { credentials: { accessKeyId, secretAccessKey: "secret" } });
  }

  const register = (ct: CloudTrailClient, account: string) =>
    ct.send(new RegisterOrganizationDelegatedAdminCommand({ MemberAccountId: account }));
  const deregister = (ct: CloudTrailClient, account: string) =>
    ct.send(new DeregisterOrganizationDelegatedAdminCommand({ DelegatedAdminAccountId: account }));
  const organization = () => t.admin.organization({ managementAccount: MANAGEMENT, memberAccounts: MEMBERS });

  it("ORG-3, ORG-4: the management account registers members, each once, at most three, and deregisters them", async () => {
    const declared = await organization();
    expect(declared).to.deep.include({
      managementAccount: MANAGEMENT,
      memberAccounts: MEMBERS,
      delegatedAdmins: [],
    });
    expect(declared.id).to.match(/^o-[a-z0-9]{10}$/);
    const ct = t.client();
    for (const account of [A, B, C]) expect(await register(ct, account)).to.deep.include({});
    expect((await awsError(() => register(ct, D))).name).to.equal(
      "DelegatedAdminAccountLimitExceededException",
    );
    const again = await awsError(() => register(ct, A));
    expect(again.name).to.equal("AccountRegisteredException");
    expect(again.message).to.contain(A).and.contain("ORG-4");
    expect((await awsError(() => register(ct, MANAGEMENT))).name).to.equal(
      "CannotDelegateManagementAccountException",
    );
    expect((await awsError(() => register(ct, OUTSIDER))).name).to.equal("AccountNotFoundException");
    expect((await awsError(() => deregister(ct, D))).name).to.equal("AccountNotRegisteredException");
    await deregister(ct, A);
    await register(ct, D);
    expect((await organization()).delegatedAdmins).to.deep.equal([B, C, D]);
  });

  it("ORG-2: only the management account registers or deregisters; outside an organization there is none", async () => {
    expect((await awsError(() => register(t.client(), A))).name).to.equal("OrganizationsNotInUseException");
    await organization();
    await register(t.client(), A);
    const member = await as(B);
    const refused = await awsError(() => register(member, C));
    expect(refused.name).to.equal("NotOrganizationManagementAccountException");
    expect(refused.message).to.contain("ORG-2");
    // A delegated administrator cannot add or remove delegated administrators either.
    expect((await awsError(async () => deregister(await as(A), A))).name).to.equal(
      "NotOrganizationManagementAccountException",
    );
    expect((await awsError(async () => register(await as(OUTSIDER), A))).name).to.equal(
      "OrganizationsNotInUseException",
    );
    expect((await organization()).delegatedAdmins).to.deep.equal([A]);
  });

  it("ORG-1: an account id that is not 12 to 16 digits is refused with InvalidParameterException, nothing registered", async () => {
    await organization();
    for (const bad of ["12345", "12345678901a", "1".repeat(17), ""]) {
      const e = await awsError(() => register(t.client(), bad));
      expect(e.name, bad).to.equal("InvalidParameterException");
      expect(e.$metadata?.httpStatusCode).to.equal(400);
    }
    expect((await awsError(() => deregister(t.client(), "x"))).name).to.equal("InvalidParameterException");
    expect((await organization()).delegatedAdmins).to.deep.equal([]);
  });

  it("ORG-5: a delegated administrator makes and changes organization trails and stores, but converts none; a member cannot", async () => {
    await organization();
    const member = await as(A);
    const orgTrail = new CreateTrailCommand({ Name: "org", S3BucketName: BUCKET, IsOrganizationTrail: true });
    expect((await awsError(() => member.send(orgTrail))).name).to.equal(
      "NotOrganizationMasterAccountException",
    );
    await register(t.client(), A);
    expect((await member.send(orgTrail)).IsOrganizationTrail).to.equal(true);
    await member.send(new StartLoggingCommand({ Name: "org" }));
    await member.send(new UpdateTrailCommand({ Name: "org", S3KeyPrefix: "org" }));
    const unconvert = await awsError(() =>
      member.send(new UpdateTrailCommand({ Name: "org", IsOrganizationTrail: false })),
    );
    expect(unconvert.name).to.equal("NotOrganizationMasterAccountException");
    expect(unconvert.message).to.contain("ORG-5");
    await member.send(new CreateTrailCommand({ Name: "own", S3BucketName: BUCKET }));
    expect(
      (await awsError(() => member.send(new UpdateTrailCommand({ Name: "own", IsOrganizationTrail: true }))))
        .name,
    ).to.equal("NotOrganizationMasterAccountException");
    const store = await member.send(
      new CreateEventDataStoreCommand({
        Name: "org-store",
        OrganizationEnabled: true,
        TerminationProtectionEnabled: false,
      }),
    );
    expect(store.OrganizationEnabled).to.equal(true);
    await member.send(
      new UpdateEventDataStoreCommand({ EventDataStore: store.EventDataStoreArn, RetentionPeriod: 365 }),
    );
    expect(
      (
        await awsError(() =>
          member.send(
            new UpdateEventDataStoreCommand({
              EventDataStore: store.EventDataStoreArn,
              OrganizationEnabled: false,
            }),
          ),
        )
      ).name,
    ).to.equal("NotOrganizationMasterAccountException");
    await member.send(new StopEventDataStoreIngestionCommand({ EventDataStore: store.EventDataStoreArn }));
    // The management account converts its own trail.
    await t.client().send(new CreateTrailCommand({ Name: "mine", S3BucketName: BUCKET }));
    await t.client().send(new UpdateTrailCommand({ Name: "mine", IsOrganizationTrail: true }));
    // Deregistered, the account keeps what it made (ORG-5) but can no longer change it.
    await deregister(t.client(), A);
    expect((await member.send(new GetTrailCommand({ Name: "org" }))).Trail?.IsOrganizationTrail).to.equal(
      true,
    );
    const gone = await awsError(() => member.send(new DeleteTrailCommand({ Name: "org" })));
    expect(gone.name).to.equal("NotOrganizationMasterAccountException");
    expect(gone.message).to.contain("TRAIL-6");
    const ingestion = await awsError(() =>
      member.send(new StartEventDataStoreIngestionCommand({ EventDataStore: store.EventDataStoreArn })),
    );
    expect(ingestion.name).to.equal("NotOrganizationMasterAccountException");
  });

  it("ORG-6: only the management account enables Insights on an organization event data store or imports into one", async () => {
    await organization();
    await register(t.client(), A);
    const member = await as(A);
    const make = async (ct: CloudTrailClient, prefix: string) => {
      const source = await ct.send(
        new CreateEventDataStoreCommand({ Name: `${prefix}-org`, OrganizationEnabled: true }),
      );
      const insights = await ct.send(
        new CreateEventDataStoreCommand({
          Name: `${prefix}-insights`,
          AdvancedEventSelectors: [{ FieldSelectors: [{ Field: "eventCategory", Equals: ["Insight"] }] }],
        }),
      );
      return new PutInsightSelectorsCommand({
        EventDataStore: source.EventDataStoreArn,
        InsightsDestination: insights.EventDataStoreArn,
        InsightSelectors: [{ InsightType: "ApiCallRateInsight" }],
      });
    };
    const refused = await awsError(async () => member.send(await make(member, "delegated")));
    expect(refused.name).to.equal("NotOrganizationMasterAccountException");
    expect(refused.message).to.contain("ORG-6");
    // Nor does it copy trail events into one (StartImport knows no NotOrganizationMasterAccountException).
    const source = await member.send(
      new CreateEventDataStoreCommand({ Name: "imported", OrganizationEnabled: true }),
    );
    const imported = await awsError(() =>
      member.send(
        new StartImportCommand({
          Destinations: [source.EventDataStoreArn!],
          ImportSource: {
            S3: {
              S3LocationUri: "s3://org-logs/AWSLogs/",
              S3BucketRegion: "us-east-1",
              S3BucketAccessRoleArn: `arn:aws:iam::${A}:role/import`,
            },
          },
        }),
      ),
    );
    expect(imported.name).to.equal("OperationNotPermittedException");
    expect(imported.message).to.contain("ORG-6");
    const accepted = await t.client().send(await make(t.client(), "management"));
    expect(accepted.InsightSelectors).to.deep.equal([{ InsightType: "ApiCallRateInsight" }]);
  });

  it("the organization and its delegated administrators persist with the state file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "org-state-")), "state.json");
    const first = await start({ stateFile: file, rateScale: 0 });
    const client = (url: string) =>
      new CloudTrailClient({
        endpoint: url,
        region: "us-east-1",
        credentials: TEST_CREDENTIALS,
        maxAttempts: 1,
      });
    try {
      await new EmulatorAdmin(first.url).organization({ managementAccount: MANAGEMENT, memberAccounts: [A] });
      await register(client(first.url), A);
    } finally {
      await first.stop();
    }
    const second = await start({ stateFile: file, rateScale: 0 });
    try {
      expect((await awsError(() => register(client(second.url), A))).name).to.equal(
        "AccountRegisteredException",
      );
      await deregister(client(second.url), A);
    } finally {
      await second.stop();
    }
  });

  it("fuzzed Register/DeregisterOrganizationDelegatedAdmin requests: never 5xx, and a refusal changes no registration (seed 24, 200 requests)", async () => {
    await organization();
    const strings = [...MEMBERS, MANAGEMENT, OUTSIDER, "", "__proto__", "1234567890123", "x"];
    const request = requestTo(
      SERVICE_SHAPES.cloudtrail,
      ["RegisterOrganizationDelegatedAdmin", "DeregisterOrganizationDelegatedAdmin"],
      strings,
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ([operation, body]) => {
        const before = (await organization()).delegatedAdmins;
        const res = await rawCall(t.emulator.url, `CloudTrail_20131101.${operation}`, body);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${operation} ${body} → ${JSON.stringify(res.body)}`).to.be.below(500);
        const after = (await organization()).delegatedAdmins;
        if (res.status >= 400) expect(after, `${operation} ${body}`).to.deep.equal(before);
        expect(after.length).to.be.at.most(3);
      }),
      { seed: 24, numRuns: 200 },
    );
    // Both answers and refusals: the fuzz reaches past the first check.
    expect(statuses.get(200) ?? 0).to.be.above(5);
    expect(statuses.get(400) ?? 0).to.be.above(10);
  });
});
