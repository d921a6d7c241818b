import {
  CreateTrailCommand,
  DeleteTrailCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  ListTrailsCommand,
  PutEventSelectorsCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
  type CloudTrailClient,
} from "@aws-sdk/client-cloudtrail";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { expectNoChanges } from "../harness/expect";
import type { TrailSpec } from "../harness/programs/trail-spec";
import { awsError, useEmulator } from "../support/emulator";
import { HarnessStack } from "../harness/stack";
import { TRAIL_PROGRAM, expectRefreshShowsNoChange, trailStack } from "./support";

const BUCKET = "audit-logs";
const S3_DATA = {
  name: "S3 data events of the audit bucket",
  fieldSelectors: [
    { field: "eventCategory", equals: ["Data"] },
    { field: "resources.type", equals: ["AWS::S3::Object"] },
    { field: "resources.ARN", startsWith: [`arn:aws:s3:::${BUCKET}/`] },
  ],
};
const MANAGEMENT_WITHOUT_KMS = {
  name: "Management events except KMS",
  fieldSelectors: [
    { field: "eventCategory", equals: ["Management"] },
    { field: "eventSource", notEquals: ["kms.amazonaws.com"] },
  ],
};

/** The full example: a multi-region trail with S3 data events, management events without KMS, and Insights. */
const FULL: TrailSpec = {
  trail: { name: "org-audit", s3BucketName: BUCKET, isMultiRegionTrail: true, tags: { team: "security" } },
  selectors: { advancedEventSelectors: [S3_DATA, MANAGEMENT_WITHOUT_KMS] },
  insights: { insightTypes: ["ApiCallRateInsight", "ApiErrorRateInsight"] },
};

async function trailNames(client: CloudTrailClient): Promise<string[]> {
  return ((await client.send(new ListTrailsCommand({}))).Trails ?? []).map((t) => t.Name!).sort();
}

async function trail(client: CloudTrailClient, name: string) {
  return (await client.send(new GetTrailCommand({ Name: name }))).Trail!;
}

async function isLogging(client: CloudTrailClient, name: string): Promise<boolean> {
  return (await client.send(new GetTrailStatusCommand({ Name: name }))).IsLogging ?? false;
}

/** API calls per lifecycle step, printed at the end for the record (figures in the issue note). */
const callCounts: Record<string, string[]> = {};

describe("Trail, TrailEventSelectors, TrailInsightSelectors through the engine harness", function () {
  // The widest test makes ~33 harness runs: minutes on a machine shared with other suites.
  this.timeout(300_000);
  const t = useEmulator();

  after(() => {
    console.log("\n  API calls per lifecycle step (emulator request log):");
    for (const [step, calls] of Object.entries(callCounts)) {
      console.log(`    ${step}: ${calls.length}${calls.length ? ` (${calls.join(", ")})` : ""}`);
    }
  });

  it("full lifecycle: create, no-op up, refresh, preview, destroy — with the calls each step makes", async () => {
    const s = await trailStack(t);
    s.set(FULL);
    const created = await s.stack.up();
    expect(created.ok, created.summary).to.equal(true);
    expect(created.steps.map((x) => x.op)).to.deep.equal(["create", "create", "create"]);
    callCounts["create (trail + selectors + insights)"] = await s.calls();
    expect(callCounts["create (trail + selectors + insights)"]).to.have.members([
      "CreateTrail",
      "StartLogging",
      "PutEventSelectors",
      "PutInsightSelectors",
    ]);

    const aws = await trail(s.client, "org-audit");
    expect(aws).to.include({ IsMultiRegionTrail: true, S3BucketName: BUCKET, HasCustomEventSelectors: true });
    expect(await isLogging(s.client, "org-audit")).to.equal(true);
    const selectors = await s.client.send(new GetEventSelectorsCommand({ TrailName: "org-audit" }));
    expect(selectors.AdvancedEventSelectors?.map((x) => x.Name)).to.deep.equal([
      S3_DATA.name,
      MANAGEMENT_WITHOUT_KMS.name,
    ]);
    expect(created.outputs).to.include({ name: "org-audit", isLogging: true, arn: aws.TrailARN });
    await s.calls(); // the test's own reads above

    expectNoChanges(await s.stack.up());
    callCounts["second up, nothing changed"] = await s.calls();
    expect(callCounts["second up, nothing changed"]).to.deep.equal([]);

    // Selectors and Insights change what GetTrail reports of the trail: no output of the trail shows it.
    expectRefreshShowsNoChange(await s.stack.refresh());
    callCounts["refresh"] = await s.calls();
    expectNoChanges(await s.stack.up());
    expect(await s.calls()).to.deep.equal([]);

    s.set({ ...FULL, trail: { ...FULL.trail, s3KeyPrefix: "changed" } });
    const preview = await s.stack.preview();
    expect(preview.steps.filter((x) => x.op !== "same").map((x) => x.op)).to.deep.equal(["update"]);
    callCounts["preview with a change"] = await s.calls();
    expect(callCounts["preview with a change"]).to.deep.equal([]);

    s.set(FULL);
    const destroyed = await s.stack.destroy();
    expect(destroyed.ok, destroyed.summary).to.equal(true);
    callCounts["destroy"] = await s.calls();
    expect(await trailNames(s.client)).to.deep.equal([]);
    expect(s.stack.state().resources).to.deep.equal([]);
  });

  it("auto-names a trail from the resource name, the same in preview and up, another in another stack; keeps it across ups; replaces on rename", async () => {
    const s = await trailStack(t);
    s.set({ resource: "audit", trail: { s3BucketName: BUCKET } });
    const previewed = String((await s.stack.preview()).outputs.name);
    const first = await s.stack.up();
    const name = String(first.outputs.name);
    expect(name).to.match(/^audit-[0-9a-f]{7}$/);
    expect(name).to.equal(previewed);
    const prod = await trailStack(t, "us-east-1", "prod");
    prod.set({ resource: "audit", trail: { s3BucketName: BUCKET } });
    const prodName = String((await prod.stack.preview()).outputs.name);
    expect(prodName).to.match(/^audit-[0-9a-f]{7}$/);
    expect(prodName).to.not.equal(name);
    expectNoChanges(await s.stack.up());
    expect(await trailNames(s.client)).to.deep.equal([name]);

    s.set({ resource: "audit", trail: { name: "audit-renamed", s3BucketName: BUCKET } });
    await s.calls();
    const renamed = await s.stack.up();
    expect(renamed.steps[0]).to.include({ op: "replace" });
    expect(renamed.steps[0].diffs).to.deep.equal(["name"]);
    callCounts["replace (rename)"] = await s.calls();
    expect(await trailNames(s.client)).to.deep.equal(["audit-renamed"]);
    expectNoChanges(await s.stack.up());
  });

  it("updates every updatable property in place, one call per change, and never flaps", async function () {
    // 33 harness runs: more time than the others on a busy machine.
    this.timeout(360_000);
    await t.admin.register({
      s3Buckets: [BUCKET, "other-bucket"],
      snsTopics: ["trail-topic"],
      kmsKeys: ["alias/trail-key"],
      logGroups: ["arn:aws:logs:us-east-1:123456789012:log-group:trail:*"],
      iamRoles: ["arn:aws:iam::123456789012:role/trail-to-logs"],
      organizationAccounts: ["123456789012"],
    });
    const s = await trailStack(t);
    const base = { name: "settings", s3BucketName: BUCKET, tags: { team: "security", env: "prod" } };
    s.set({ trail: base });
    await s.stack.up();
    await s.calls();

    type Settings = TrailSpec["trail"];
    const changes: [string, Partial<Settings> | ((current: Settings) => Settings), string[]][] = [
      ["s3BucketName", { s3BucketName: "other-bucket" }, ["UpdateTrail"]],
      ["s3KeyPrefix added", { s3KeyPrefix: "cloudtrail" }, ["UpdateTrail"]],
      ["snsTopicName", { snsTopicName: "trail-topic" }, ["UpdateTrail"]],
      ["includeGlobalServiceEvents off", { includeGlobalServiceEvents: false }, ["UpdateTrail"]],
      // TRAIL-5: back on before the trail becomes multi-region.
      ["includeGlobalServiceEvents on", { includeGlobalServiceEvents: true }, ["UpdateTrail"]],
      ["isMultiRegionTrail", { isMultiRegionTrail: true }, ["UpdateTrail"]],
      ["enableLogFileValidation", { enableLogFileValidation: true }, ["UpdateTrail"]],
      [
        "cloudWatchLogs pair",
        {
          cloudWatchLogsLogGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:trail:*",
          cloudWatchLogsRoleArn: "arn:aws:iam::123456789012:role/trail-to-logs",
        },
        ["UpdateTrail"],
      ],
      ["kmsKeyId (alias)", { kmsKeyId: "alias/trail-key" }, ["UpdateTrail"]],
      ["isOrganizationTrail", { isOrganizationTrail: true }, ["UpdateTrail"]],
      [
        "one tag changed, one added",
        { tags: { team: "audit", env: "prod", owner: "platform" } },
        ["AddTags"],
      ],
      ["one tag removed", { tags: { team: "audit", owner: "platform" } }, ["RemoveTags"]],
      ["enableLogging false", { enableLogging: false }, ["StopLogging"]],
      ["enableLogging true", { enableLogging: true }, ["StartLogging"]],
      [
        "s3KeyPrefix, topic, key and log group removed",
        (current) =>
          without(current, [
            "s3KeyPrefix",
            "snsTopicName",
            "kmsKeyId",
            "cloudWatchLogsLogGroupArn",
            "cloudWatchLogsRoleArn",
          ]),
        ["UpdateTrail"],
      ],
    ];
    let current: Settings = base;
    for (const [label, change, expected] of changes) {
      current = typeof change === "function" ? change(current) : { ...current, ...change };
      s.set({ trail: current });
      const result = await s.stack.up();
      expect(result.ok, `${label}: ${result.summary}`).to.equal(true);
      expect(
        result.steps.map((x) => x.op),
        label,
      ).to.deep.equal(["update"]);
      const calls = await s.calls();
      expect(calls, label).to.deep.equal(expected);
      callCounts[`update: ${label}`] = calls;
      const again = await s.stack.up();
      expect(() => expectNoChanges(again), label).not.to.throw();
      await s.calls();
    }

    const aws = await trail(s.client, "settings");
    expect(aws).to.include({
      S3BucketName: "other-bucket",
      IsMultiRegionTrail: true,
      IsOrganizationTrail: true,
    });
    expect(aws.S3KeyPrefix ?? "").to.equal("");
    expect(aws.KmsKeyId).to.equal(undefined);
    expect(aws.SnsTopicARN).to.equal(undefined);
    expect(aws.CloudWatchLogsLogGroupArn).to.equal(undefined);
    const tags = await s.client.send(new ListTagsCommand({ ResourceIdList: [aws.TrailARN!] }));
    expect(tags.ResourceTagList?.[0].TagsList).to.have.deep.members([
      { Key: "team", Value: "audit" },
      { Key: "owner", Value: "platform" },
    ]);
    // Only the keys that changed travel: AddTags carried team and owner, not env.
    const refreshed = await s.stack.refresh();
    expect(refreshed.steps.filter((x) => x.op !== "same")).to.deep.equal([]);
    expectNoChanges(await s.stack.up());
  });

  it("refresh takes in drift made out of band, and the next up puts the declared settings back", async () => {
    const s = await trailStack(t);
    s.set(FULL);
    await s.stack.up();
    await s.client.send(new StopLoggingCommand({ Name: "org-audit" }));
    await s.client.send(new UpdateTrailCommand({ Name: "org-audit", S3KeyPrefix: "drifted" }));
    await s.client.send(
      new PutEventSelectorsCommand({
        TrailName: "org-audit",
        EventSelectors: [{ ReadWriteType: "WriteOnly", IncludeManagementEvents: true }],
      }),
    );
    await s.calls();

    const refreshed = await s.stack.refresh();
    await s.calls();
    const drift = Object.fromEntries(
      refreshed.steps.filter((x) => x.op === "refresh").map((x) => [x.name, x.diffs]),
    );
    expect(drift["audit"]).to.include.members(["enableLogging", "isLogging", "s3KeyPrefix"]);
    expect(drift["audit-selectors"]).to.include.members(["advancedEventSelectors", "eventSelectors"]);

    const up = await s.stack.up();
    expect(up.steps.filter((x) => x.op !== "same").map((x) => `${x.op} ${x.name}`)).to.have.members([
      "update audit",
      "update audit-selectors",
    ]);
    expect(await s.calls()).to.have.members(["UpdateTrail", "StartLogging", "PutEventSelectors"]);
    expect(await isLogging(s.client, "org-audit")).to.equal(true);
    expect((await trail(s.client, "org-audit")).S3KeyPrefix ?? "").to.equal("");
    expectNoChanges(await s.stack.up());
    await s.stack.destroy();
  });

  it("a trail deleted out of band leaves state at refresh, and up creates it again", async () => {
    const s = await trailStack(t);
    s.set(FULL);
    await s.stack.up();
    await s.client.send(new DeleteTrailCommand({ Name: "org-audit" }));
    const refreshed = await s.stack.refresh();
    expect(refreshed.steps.filter((x) => x.op === "gone").map((x) => x.name)).to.have.members([
      "audit",
      "audit-selectors",
      "audit-insights",
    ]);
    expect(s.stack.state().resources).to.deep.equal([]);
    const up = await s.stack.up();
    expect(up.ok, up.summary).to.equal(true);
    expect(up.steps.map((x) => x.op)).to.deep.equal(["create", "create", "create"]);
    expect(await isLogging(s.client, "org-audit")).to.equal(true);
    expectNoChanges(await s.stack.up());
    await s.stack.destroy();
    expect(await trailNames(s.client)).to.deep.equal([]);
  });

  it("selectors: basic to advanced in place, replaced when the trail changes, default put back on delete", async () => {
    const s = await trailStack(t);
    s.set({
      trail: { name: "sel", s3BucketName: BUCKET },
      selectors: {
        eventSelectors: [
          { readWriteType: "WriteOnly", excludeManagementEventSources: ["kms.amazonaws.com"] },
        ],
      },
    });
    await s.stack.up();
    expectNoChanges(await s.stack.up());

    s.set({
      trail: { name: "sel", s3BucketName: BUCKET },
      selectors: { advancedEventSelectors: [S3_DATA], by: "arn" },
    });
    await s.calls();
    const advanced = await s.stack.up();
    expect(advanced.steps.filter((x) => x.op !== "same").map((x) => x.op)).to.deep.equal(["update"]);
    expect(await s.calls()).to.deep.equal(["PutEventSelectors"]);
    expectNoChanges(await s.stack.up());

    s.set({
      trail: { name: "sel2", s3BucketName: BUCKET },
      selectors: { advancedEventSelectors: [S3_DATA] },
    });
    const moved = await s.stack.up();
    expect(moved.ok, moved.summary).to.equal(true);
    expect(moved.steps.map((x) => `${x.op} ${x.name}`)).to.deep.equal([
      "replace audit",
      "replace audit-selectors",
    ]);
    const onNew = await s.client.send(new GetEventSelectorsCommand({ TrailName: "sel2" }));
    expect(onNew.AdvancedEventSelectors).to.have.length(1);
    expect(await trailNames(s.client)).to.deep.equal(["sel2"]);

    s.set({ trail: { name: "sel2", s3BucketName: BUCKET } });
    await s.stack.up();
    const reset = await s.client.send(new GetEventSelectorsCommand({ TrailName: "sel2" }));
    expect(reset.AdvancedEventSelectors ?? []).to.deep.equal([]);
    expect(reset.EventSelectors).to.deep.equal([
      {
        ReadWriteType: "All",
        IncludeManagementEvents: true,
        DataResources: [],
        ExcludeManagementEventSources: [],
      },
    ]);
  });

  it("insights: update in place, and delete turns Insights off", async () => {
    const s = await trailStack(t);
    s.set({
      trail: { name: "ins", s3BucketName: BUCKET },
      insights: { insightTypes: ["ApiCallRateInsight"] },
    });
    await s.stack.up();
    s.set({
      trail: { name: "ins", s3BucketName: BUCKET },
      insights: { insightTypes: ["ApiErrorRateInsight", "ApiCallRateInsight"] },
    });
    await s.calls();
    const updated = await s.stack.up();
    expect(updated.steps.filter((x) => x.op !== "same").map((x) => `${x.op} ${x.name}`)).to.deep.equal([
      "update audit-insights",
    ]);
    expect(await s.calls()).to.deep.equal(["PutInsightSelectors"]);
    expect(updated.outputs.insightTypes).to.deep.equal(["ApiCallRateInsight", "ApiErrorRateInsight"]);
    // Reordering is not a change.
    s.set({
      trail: { name: "ins", s3BucketName: BUCKET },
      insights: { insightTypes: ["ApiCallRateInsight", "ApiErrorRateInsight"] },
    });
    expectNoChanges(await s.stack.up());

    s.set({ trail: { name: "ins", s3BucketName: BUCKET } });
    await s.stack.up();
    const err = await awsError(() => s.client.send(new GetInsightSelectorsCommand({ TrailName: "ins" })));
    expect(err.name).to.equal("InsightNotEnabledException");
  });

  it("an existing name is a clear error; adopt takes the trail over and brings it to the declared settings", async () => {
    const s = await trailStack(t);
    await s.client.send(
      new CreateTrailCommand({
        Name: "legacy",
        S3BucketName: "old-bucket",
        TagsList: [{ Key: "old", Value: "x" }],
      }),
    );
    s.set({ trail: { name: "legacy", s3BucketName: BUCKET, tags: { team: "security" } } });
    const refused = await s.stack.up();
    expect(refused.ok).to.equal(false);
    expect(refused.failure!.message).to.match(
      /trail "legacy" already exists in us-east-1 \(TRAIL-2\); set adopt: true/,
    );
    expect(s.stack.state().resources).to.deep.equal([]);

    s.set({ trail: { name: "legacy", s3BucketName: BUCKET, tags: { team: "security" }, adopt: true } });
    await s.calls();
    const adopted = await s.stack.up();
    expect(adopted.ok, adopted.summary).to.equal(true);
    expect(await s.calls()).to.deep.equal([
      "GetTrail",
      "GetTrailStatus",
      "ListTags",
      "UpdateTrail",
      "AddTags",
      "RemoveTags",
      "StartLogging",
    ]);
    expect(s.stack.state().resources[0].outputs).to.include({
      adopted: true,
      isLogging: true,
      s3BucketName: BUCKET,
    });
    expect(await trailNames(s.client)).to.deep.equal(["legacy"]);
    expectNoChanges(await s.stack.up());
  });

  it("adopt keeps what the trail has for every setting the program leaves out, and turns logging on", async () => {
    const s = await trailStack(t);
    const existing = await s.client.send(
      new CreateTrailCommand({
        Name: "org-wide",
        S3BucketName: BUCKET,
        S3KeyPrefix: "audit",
        IsMultiRegionTrail: true,
        EnableLogFileValidation: true,
        KmsKeyId: "alias/trail-key",
        SnsTopicName: "trail-topic",
        TagsList: [{ Key: "owner", Value: "security" }],
      }),
    );
    const before = await trail(s.client, "org-wide");
    await s.calls();
    // Declared: the name, the bucket (required) and the tags. Undeclared settings would otherwise
    // take their defaults: single-region, no validation, no key, no topic.
    const declared = {
      name: "org-wide",
      s3BucketName: BUCKET,
      tags: { owner: "security", team: "audit" },
      adopt: true,
    };
    s.set({ trail: declared });
    // StartLogging fails after AddTags: the trail is partly adopted, and stays adopted in state.
    await t.admin.fault({ operation: "StartLogging", kind: "internal", count: 3 });
    const partial = await s.stack.up();
    expect(partial.ok).to.equal(false);
    expect(partial.failure!.message).to.contain("StartLogging");
    expect(s.stack.state().resources[0].outputs).to.include({ adopted: true });
    await s.calls();
    const adopted = await s.stack.up();
    expect(adopted.ok, adopted.summary).to.equal(true);
    expect(await s.calls()).to.deep.equal(["StartLogging"]);
    expect(await trail(s.client, "org-wide")).to.deep.equal(before);
    const tags = await s.client.send(new ListTagsCommand({ ResourceIdList: [existing.TrailARN!] }));
    expect(tags.ResourceTagList?.[0].TagsList).to.have.deep.members([
      { Key: "owner", Value: "security" },
      { Key: "team", Value: "audit" },
    ]);
    expectNoChanges(await s.stack.up());
    expectRefreshShowsNoChange(await s.stack.refresh());
    expectNoChanges(await s.stack.up());
    await s.calls();

    // A replacement would make the new trail from the declared inputs alone: refused, naming what it would lose.
    s.set({ trail: { ...declared, name: "org-wide-2" } });
    const renamed = await s.stack.up();
    expect(renamed.ok).to.equal(false);
    expect(renamed.failure!.message).to.match(
      /trail "org-wide" was adopted and keeps settings the program does not declare \(.*isMultiRegionTrail: true.*enableLogFileValidation: true.*\)/,
    );
    expect(await s.calls()).to.deep.equal([]);
    expect(await trailNames(s.client)).to.deep.equal(["org-wide"]);
  });

  it("a trail ARN from another region is refused before any call, naming both regions (TRAIL-3)", async () => {
    const west = await trailStack(t, "us-west-2");
    west.set({
      trail: { name: "local", s3BucketName: BUCKET },
      selectors: {
        advancedEventSelectors: [MANAGEMENT_WITHOUT_KMS],
        trailRef: "arn:aws:cloudtrail:us-east-1:123456789012:trail/east",
      },
    });
    const result = await west.stack.up();
    expect(result.ok).to.equal(false);
    expect(result.failure).to.include({ name: "audit-selectors", operation: "create" });
    expect(result.failure!.message).to.match(
      /home region is us-east-1 but this stack's aws:region is us-west-2 \(TRAIL-3/,
    );
    // The west trail was made; nothing was sent about the east one.
    expect((await west.calls()).filter((op) => op !== "CreateTrail" && op !== "StartLogging")).to.deep.equal(
      [],
    );
  });

  it("bad input fails at check with the property path and rule, before any CloudTrail call", async () => {
    const s = await trailStack(t);
    s.set({
      trail: { name: "bad..name", s3BucketName: BUCKET },
      selectors: {
        advancedEventSelectors: [
          {
            fieldSelectors: [
              { field: "eventCategory", equals: ["Data"] },
              { field: "readOnly", equals: ["yes"] },
            ],
          },
        ],
      },
    });
    const preview = await s.stack.preview();
    expect(preview.ok).to.equal(false);
    expect(preview.failure!.checkFailures?.[0].property).to.equal("name");
    expect(preview.failure!.checkFailures?.[0].reason).to.match(/NAME-1/);
    expect(await s.calls()).to.deep.equal([]);

    // ES-7 is about the whole resource: the failure names it, and says what was given.
    s.set({
      trail: { name: "audit", s3BucketName: BUCKET },
      selectors: { eventSelectors: [{}], advancedEventSelectors: [MANAGEMENT_WITHOUT_KMS] },
    });
    const both = await s.stack.preview();
    expect(both.failure!.name).to.equal("audit-selectors");
    expect(both.failure!.message).to.equal(
      "resource 'audit-selectors' has a problem: give either eventSelectors or advancedEventSelectors, " +
        "not both and not neither (ES-7); got eventSelectors and advancedEventSelectors",
    );
    expect(await s.calls()).to.deep.equal([]);
  });

  it("VALIDATION-2 warnings reach the user: logged on the selectors resource, once, whether known at once or later", async () => {
    const s = await trailStack(t);
    const newField = {
      fieldSelectors: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
        { field: "tlsDetails.cipherSuite", equals: ["TLS_AES_128_GCM_SHA256"] },
      ],
    };
    const expected = {
      severity: "warning",
      message:
        "advancedEventSelectors[0].fieldSelectors[2].field: Field tlsDetails.cipherSuite is not one this package knows; AWS may reject it (VALIDATION-2)",
      urn: "urn:pulumi:dev::harness::pulumi-nodejs:dynamic/cloudtrail:TrailEventSelectors::audit-selectors",
    };
    for (const late of [false, true]) {
      s.set({
        trail: { name: "audit", s3BucketName: BUCKET },
        selectors: { advancedEventSelectors: [newField], late },
      });
      const preview = await s.stack.preview();
      expect(preview.ok, preview.summary).to.equal(true);
      expect(preview.diagnostics, `late: ${late}`).to.deep.equal([expected]);
    }
  });

  it("aws:profile without aws:region takes the profile's region and credentials, as the AWS CLI does", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-profile-"));
    const configFile = path.join(dir, "config");
    const credentialsFile = path.join(dir, "credentials");
    fs.writeFileSync(configFile, "[default]\nregion = us-west-2\n\n[profile audit]\nregion = eu-west-1\n");
    fs.writeFileSync(
      credentialsFile,
      "[default]\naws_access_key_id = AKIDDEFAULTPROFILE\naws_secret_access_key = default-secret\n\n" +
        "[audit]\naws_access_key_id = AKIDAUDITPROFILE\naws_secret_access_key = audit-secret\n",
    );
    await t.admin.addCredential({
      accessKeyId: "AKIDAUDITPROFILE",
      secretAccessKey: "audit-secret",
      account: "444455556666",
    });
    const stack = new HarnessStack({
      program: TRAIL_PROGRAM,
      workDir: dir,
      env: { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile },
      config: {
        "aws:profile": "audit",
        "cloudtrail:endpoint": t.emulator.url,
        "cloudtrail:maxAttempts": "1",
      },
    });
    stack.setSpec({ trail: { name: "audit", s3BucketName: BUCKET } });
    const up = await stack.up();
    expect(up.ok, up.summary).to.equal(true);
    expect(up.outputs.arn).to.equal("arn:aws:cloudtrail:eu-west-1:444455556666:trail/audit");
    expect((await stack.destroy()).ok).to.equal(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the serialized __provider of each kind stays under 4 KiB", async () => {
    const s = await trailStack(t);
    s.set(FULL);
    await s.stack.up();
    const sizes = Object.fromEntries(
      s.stack
        .state()
        .resources.map((r) => [r.type.split(":").pop()!, Buffer.byteLength(String(r.inputs.__provider))]),
    );
    console.log(`    __provider bytes per kind: ${JSON.stringify(sizes)}`);
    expect(Object.keys(sizes)).to.have.members(["Trail", "TrailEventSelectors", "TrailInsightSelectors"]);
    for (const size of Object.values(sizes)) expect(size).to.be.below(4096);
    await s.stack.destroy();
  });
});

function without<T extends object>(value: T, keys: string[]): T {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k))) as T;
}
