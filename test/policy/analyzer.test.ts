import * as path from "node:path";
import { expect } from "chai";
import { POLICY_NAMES } from "../../policy/policies";
import { TYPES as POLICY_RESOURCE_TYPES } from "../../policy/resources";
import { PolicyPackAnalyzer, type Violation } from "../harness/analyzer";
import { HarnessStack, PACKAGE_ROOT } from "../harness/stack";
import type { PolicyProgramSpec } from "./programs/spec";
import {
  COMPLIANT_ADVANCED,
  COMPLIANT_ADVANCED_AWS,
  COMPLIANT_SETTINGS,
  KMS_KEY,
  LOG_BUCKET,
  LOG_GROUP,
} from "./fixtures";

const PACK_DIR = path.join(PACKAGE_ROOT, "policy");
const PROGRAM = path.join(__dirname, "programs", "cloudtrail.js");
const P = POLICY_NAMES;
const ENV = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };

/** policy, resource name ("" for the stack), enforcement level: what a reviewer reads in the preview. */
type Row = [string, string, Violation["level"]];

function rows(violations: Violation[]): Row[] {
  return violations
    .map((v): Row => [v.policy, v.resource, v.level])
    .sort((a, b) => a.join().localeCompare(b.join()));
}

function sorted(expected: Row[]): Row[] {
  return [...expected].sort((a, b) => a.join().localeCompare(b.join()));
}

/**
 * What a trail that fails every trail check reports; the loop is reported on the resource carrying
 * the selectors; a stopped trail also fails Security Hub CloudTrail.3.
 */
function trailFailures(selectorsResource: string, stopped = true): Row[] {
  return [
    ...(stopped ? [[P.trailLogging, "", "mandatory"] as Row] : []),
    [P.multiRegionTrail, "", "mandatory"],
    [P.logFileValidation, "audit", "mandatory"],
    [P.kmsEncryption, "audit", "advisory"],
    [P.cloudWatchLogs, "audit", "advisory"],
    [P.s3ObjectWrites, "", "advisory"],
    [P.s3ObjectReads, "", "advisory"],
    [P.logBucketFeedbackLoop, selectorsResource, "mandatory"],
  ];
}

describe("the CIS CloudTrail policy pack through the analyzer protocol", function () {
  this.timeout(120_000);
  let pack: PolicyPackAnalyzer;

  before(async function () {
    // The pack is a workspace: its dependencies are installed at the root, where node finds them.
    for (const dependency of ["@pulumi/policy", "pulumi-cloudtrail"]) {
      try {
        require.resolve(dependency, { paths: [PACK_DIR] });
      } catch {
        throw new Error(`${dependency} is not installed for policy/: run \`make install\``);
      }
    }
    pack = await PolicyPackAnalyzer.start(PACK_DIR);
  });

  after(async () => pack?.stop());

  /** A harness preview of the policy test program, then Analyze per resource and AnalyzeStack. */
  async function previewViolations(spec: PolicyProgramSpec): Promise<Violation[]> {
    const stack = new HarnessStack({ program: PROGRAM, config: { "aws:region": "us-east-1" }, env: ENV });
    stack.setSpec(spec);
    const preview = await stack.preview();
    expect(preview.ok, preview.summary).to.equal(true);
    return pack.analyzePreview(preview.resources);
  }

  it("GetAnalyzerInfo: every policy with its description, remediation, kind and default level", async () => {
    const info = await pack.info();
    expect(info.name).to.equal("cloudtrail-cis");
    const byName = Object.fromEntries(info.policies.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).to.deep.equal(Object.values(P).sort());
    for (const p of info.policies) {
      expect(p.description, p.name).to.not.equal("");
      expect(p.remediation, p.name).to.not.equal("");
    }
    const levels = Object.fromEntries(info.policies.map((p) => [p.name, `${p.type}/${p.level}`]));
    expect(levels).to.deep.equal({
      [P.multiRegionTrail]: "stack/mandatory",
      [P.trailLogging]: "stack/mandatory",
      [P.storeKmsEncryption]: "resource/advisory",
      [P.logFileValidation]: "resource/mandatory",
      [P.kmsEncryption]: "resource/advisory",
      [P.s3ObjectWrites]: "stack/advisory",
      [P.s3ObjectReads]: "stack/advisory",
      [P.cloudWatchLogs]: "resource/advisory",
      [P.selectorsValid]: "resource/mandatory",
      [P.logBucketFeedbackLoop]: "stack/mandatory",
      [P.storeTerminationProtection]: "resource/advisory",
      [P.storeForcedDestroy]: "resource/advisory",
      [P.dashboardTerminationProtection]: "resource/advisory",
    });
    // Every CIS policy names its recommendation in each numbering: section 3 (v3-v5), section 4 (v6-v7).
    for (const [policy, n] of [
      [P.multiRegionTrail, "1"],
      [P.logFileValidation, "2"],
      [P.kmsEncryption, "5"],
      [P.s3ObjectWrites, "8"],
      [P.s3ObjectReads, "9"],
    ]) {
      expect(byName[policy].description, policy).to.contain(
        `CIS 3.${n} (v3.0.0-v5.0.0) / 4.${n} (v6.0.0-v7.0.0)`,
      );
      expect(byName[policy].frameworkReference, policy).to.equal(
        `3.${n} (v3.0.0-v5.0.0); 4.${n} (v6.0.0-v7.0.0)`,
      );
    }
    expect(byName[P.trailLogging].description).to.match(/^Security Hub CloudTrail\.3: /);
    expect(byName[P.storeKmsEncryption].description).to.match(/^Security Hub CloudTrail\.10: /);
  });

  it("examples/org-audit-trail: no mandatory violation; the Level 2 controls it leaves out are advisories", async () => {
    const stack = new HarnessStack({
      program: path.join(PACKAGE_ROOT, "dist", "examples", "org-audit-trail", "index.js"),
      projectDir: path.join(PACKAGE_ROOT, "examples", "org-audit-trail"),
      project: "org-audit-trail",
      config: { "aws:region": "us-east-1" },
      env: ENV,
    });
    const preview = await stack.preview();
    expect(preview.ok, preview.summary).to.equal(true);
    const found = await pack.analyzePreview(preview.resources);
    expect(found.filter((v) => v.level === "mandatory")).to.deep.equal([]);
    expect(rows(found)).to.deep.equal(
      sorted([
        [P.kmsEncryption, "org-audit", "advisory"],
        [P.cloudWatchLogs, "org-audit", "advisory"],
        [P.s3ObjectWrites, "", "advisory"],
        [P.s3ObjectReads, "", "advisory"],
      ]),
    );
  });

  it("examples/org-audit-trail with its data bucket set to its log bucket: the feedback loop is mandatory", async () => {
    const stack = new HarnessStack({
      program: path.join(PACKAGE_ROOT, "dist", "examples", "org-audit-trail", "index.js"),
      projectDir: path.join(PACKAGE_ROOT, "examples", "org-audit-trail"),
      project: "org-audit-trail",
      config: { "aws:region": "us-east-1", "org-audit-trail:dataBucket": "org-audit-logs" },
      env: ENV,
    });
    const preview = await stack.preview();
    const found = await pack.analyzePreview(preview.resources);
    expect(found.filter((v) => v.level === "mandatory").map((v) => [v.policy, v.resource])).to.deep.equal([
      [P.logBucketFeedbackLoop, "org-audit-selectors"],
    ]);
  });

  describe("pulumi-cloudtrail (Trail, TrailEventSelectors, TrailInsightSelectors)", () => {
    it("passes: a compliant trail with selectors and Insights has no violation", async () => {
      const found = await previewViolations({
        trails: [
          {
            resource: "audit",
            args: { ...COMPLIANT_SETTINGS, cloudWatchLogsLogGroupArn: LOG_GROUP },
            // By ARN, unknown until the trail exists: the engine's property dependencies link them.
            selectors: { advancedEventSelectors: COMPLIANT_ADVANCED, by: "arn" },
            insights: { insightTypes: ["ApiCallRateInsight"] },
          },
        ],
      });
      expect(rows(found)).to.deep.equal([]);
    });

    it("fails: single-region, not logging, no digests, no CMK, no CloudWatch, read-only management, its own log bucket's writes", async () => {
      const found = await previewViolations({
        trails: [
          {
            resource: "audit",
            args: { s3BucketName: LOG_BUCKET, enableLogging: false },
            selectors: {
              advancedEventSelectors: [
                {
                  fieldSelectors: [
                    { field: "eventCategory", equals: ["Management"] },
                    { field: "readOnly", equals: ["true"] },
                  ],
                },
                {
                  fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::S3::Object"] },
                    { field: "resources.ARN", startsWith: [`arn:aws:s3:::${LOG_BUCKET}/`] },
                  ],
                },
              ],
            },
          },
        ],
      });
      expect(rows(found)).to.deep.equal(sorted(trailFailures("audit-selectors")));
      const cis31 = found.find((v) => v.policy === P.multiRegionTrail)!;
      expect(cis31.message).to.contain(
        "is single-region, is not logging, does not log write management events",
      );
    });

    it("fails VALIDATION-1: preview stops at the provider's check, and Analyze of the same inputs reports it", async () => {
      const bad = { readOnly: ["yes"] };
      const selectors = {
        advancedEventSelectors: [
          {
            fieldSelectors: [
              { field: "eventCategory", equals: ["Management"] },
              { field: "readOnly", equals: bad.readOnly },
            ],
          },
        ],
      };
      const stack = new HarnessStack({
        program: PROGRAM,
        config: { "aws:region": "us-east-1" },
        env: ENV,
      });
      stack.setSpec({
        trails: [
          {
            resource: "audit",
            args: { ...COMPLIANT_SETTINGS, cloudWatchLogsLogGroupArn: LOG_GROUP },
            selectors,
          },
        ],
      });
      const preview = await stack.preview();
      expect(preview.failure?.operation).to.equal("check");
      // The engine analyzes only checked inputs, so it never sends these; the protocol still judges them.
      const found = await pack.analyze({
        urn: "urn:pulumi:dev::harness::pulumi-nodejs:dynamic/cloudtrail:TrailEventSelectors::audit-selectors",
        type: POLICY_RESOURCE_TYPES.trailEventSelectors,
        name: "audit-selectors",
        inputs: { trail: "audit", ...selectors },
      });
      expect(rows(found)).to.deep.equal([[P.selectorsValid, "audit-selectors", "mandatory"]]);
      expect(found[0].message).to.contain("advancedEventSelectors[0].fieldSelectors[1].equals[0]");
      expect(preview.failure?.message).to.contain("advancedEventSelectors[0].fieldSelectors[1].equals[0]");
    });

    it("event data stores: Analyze of its inputs flags protection off, a forced destroy, and no customer-managed key (CloudTrail.10)", async () => {
      const analyze = (name: string, inputs: Record<string, string | boolean>) =>
        pack.analyze({
          urn: `urn:pulumi:dev::harness::${POLICY_RESOURCE_TYPES.eventDataStore["pulumi-cloudtrail"]}::${name}`,
          type: POLICY_RESOURCE_TYPES.eventDataStore["pulumi-cloudtrail"],
          name,
          inputs,
        });
      const key = { kmsKeyId: KMS_KEY };
      expect(rows(await analyze("kept", { terminationProtectionEnabled: true, ...key }))).to.deep.equal([]);
      expect(rows(await analyze("open", { terminationProtectionEnabled: false, ...key }))).to.deep.equal([
        [P.storeTerminationProtection, "open", "advisory"],
      ]);
      expect(rows(await analyze("forced", { forceDestroy: true, ...key }))).to.deep.equal([
        [P.storeForcedDestroy, "forced", "advisory"],
      ]);
      expect(rows(await analyze("plain", {}))).to.deep.equal([[P.storeKmsEncryption, "plain", "advisory"]]);
      const managed = await analyze("managed", { kmsKeyId: "alias/aws/cloudtrail" });
      expect(rows(managed)).to.deep.equal([[P.storeKmsEncryption, "managed", "advisory"]]);
      expect(managed[0].message).to.contain("alias/aws/cloudtrail is an AWS-managed key");
    });

    it("dashboards: Analyze flags a dashboard without termination protection (AWS's default), of either flavour", async () => {
      const analyze = (type: string, name: string, inputs: Record<string, string | boolean>) =>
        pack.analyze({ urn: `urn:pulumi:dev::harness::${type}::${name}`, type, name, inputs });
      const ours = POLICY_RESOURCE_TYPES.dashboard["pulumi-cloudtrail"];
      const native = POLICY_RESOURCE_TYPES.dashboard["aws-native"];
      expect(
        rows(await analyze(ours, "kept", { name: "kept", terminationProtectionEnabled: true })),
      ).to.deep.equal([]);
      expect(rows(await analyze(ours, "open", { name: "open" }))).to.deep.equal([
        [P.dashboardTerminationProtection, "open", "advisory"],
      ]);
      expect(rows(await analyze(native, "native", { terminationProtectionEnabled: false }))).to.deep.equal([
        [P.dashboardTerminationProtection, "native", "advisory"],
      ]);
    });
  });

  describe("pulumi-aws (aws:cloudtrail/trail:Trail, aws:cloudtrail/eventDataStore:EventDataStore)", () => {
    it("passes: a compliant trail with inline advanced selectors, and a protected store", async () => {
      const found = await previewViolations({
        resources: [
          {
            type: "aws:cloudtrail/trail:Trail",
            name: "audit",
            props: {
              ...COMPLIANT_SETTINGS,
              cloudWatchLogsGroupArn: LOG_GROUP,
              advancedEventSelectors: COMPLIANT_ADVANCED_AWS,
              insightSelectors: [{ insightType: "ApiCallRateInsight" }],
            },
          },
          {
            type: "aws:cloudtrail/eventDataStore:EventDataStore",
            name: "lake",
            props: { name: "lake", kmsKeyId: KMS_KEY },
          },
        ],
      });
      expect(rows(found)).to.deep.equal([]);
    });

    it("fails: basic selectors with read-only management events and its own bucket's writes, a bad insight type, an open store", async () => {
      const found = await previewViolations({
        resources: [
          {
            type: "aws:cloudtrail/trail:Trail",
            name: "audit",
            props: {
              s3BucketName: LOG_BUCKET,
              eventSelectors: [
                { readWriteType: "ReadOnly", includeManagementEvents: true },
                {
                  readWriteType: "WriteOnly",
                  includeManagementEvents: false,
                  dataResources: [{ type: "AWS::S3::Object", values: [`arn:aws:s3:::${LOG_BUCKET}/`] }],
                },
              ],
              insightSelectors: [{ insightType: "ApiCallRate" }],
            },
          },
          {
            type: "aws:cloudtrail/eventDataStore:EventDataStore",
            name: "lake",
            props: { name: "lake", terminationProtectionEnabled: false },
          },
        ],
      });
      expect(rows(found)).to.deep.equal(
        sorted([
          ...trailFailures("audit", false),
          [P.selectorsValid, "audit", "mandatory"],
          [P.storeTerminationProtection, "lake", "advisory"],
          [P.storeKmsEncryption, "lake", "advisory"],
        ]),
      );
      expect(found.find((v) => v.policy === P.selectorsValid)!.message).to.contain("insightTypes[0]");
    });
  });

  describe("aws-native (aws-native:cloudtrail:Trail, aws-native:cloudtrail:EventDataStore)", () => {
    it("passes: a compliant, logging trail with inline advanced selectors, and a store with AWS's default protection", async () => {
      const found = await previewViolations({
        resources: [
          {
            type: "aws-native:cloudtrail:Trail",
            name: "audit",
            props: {
              ...COMPLIANT_SETTINGS,
              isLogging: true,
              cloudWatchLogsLogGroupArn: LOG_GROUP,
              advancedEventSelectors: COMPLIANT_ADVANCED,
              insightSelectors: [{ insightType: "ApiErrorRateInsight" }],
            },
          },
          { type: "aws-native:cloudtrail:EventDataStore", name: "lake", props: { kmsKeyId: KMS_KEY } },
        ],
      });
      expect(rows(found)).to.deep.equal([]);
    });

    it("fails: not logging, an AWS-managed key, all buckets' writes with basic selectors (its own included), an ES-6 exclusion, an open store", async () => {
      const found = await previewViolations({
        resources: [
          {
            type: "aws-native:cloudtrail:Trail",
            name: "audit",
            props: {
              s3BucketName: LOG_BUCKET,
              isLogging: false,
              isMultiRegionTrail: true,
              kmsKeyId: "alias/aws/cloudtrail",
              eventSelectors: [
                {
                  readWriteType: "All",
                  includeManagementEvents: true,
                  excludeManagementEventSources: ["s3.amazonaws.com"],
                  dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }],
                },
              ],
            },
          },
          {
            type: "aws-native:cloudtrail:EventDataStore",
            name: "lake",
            props: { terminationProtectionEnabled: false },
          },
        ],
      });
      expect(rows(found)).to.deep.equal(
        sorted([
          ...trailFailures("audit"),
          [P.selectorsValid, "audit", "mandatory"],
          [P.storeTerminationProtection, "lake", "advisory"],
          [P.storeKmsEncryption, "lake", "advisory"],
        ]),
      );
      expect(found.find((v) => v.policy === P.selectorsValid)!.message).to.contain("ES-6");
      expect(found.find((v) => v.policy === P.trailLogging)!.message).to.contain(
        "no trail is logging: trail audit is stopped",
      );
    });
  });
});
