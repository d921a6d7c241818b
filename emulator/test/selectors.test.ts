import { expect } from "chai";
import {
  CreateTrailCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailCommand,
  PutEventSelectorsCommand,
  PutInsightSelectorsCommand,
  type AdvancedEventSelector,
  type AdvancedFieldSelector,
  type EventSelector,
} from "@aws-sdk/client-cloudtrail";
import { awsError, useEmulator } from "../../test/support/emulator";

const TRAIL = "selectors";
const S3_DATA: AdvancedEventSelector = {
  Name: "S3 data events on one bucket",
  FieldSelectors: [
    { Field: "eventCategory", Equals: ["Data"] },
    { Field: "resources.type", Equals: ["AWS::S3::Object"] },
    { Field: "resources.ARN", StartsWith: ["arn:aws:s3:::audit-bucket/"] },
  ],
};
const MANAGEMENT_NO_KMS: AdvancedEventSelector = {
  Name: "Management events without KMS",
  FieldSelectors: [
    { Field: "eventCategory", Equals: ["Management"] },
    { Field: "eventSource", NotEquals: ["kms.amazonaws.com"] },
  ],
};

describe("emulator: event and insight selectors", () => {
  const t = useEmulator();
  beforeEach(async () => {
    await t.client().send(new CreateTrailCommand({ Name: TRAIL, S3BucketName: "audit-bucket" }));
  });
  const putBasic = (EventSelectors: EventSelector[]) =>
    t.client().send(new PutEventSelectorsCommand({ TrailName: TRAIL, EventSelectors }));
  const putAdvanced = (AdvancedEventSelectors: AdvancedEventSelector[]) =>
    t.client().send(new PutEventSelectorsCommand({ TrailName: TRAIL, AdvancedEventSelectors }));
  const rejected = async (call: () => Promise<unknown>, rule: string) => {
    const e = await awsError(call);
    expect(e.name).to.equal("InvalidEventSelectorsException");
    expect(e.message).to.contain(rule);
  };
  const field = (f: AdvancedFieldSelector): AdvancedEventSelector => ({
    FieldSelectors: [
      { Field: "eventCategory", Equals: ["Data"] },
      { Field: "resources.type", Equals: ["AWS::S3::Object"] },
      f,
    ],
  });

  describe("basic", () => {
    it("ES-1 takes 1 to 5 selectors", async () => {
      await rejected(() => putBasic([]), "ES-1");
      await rejected(() => putBasic(Array.from({ length: 6 }, () => ({ ReadWriteType: "All" }))), "ES-1");
      await putBasic(Array.from({ length: 5 }, () => ({ ReadWriteType: "All" })));
    });
    it("ES-2 allows 250 data resource values across selectors, not 251", async () => {
      const values = (n: number, from: number) =>
        Array.from({ length: n }, (_, i) => `arn:aws:s3:::bucket-${from + i}/`);
      await putBasic([
        { DataResources: [{ Type: "AWS::S3::Object", Values: values(125, 0) }] },
        { DataResources: [{ Type: "AWS::S3::Object", Values: values(125, 125) }] },
      ]);
      await rejected(
        () =>
          putBasic([
            { DataResources: [{ Type: "AWS::S3::Object", Values: values(125, 0) }] },
            { DataResources: [{ Type: "AWS::S3::Object", Values: values(126, 125) }] },
          ]),
        "ES-2",
      );
    });
    it("ES-3 accepts only S3 objects, Lambda functions and DynamoDB tables", async () => {
      await rejected(
        () => putBasic([{ DataResources: [{ Type: "AWS::EC2::Snapshot", Values: ["arn:aws:ec2"] }] }]),
        "ES-3",
      );
      await putBasic([
        {
          DataResources: [
            { Type: "AWS::S3::Object", Values: ["arn:aws:s3"] },
            {
              Type: "AWS::Lambda::Function",
              Values: ["arn:aws:lambda:us-east-1:123456789012:function:handler"],
            },
            { Type: "AWS::DynamoDB::Table", Values: ["arn:aws:dynamodb"] },
          ],
        },
      ]);
    });
    it("ES-4 takes all buckets in both forms, arn:aws:s3 and arn:aws:s3:::", async () => {
      for (const value of ["arn:aws:s3", "arn:aws:s3:::"]) {
        const put = await putBasic([{ DataResources: [{ Type: "AWS::S3::Object", Values: [value] }] }]);
        expect(put.EventSelectors?.[0].DataResources?.[0].Values).to.deep.equal([value]);
      }
    });
    it("ES-4 refuses wildcard and malformed values", async () => {
      for (const [Type, value] of [
        ["AWS::S3::Object", "arn:aws:s3:::*"],
        ["AWS::S3::Object", "arn:aws:s3:::bucket"],
        ["AWS::Lambda::Function", "arn:aws:lambda:us-east-1:123456789012:handler"],
        ["AWS::DynamoDB::Table", "arn:aws:dynamodb:us-east-1:123456789012:stream/x"],
      ]) {
        await rejected(() => putBasic([{ DataResources: [{ Type, Values: [value] }] }]), "ES-4");
      }
      await putBasic([
        { DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3:::bucket/prefix/"] }] },
      ]);
    });
    it("ES-5 ReadWriteType is ReadOnly, WriteOnly or All and defaults are filled", async () => {
      await rejected(() => putBasic([{ ReadWriteType: "Sometimes" as "All" }]), "ES-5");
      const put = await putBasic([{}]);
      expect(put.EventSelectors?.[0]).to.include({ ReadWriteType: "All", IncludeManagementEvents: true });
    });
    it("ES-6 excludes only KMS or RDS Data API events", async () => {
      await rejected(() => putBasic([{ ExcludeManagementEventSources: ["s3.amazonaws.com"] }]), "ES-6");
      await putBasic([{ ExcludeManagementEventSources: ["kms.amazonaws.com", "rdsdata.amazonaws.com"] }]);
    });
    it("ES-7 basic and advanced are exclusive, and one replaces the other", async () => {
      await rejected(
        () =>
          t.client().send(
            new PutEventSelectorsCommand({
              TrailName: TRAIL,
              EventSelectors: [{}],
              AdvancedEventSelectors: [S3_DATA],
            }),
          ),
        "ES-7",
      );
      await putAdvanced([S3_DATA]);
      await putBasic([{ ReadWriteType: "WriteOnly" }]);
      const got = await t.client().send(new GetEventSelectorsCommand({ TrailName: TRAIL }));
      expect(got.AdvancedEventSelectors).to.equal(undefined);
      expect(got.EventSelectors?.[0].ReadWriteType).to.equal("WriteOnly");
      expect(
        (await t.client().send(new GetTrailCommand({ Name: TRAIL }))).Trail?.HasCustomEventSelectors,
      ).to.equal(true);
    });
  });

  describe("advanced", () => {
    it("accepts the documentation's S3-bucket and no-KMS selectors", async () => {
      const put = await putAdvanced([S3_DATA, MANAGEMENT_NO_KMS]);
      expect(put.AdvancedEventSelectors).to.deep.equal([S3_DATA, MANAGEMENT_NO_KMS]);
    });
    it("AES-1 needs field selectors and a name of at most 1000 chars", async () => {
      await rejected(() => putAdvanced([{ FieldSelectors: [] }]), "AES-1");
      await rejected(() => putAdvanced([{ ...S3_DATA, Name: "n".repeat(1001) }]), "AES-1");
      await putAdvanced([{ ...S3_DATA, Name: "n".repeat(1000) }]);
    });
    it("AES-2 every field selector needs a non-empty operator with 1-2048-char values", async () => {
      await rejected(() => putAdvanced([field({ Field: "eventName" })]), "AES-2");
      await rejected(() => putAdvanced([field({ Field: "eventName", Equals: [] })]), "AES-2");
      await rejected(() => putAdvanced([field({ Field: "eventName", Equals: ["x".repeat(2049)] })]), "AES-2");
      await putAdvanced([field({ Field: "eventName", Equals: ["x".repeat(2048)] })]);
    });
    it("AES-3 eventCategory is required, Equals only, with a known category", async () => {
      await rejected(
        () => putAdvanced([{ FieldSelectors: [{ Field: "readOnly", Equals: ["true"] }] }]),
        "AES-3",
      );
      await rejected(
        () => putAdvanced([{ FieldSelectors: [{ Field: "eventCategory", StartsWith: ["Man"] }] }]),
        "AES-3",
      );
      await rejected(
        () => putAdvanced([{ FieldSelectors: [{ Field: "eventCategory", Equals: ["Insight"] }] }]),
        "AES-3",
      );
      await putAdvanced([{ FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }] }]);
    });
    it("AES-4 readOnly takes Equals true or false", async () => {
      await rejected(() => putAdvanced([field({ Field: "readOnly", Equals: ["yes"] })]), "AES-4");
      await rejected(() => putAdvanced([field({ Field: "readOnly", NotEquals: ["true"] })]), "AES-4");
      await putAdvanced([field({ Field: "readOnly", Equals: ["false"] })]);
    });
    it("AES-5 resources.type: Equals, exactly one, known, required for Data", async () => {
      await rejected(
        () => putAdvanced([{ FieldSelectors: [{ Field: "eventCategory", Equals: ["Data"] }] }]),
        "AES-5",
      );
      const typed = (f: AdvancedFieldSelector) => [
        { FieldSelectors: [{ Field: "eventCategory", Equals: ["Data"] }, f] },
      ];
      await rejected(
        () =>
          putAdvanced(
            typed({ Field: "resources.type", Equals: ["AWS::S3::Object", "AWS::Lambda::Function"] }),
          ),
        "AES-5",
      );
      await rejected(() => putAdvanced(typed({ Field: "resources.type", StartsWith: ["AWS::S3"] })), "AES-5");
      await rejected(
        () => putAdvanced(typed({ Field: "resources.type", Equals: ["AWS::Made::Up"] })),
        "AES-5",
      );
      await t.admin.configure({ extraResourceTypes: ["AWS::Made::Up"] });
      await putAdvanced(typed({ Field: "resources.type", Equals: ["AWS::Made::Up"] }));
    });
    it("AES-6 resources.ARN with Equals must be a full ARN of the resource type", async () => {
      const lambda = (f: AdvancedFieldSelector): AdvancedEventSelector => ({
        FieldSelectors: [
          { Field: "eventCategory", Equals: ["Data"] },
          { Field: "resources.type", Equals: ["AWS::Lambda::Function"] },
          f,
        ],
      });
      await rejected(
        () =>
          putAdvanced([
            lambda({ Field: "resources.ARN", Equals: ["arn:aws:lambda:us-east-1:123456789012:handler"] }),
          ]),
        "AES-6",
      );
      await rejected(
        () => putAdvanced([lambda({ Field: "resources.ARN", NotEquals: ["arn:aws:s3:::bucket/key"] })]),
        "AES-6",
      );
      await putAdvanced([
        lambda({
          Field: "resources.ARN",
          Equals: ["arn:aws:lambda:us-east-1:123456789012:function:handler"],
        }),
      ]);
      await putAdvanced([lambda({ Field: "resources.ARN", StartsWith: ["arn:aws:lambda:us-east-1:"] })]);
    });
    it("AES-7 eventSource: NotEquals KMS or RDS Data for management, required Equals for network activity", async () => {
      const mgmt = (f: AdvancedFieldSelector) => [
        { FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }, f] },
      ];
      await rejected(
        () => putAdvanced(mgmt({ Field: "eventSource", NotEquals: ["s3.amazonaws.com"] })),
        "AES-7",
      );
      await rejected(
        () => putAdvanced(mgmt({ Field: "eventSource", Equals: ["kms.amazonaws.com"] })),
        "AES-7",
      );
      await putAdvanced(mgmt({ Field: "eventSource", NotEquals: ["rdsdata.amazonaws.com"] }));
      await rejected(
        () => putAdvanced([{ FieldSelectors: [{ Field: "eventCategory", Equals: ["NetworkActivity"] }] }]),
        "AES-7",
      );
      await putAdvanced([
        {
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["NetworkActivity"] },
            { Field: "eventSource", Equals: ["s3.amazonaws.com"] },
            { Field: "errorCode", Equals: ["VpceAccessDenied"] },
          ],
        },
      ]);
    });
    it("AES-8 eventName takes any operator; newer fields are known", async () => {
      await putAdvanced([
        field({ Field: "eventName", NotStartsWith: ["Get"], EndsWith: ["Object"] }),
        {
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: ["AWS::S3::Object"] },
            { Field: "userIdentity.arn", NotStartsWith: ["arn:aws:iam::123456789012:role/backup"] },
          ],
        },
      ]);
      await rejected(
        () => putAdvanced([field({ Field: "eventSource", Equals: ["s3.amazonaws.com"] })]),
        "AES-3",
      );
    });
    it("AES-9 allows 500 values in all and refuses 501", async () => {
      // eventCategory and resources.type bring one value each.
      const withValues = (n: number) => [
        field({ Field: "eventName", Equals: Array.from({ length: n - 2 }, (_, i) => `Op${i}`) }),
      ];
      await putAdvanced(withValues(500));
      await rejected(() => putAdvanced(withValues(501)), "AES-9");
    });
    it("AES-11 no * wildcards in values", async () => {
      await rejected(
        () => putAdvanced([field({ Field: "resources.ARN", StartsWith: ["arn:aws:s3:::*"] })]),
        "AES-11",
      );
    });
  });

  describe("insights", () => {
    const putInsights = (types: string[]) =>
      t.client().send(
        new PutInsightSelectorsCommand({
          TrailName: TRAIL,
          InsightSelectors: types.map((InsightType) => ({
            InsightType: InsightType as "ApiCallRateInsight",
          })),
        }),
      );
    const insightError = async (call: () => Promise<unknown>, rule: string) => {
      const e = await awsError(call);
      expect(e.name).to.equal("InvalidInsightSelectorsException");
      expect(e.message).to.contain(rule);
    };
    it("INS-1 known types, each at most once", async () => {
      await insightError(() => putInsights(["ApiLatencyInsight"]), "INS-1");
      await insightError(() => putInsights(["ApiCallRateInsight", "ApiCallRateInsight"]), "INS-1");
      const put = await putInsights(["ApiCallRateInsight", "ApiErrorRateInsight"]);
      expect(put.InsightSelectors).to.have.length(2);
    });
    it("INS-2 an empty list turns Insights off; GetInsightSelectors then answers InsightNotEnabledException", async () => {
      expect(
        (await awsError(() => t.client().send(new GetInsightSelectorsCommand({ TrailName: TRAIL })))).name,
      ).to.equal("InsightNotEnabledException");
      await putInsights(["ApiErrorRateInsight"]);
      expect(
        (await t.client().send(new GetTrailCommand({ Name: TRAIL }))).Trail?.HasInsightSelectors,
      ).to.equal(true);
      await putInsights([]);
      expect(
        (await awsError(() => t.client().send(new GetInsightSelectorsCommand({ TrailName: TRAIL })))).name,
      ).to.equal("InsightNotEnabledException");
    });
    it("INS-3 ApiCallRateInsight needs write management events", async () => {
      await putBasic([{ ReadWriteType: "ReadOnly" }]);
      await insightError(() => putInsights(["ApiCallRateInsight"]), "INS-3");
      await putInsights(["ApiErrorRateInsight"]);
      await putAdvanced([S3_DATA]);
      await insightError(() => putInsights(["ApiErrorRateInsight"]), "INS-3");
      await putAdvanced([S3_DATA, MANAGEMENT_NO_KMS]);
      await putInsights(["ApiCallRateInsight"]);
    });
  });
});
