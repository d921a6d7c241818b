import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { unknownCheckingProxy } from "@pulumi/policy";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { expect } from "chai";
import {
  POLICY_NAMES,
  checkCloudWatchLogs,
  checkKmsEncryption,
  checkLogBucketFeedbackLoop,
  checkLogFileValidation,
  checkMultiRegionTrail,
  checkS3ObjectEvents,
  checkSelectorsValid,
  checkStoreForcedDestroy,
  checkStoreKmsEncryption,
  checkStoreTerminationProtection,
  checkTrailLogging,
  cloudTrailPolicies,
  resolveTrails,
  type StackResource,
} from "../../policy/policies";
import { TYPES, trailView, type Flavour, type Selectors } from "../../policy/resources";
import { COMPLIANT_ADVANCED, KMS_KEY, LOG_BUCKET, LOG_GROUP, LOG_ROLE } from "./fixtures";

const FLAVOURS: Flavour[] = ["pulumi-cloudtrail", "aws", "aws-native"];

/** A trail's settings, spelled per flavour by {@link trail}. */
interface Settings {
  name?: string;
  multiRegion?: boolean;
  logging?: boolean;
  validation?: boolean;
  kms?: string;
  cloudWatch?: boolean;
  keyPrefix?: string;
  selectors?: Selectors;
}

const GOOD: Settings = { multiRegion: true, logging: true, validation: true, kms: KMS_KEY, cloudWatch: true };

/** pulumi-aws spells advanced selector operators in the plural. */
function awsAdvanced(advanced: Selectors["advancedEventSelectors"]): unknown {
  return advanced?.map((s) => ({
    ...s,
    fieldSelectors: s.fieldSelectors.map((f) =>
      Object.fromEntries(
        Object.entries(f).map(([k, v]) => [["field", "equals", "notEquals"].includes(k) ? k : `${k}s`, v]),
      ),
    ),
  }));
}

/**
 * A stack with one trail of `flavour`: its resources as AnalyzeStack gives them (this package's
 * selectors are a TrailEventSelectors naming the trail; the others carry them inline).
 */
function trail(flavour: Flavour, s: Settings): StackResource[] {
  const name = s.name ?? "audit";
  const common = {
    s3BucketName: LOG_BUCKET,
    ...(s.keyPrefix ? { s3KeyPrefix: s.keyPrefix } : {}),
    isMultiRegionTrail: s.multiRegion ?? false,
    enableLogFileValidation: s.validation ?? false,
    ...(s.kms ? { kmsKeyId: s.kms } : {}),
    ...(s.cloudWatch ? { cloudWatchLogsRoleArn: LOG_ROLE } : {}),
  };
  const urn = (type: string, n: string) => `urn:pulumi:dev::p::${type}::${n}`;
  if (flavour === "pulumi-cloudtrail") {
    const resources: StackResource[] = [
      {
        type: TYPES.trail[flavour],
        urn: urn(TYPES.trail[flavour], name),
        name,
        props: {
          ...common,
          name,
          enableLogging: s.logging ?? true,
          ...(s.cloudWatch ? { cloudWatchLogsLogGroupArn: LOG_GROUP } : {}),
        },
      },
    ];
    if (s.selectors) {
      resources.push({
        type: TYPES.trailEventSelectors,
        urn: urn(TYPES.trailEventSelectors, `${name}-selectors`),
        name: `${name}-selectors`,
        props: { trail: name, ...s.selectors },
      });
    }
    return resources;
  }
  const inline = {
    ...(s.selectors?.eventSelectors ? { eventSelectors: s.selectors.eventSelectors } : {}),
    ...(s.selectors?.advancedEventSelectors
      ? {
          advancedEventSelectors:
            flavour === "aws"
              ? awsAdvanced(s.selectors.advancedEventSelectors)
              : s.selectors.advancedEventSelectors,
        }
      : {}),
  };
  const props =
    flavour === "aws"
      ? {
          ...common,
          name,
          enableLogging: s.logging ?? true,
          ...(s.cloudWatch ? { cloudWatchLogsGroupArn: LOG_GROUP } : {}),
          ...inline,
        }
      : {
          ...common,
          trailName: name,
          isLogging: s.logging ?? true,
          ...(s.cloudWatch ? { cloudWatchLogsLogGroupArn: LOG_GROUP } : {}),
          ...inline,
        };
  return [{ type: TYPES.trail[flavour], urn: urn(TYPES.trail[flavour], name), name, props }];
}

/** The resource checks see the trail resource alone. */
function trailResource(flavour: Flavour, s: Settings): StackResource {
  return trail(flavour, s)[0];
}

const S3_ALL_BASIC: Selectors = {
  eventSelectors: [
    {
      readWriteType: "All",
      includeManagementEvents: true,
      dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }],
    },
  ],
};

function s3Advanced(readOnly: string[] | undefined, arn?: Record<string, string[]>): Selectors {
  return {
    advancedEventSelectors: [
      { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
      {
        name: "S3",
        fieldSelectors: [
          { field: "eventCategory", equals: ["Data"] },
          { field: "resources.type", equals: ["AWS::S3::Object"] },
          ...(readOnly ? [{ field: "readOnly", equals: readOnly }] : []),
          ...(arn ? [{ field: "resources.ARN", ...arn }] : []),
        ],
      },
    ],
  };
}

describe("CIS CloudTrail policies (pure functions, per flavour)", () => {
  describe("resource types", () => {
    it("tells this package's kinds apart by their type token, and maps each flavour's trail to one shape", () => {
      expect(TYPES.trail["pulumi-cloudtrail"]).to.equal("pulumi-nodejs:dynamic/cloudtrail:Trail");
      for (const flavour of FLAVOURS) {
        const r = trailResource(flavour, { ...GOOD, keyPrefix: "ct", selectors: s3Advanced(undefined) });
        const view = trailView(r.type, r.props)!;
        expect(view, flavour).to.include({
          flavour,
          name: "audit",
          s3BucketName: LOG_BUCKET,
          s3KeyPrefix: "ct",
          multiRegion: true,
          logging: true,
          logFileValidation: true,
          kmsKeyId: KMS_KEY,
          cloudWatchLogsLogGroupArn: LOG_GROUP,
          cloudWatchLogsRoleArn: LOG_ROLE,
        });
        if (flavour !== "pulumi-cloudtrail")
          expect(view.selectors, flavour).to.deep.equal(s3Advanced(undefined));
      }
      expect(trailView("pulumi-nodejs:dynamic:Resource", {})).to.equal(undefined);
      expect(trailView(TYPES.trailEventSelectors, {})).to.equal(undefined);
    });
  });

  for (const flavour of FLAVOURS) {
    describe(flavour, () => {
      const check = (fn: (type: string, props: Record<string, unknown>) => string[], s: Settings) => {
        const r = trailResource(flavour, s);
        return fn(r.type, r.props);
      };

      it("CIS 3.2: passes with log file validation, fails without", () => {
        expect(check(checkLogFileValidation, GOOD)).to.deep.equal([]);
        expect(check(checkLogFileValidation, { ...GOOD, validation: false })[0]).to.contain(
          "log file validation is off",
        );
      });

      it("CIS 3.5: passes with a customer-managed key, fails with none or an AWS-managed alias", () => {
        expect(check(checkKmsEncryption, GOOD)).to.deep.equal([]);
        expect(check(checkKmsEncryption, { ...GOOD, kms: "alias/audit-logs" })).to.deep.equal([]);
        expect(check(checkKmsEncryption, { ...GOOD, kms: undefined })[0]).to.contain(
          "not a customer-managed KMS key",
        );
        expect(check(checkKmsEncryption, { ...GOOD, kms: "alias/aws/s3" })[0]).to.contain("AWS-managed key");
      });

      it("CloudWatch Logs: passes with a log group and role, fails without", () => {
        expect(check(checkCloudWatchLogs, GOOD)).to.deep.equal([]);
        expect(check(checkCloudWatchLogs, { ...GOOD, cloudWatch: false })[0]).to.contain("CloudWatch Logs");
      });

      it("VALIDATION-1: valid selectors pass, an invalid readOnly value fails with its path and rule", () => {
        const bad: Selectors = {
          advancedEventSelectors: [
            {
              fieldSelectors: [
                { field: "eventCategory", equals: ["Management"] },
                { field: "readOnly", equals: ["yes"] },
              ],
            },
          ],
        };
        const judge = (s: Selectors) =>
          trail(flavour, { ...GOOD, selectors: s }).flatMap((r) => checkSelectorsValid(r.type, r.props));
        expect(judge({ advancedEventSelectors: COMPLIANT_ADVANCED })).to.deep.equal([]);
        expect(judge(S3_ALL_BASIC)).to.deep.equal([]);
        const found = judge(bad);
        expect(found).to.have.length(1);
        expect(found[0]).to.match(/^advancedEventSelectors\[0\]\.fieldSelectors\[1\]\.equals\[0\]: .*AES-4/);
      });

      it("CIS 3.1: passes with a multi-region, logging trail of read and write management events", () => {
        const judge = (s: Settings) => checkMultiRegionTrail(resolveTrails(trail(flavour, s)));
        expect(judge(GOOD)).to.deep.equal([]);
        expect(judge({ ...GOOD, selectors: S3_ALL_BASIC })).to.deep.equal([]);
        expect(judge({ ...GOOD, selectors: { advancedEventSelectors: COMPLIANT_ADVANCED } })).to.deep.equal(
          [],
        );
        const excludingKms: Selectors = {
          eventSelectors: [{ readWriteType: "All", excludeManagementEventSources: ["kms.amazonaws.com"] }],
        };
        expect(judge({ ...GOOD, selectors: excludingKms })).to.deep.equal([]);
      });

      it("Security Hub CloudTrail.3: passes when one trail of the stack logs, fails when none does", () => {
        const judge = (...settings: Settings[]) =>
          checkTrailLogging(
            resolveTrails(settings.flatMap((s, i) => trail(flavour, { ...s, name: `audit-${i}` }))),
          );
        expect(judge(GOOD)).to.deep.equal([]);
        expect(judge({ ...GOOD, logging: false }, GOOD)).to.deep.equal([]);
        const [violation] = judge({ ...GOOD, logging: false }, { ...GOOD, logging: false });
        expect(violation.message).to.match(/^no trail is logging: trail audit-0, trail audit-1 are stopped$/);
        expect(violation.urn).to.equal(undefined);
      });

      it("Security Hub CloudTrail.10: a store passes with a customer-managed key, fails with none or an AWS-managed alias", () => {
        const type = TYPES.eventDataStore[flavour];
        expect(checkStoreKmsEncryption(type, { kmsKeyId: KMS_KEY })).to.deep.equal([]);
        expect(checkStoreKmsEncryption(type, { kmsKeyId: "alias/lake" })).to.deep.equal([]);
        expect(checkStoreKmsEncryption(type, {})[0]).to.contain("not a customer-managed KMS key");
        expect(
          checkStoreKmsEncryption(type, {
            kmsKeyId: "arn:aws:kms:us-east-1:123456789012:alias/aws/cloudtrail",
          })[0],
        ).to.contain("is an AWS-managed key; CloudTrail.10");
        expect(checkStoreKmsEncryption(TYPES.trail[flavour], {})).to.deep.equal([]);
      });

      it("CIS 3.1: fails single-region, not logging, or with only one half of management events", () => {
        const judge = (s: Settings) => checkMultiRegionTrail(resolveTrails(trail(flavour, s)))[0]?.message;
        expect(judge({ ...GOOD, multiRegion: false })).to.contain("trail audit is single-region");
        expect(judge({ ...GOOD, logging: false })).to.contain("trail audit is not logging");
        expect(
          judge({
            ...GOOD,
            selectors: { eventSelectors: [{ readWriteType: "WriteOnly", includeManagementEvents: true }] },
          }),
        ).to.contain("does not log read management events");
        expect(
          judge({ ...GOOD, selectors: s3Advanced(undefined, { startsWith: ["arn:aws:s3:::data/"] }) }),
        ).to.equal(undefined);
        const onlyData: Selectors = {
          advancedEventSelectors: [s3Advanced(undefined).advancedEventSelectors![1]],
        };
        expect(judge({ ...GOOD, selectors: onlyData })).to.contain("does not log any management events");
        const oneSource: Selectors = {
          advancedEventSelectors: [
            {
              fieldSelectors: [
                { field: "eventCategory", equals: ["Management"] },
                { field: "eventSource", equals: ["iam.amazonaws.com"] },
              ],
            },
          ],
        };
        expect(judge({ ...GOOD, selectors: oneSource })).to.contain("does not log any management events");
      });

      it("CIS 3.8 / 3.9: all buckets' object events from basic or advanced selectors; a log-bucket exclusion still counts", () => {
        const judge = (s: Selectors, half: "read" | "write") =>
          checkS3ObjectEvents(resolveTrails(trail(flavour, { ...GOOD, selectors: s })), half).length === 0;
        for (const half of ["read", "write"] as const) {
          expect(judge(S3_ALL_BASIC, half), half).to.equal(true);
          expect(judge(s3Advanced(undefined), half), half).to.equal(true);
          expect(
            judge(s3Advanced(undefined, { notStartsWith: [`arn:aws:s3:::${LOG_BUCKET}/`] }), half),
          ).to.equal(true);
          expect(
            judge(s3Advanced(undefined, { notStartsWith: ["arn:aws:s3:::other/"] }), half),
            half,
          ).to.equal(false);
          expect(judge(s3Advanced(undefined, { startsWith: ["arn:aws:s3:::data/"] }), half), half).to.equal(
            false,
          );
          expect(judge({}, half), half).to.equal(false);
        }
        expect(judge(s3Advanced(["false"]), "write")).to.equal(true);
        expect(judge(s3Advanced(["false"]), "read")).to.equal(false);
        expect(judge(s3Advanced(["true"]), "read")).to.equal(true);
        expect(judge(s3Advanced(["true"]), "write")).to.equal(false);
        const readOnlyBasic: Selectors = {
          eventSelectors: [{ ...S3_ALL_BASIC.eventSelectors![0], readWriteType: "ReadOnly" }],
        };
        expect(judge(readOnlyBasic, "read")).to.equal(true);
        expect(judge(readOnlyBasic, "write")).to.equal(false);
        const single = checkS3ObjectEvents(
          resolveTrails(trail(flavour, { ...GOOD, multiRegion: false, selectors: S3_ALL_BASIC })),
          "write",
        );
        expect(single[0].message).to.contain(
          "no multi-region, logging trail logs S3 object-level write events",
        );
      });

      it("feedback loop: fails when the trail logs writes of its own log bucket, passes when it excludes it", () => {
        const judge = (s: Settings) =>
          checkLogBucketFeedbackLoop(resolveTrails(trail(flavour, { ...GOOD, ...s })));
        const loop = judge({ selectors: S3_ALL_BASIC });
        expect(loop).to.have.length(1);
        expect(loop[0].urn).to.contain(flavour === "pulumi-cloudtrail" ? "audit-selectors" : "::audit");
        expect(loop[0].message).to.contain(`its own log bucket ${LOG_BUCKET}`);
        const prefix: Selectors = {
          eventSelectors: [
            { dataResources: [{ type: "AWS::S3::Object", values: [`arn:aws:s3:::${LOG_BUCKET}/ct/`] }] },
          ],
        };
        expect(judge({ selectors: prefix })).to.have.length(0);
        expect(judge({ selectors: prefix, keyPrefix: "ct" })).to.have.length(1);
        expect(judge({ selectors: s3Advanced(undefined) })).to.have.length(1);
        expect(judge({ selectors: s3Advanced(["true"]) })).to.have.length(0);
        expect(
          judge({ selectors: s3Advanced(undefined, { notStartsWith: [`arn:aws:s3:::${LOG_BUCKET}/`] }) }),
        ).to.deep.equal([]);
        expect(
          judge({ selectors: s3Advanced(undefined, { startsWith: ["arn:aws:s3:::data/"] }) }),
        ).to.deep.equal([]);
        expect(judge({})).to.deep.equal([]);
      });

      it("event data stores: protection off fails; a forced destroy is flagged only where the input exists", () => {
        const type = TYPES.eventDataStore[flavour];
        expect(checkStoreTerminationProtection(type, {})).to.deep.equal([]);
        expect(checkStoreTerminationProtection(type, { terminationProtectionEnabled: true })).to.deep.equal(
          [],
        );
        expect(checkStoreTerminationProtection(type, { terminationProtectionEnabled: false })[0]).to.contain(
          "termination protection is off",
        );
        const forced = checkStoreForcedDestroy(type, { forceDestroy: true });
        if (flavour === "pulumi-cloudtrail")
          expect(forced[0]).to.contain("forceDestroy is set on a protected store");
        else expect(forced).to.deep.equal([]);
        expect(
          checkStoreForcedDestroy(type, { forceDestroy: true, terminationProtectionEnabled: false }),
        ).to.deep.equal([]);
        expect(checkStoreForcedDestroy(type, {})).to.deep.equal([]);
      });
    });
  }

  describe("values unknown during a preview (behind @pulumi/policy's own proxy)", () => {
    const r = trailResource("aws", { ...GOOD, selectors: s3Advanced(undefined) });
    const preview = (props: Record<string, unknown>) =>
      unknownCheckingProxy(props) as Record<string, unknown>;

    it("an unknown bucket name leaves the other settings judged", () => {
      const props = preview({ ...r.props, s3BucketName: unknownValue, enableLogFileValidation: false });
      expect(() => props.s3BucketName).to.throw("can't be known during preview");
      expect(checkLogFileValidation(r.type, props)[0]).to.contain("log file validation is off");
      expect(trailView(r.type, props)).to.include({ s3BucketName: undefined, multiRegion: true });
    });

    it("VALIDATION-1 judges Insights' event categories (INS-4) and aggregation templates (AGG-2) too", () => {
      expect(
        checkSelectorsValid(TYPES.trailInsightSelectors, {
          trail: "audit",
          insightTypes: ["ApiCallRateInsight"],
          eventCategories: { ApiErrorRateInsight: ["Data"] },
        }),
      ).to.have.length(1);
      const aggregation = checkSelectorsValid(TYPES.trailEventAggregation, {
        trail: "audit",
        aggregationConfigurations: [{ eventCategory: "Data", templates: ["BY_REGION"] }],
      });
      expect(aggregation).to.have.length(1);
      expect(aggregation[0]).to.contain("(AGG-2)");
    });

    it("selectors with an unknown ARN prefix are not judged by VALIDATION-1 until they are known", () => {
      const advanced = s3Advanced(undefined, { startsWith: [unknownValue] }).advancedEventSelectors;
      const props = preview({ ...r.props, advancedEventSelectors: awsAdvanced(advanced) });
      expect(checkSelectorsValid(r.type, props)).to.deep.equal([]);
      const trails = resolveTrails([{ ...r, props }]);
      expect(checkLogBucketFeedbackLoop(trails)).to.deep.equal([]);
      expect(checkS3ObjectEvents(trails, "write")).to.have.length(1);
    });
  });

  describe("resolveTrails", () => {
    const [ours, selectors] = trail("pulumi-cloudtrail", { ...GOOD, selectors: S3_ALL_BASIC });

    it("gives this package's trail the selectors that name it by name, by ARN or by property dependency", () => {
      const arn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/audit";
      const byName = resolveTrails([ours, selectors]);
      expect(byName[0].selectors).to.deep.include(S3_ALL_BASIC);
      expect(byName[0].selectorsUrn).to.equal(selectors.urn);
      const byArn = resolveTrails([ours, { ...selectors, props: { ...selectors.props, trail: arn } }]);
      expect(byArn[0].selectorsUrn).to.equal(selectors.urn);
      const byDependency = resolveTrails([
        { ...ours, props: { ...ours.props, name: undefined } },
        {
          ...selectors,
          props: { ...selectors.props, trail: undefined },
          propertyDependencies: { trail: [ours] },
        },
      ]);
      expect(byDependency[0].selectorsUrn).to.equal(selectors.urn);
    });

    it("leaves a trail its default selectors when the selectors name a trail of another stack", () => {
      const elsewhere = resolveTrails([
        ours,
        { ...selectors, props: { ...selectors.props, trail: "other" } },
      ]);
      expect(elsewhere[0].selectors).to.deep.equal({});
      expect(elsewhere[0].selectorsUrn).to.equal(ours.urn);
    });
  });

  describe("cloudTrailPolicies", () => {
    it("has every policy once, with its default level unless overridden by name", () => {
      const levels = (p = cloudTrailPolicies()) =>
        Object.fromEntries(p.map((x) => [x.name, x.enforcementLevel]));
      expect(Object.keys(levels()).sort()).to.deep.equal(Object.values(POLICY_NAMES).sort());
      expect(levels()[POLICY_NAMES.kmsEncryption]).to.equal("advisory");
      const strict = levels(cloudTrailPolicies({ [POLICY_NAMES.kmsEncryption]: "mandatory" }));
      expect(strict[POLICY_NAMES.kmsEncryption]).to.equal("mandatory");
      expect(strict[POLICY_NAMES.logFileValidation]).to.equal("mandatory");
    });

    it("importing the package does not load @pulumi/policy (its policies need only its types)", () => {
      const root = path.resolve(__dirname, "../../..");
      const loaded = execFileSync(
        process.execPath,
        [
          "-e",
          'require("./dist/sdk/index.js"); console.log(Object.keys(require.cache).filter((k) => k.includes("@pulumi/policy")).length)',
        ],
        { cwd: root, encoding: "utf8" },
      );
      expect(loaded.trim()).to.equal("0");
    });
  });
});
