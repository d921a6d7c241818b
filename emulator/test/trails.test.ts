import { expect } from "chai";
import {
  AddTagsCommand,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  ListTrailsCommand,
  PutEventSelectorsCommand,
  RemoveTagsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
  paginateListTrails,
} from "@aws-sdk/client-cloudtrail";
import { awsError, useEmulator } from "../../test/support/emulator";

const BUCKET = "audit-logs-bucket";

describe("emulator: trails", () => {
  const t = useEmulator();

  it("answers a full trail lifecycle through the AWS SDK", async () => {
    const ct = t.client();
    const created = await ct.send(
      new CreateTrailCommand({ Name: "audit", S3BucketName: BUCKET, S3KeyPrefix: "logs" }),
    );
    expect(created.TrailARN).to.equal("arn:aws:cloudtrail:us-east-1:123456789012:trail/audit");
    expect(created.IncludeGlobalServiceEvents).to.equal(true);
    const got = (await ct.send(new GetTrailCommand({ Name: "audit" }))).Trail!;
    expect(got).to.include({
      Name: "audit",
      S3BucketName: BUCKET,
      S3KeyPrefix: "logs",
      HomeRegion: "us-east-1",
    });
    await ct.send(new StartLoggingCommand({ Name: created.TrailARN }));
    expect((await ct.send(new GetTrailStatusCommand({ Name: "audit" }))).IsLogging).to.equal(true);
    const updated = await ct.send(
      new UpdateTrailCommand({ Name: "audit", EnableLogFileValidation: true, S3KeyPrefix: "" }),
    );
    expect(updated.LogFileValidationEnabled).to.equal(true);
    expect(updated.S3KeyPrefix).to.equal(undefined);
    await ct.send(new StopLoggingCommand({ Name: "audit" }));
    const status = await ct.send(new GetTrailStatusCommand({ Name: "audit" }));
    expect(status.IsLogging).to.equal(false);
    expect(status.StopLoggingTime).to.be.instanceOf(Date);
    await ct.send(new DeleteTrailCommand({ Name: "audit" }));
    expect((await awsError(() => ct.send(new GetTrailCommand({ Name: "audit" })))).name).to.equal(
      "TrailNotFoundException",
    );
  });

  describe("NAME-1 trail names", () => {
    const invalid = [
      "ab",
      "a".repeat(129),
      "my--trail",
      "my-_trail",
      "-trail",
      "trail.",
      "has space",
      "192.168.5.4",
    ];
    for (const name of invalid) {
      it(`NAME-1 rejects ${JSON.stringify(name.length > 20 ? name.slice(0, 8) + "…" : name)}`, async () => {
        const e = await awsError(() =>
          t.client().send(new CreateTrailCommand({ Name: name, S3BucketName: BUCKET })),
        );
        expect(e.name).to.equal("InvalidTrailNameException");
        expect(e.message).to.contain("NAME-1");
        expect(e.$metadata?.httpStatusCode).to.equal(400);
      });
    }
    it("NAME-1 accepts a 3-char and a 128-char name with single separators", async () => {
      await t.client().send(new CreateTrailCommand({ Name: "a.b", S3BucketName: BUCKET }));
      await t
        .client()
        .send(new CreateTrailCommand({ Name: "a_b-c.d" + "x".repeat(121), S3BucketName: BUCKET }));
    });
    it("NAME-1 a trail may be named by its ARN", async () => {
      await t.client().send(new CreateTrailCommand({ Name: "named", S3BucketName: BUCKET }));
      const got = await t
        .client()
        .send(new GetTrailCommand({ Name: "arn:aws:cloudtrail:us-east-1:123456789012:trail/named" }));
      expect(got.Trail?.Name).to.equal("named");
    });
  });

  describe("NAME-4 bucket and prefix", () => {
    for (const bucket of ["AB", "Upper-Case", "-bucket", "bucket-", "10.0.0.1", "b".repeat(64)]) {
      it(`NAME-4 rejects bucket ${bucket.slice(0, 12)}`, async () => {
        const e = await awsError(() =>
          t.client().send(new CreateTrailCommand({ Name: "trail", S3BucketName: bucket })),
        );
        expect(e.name).to.equal("InvalidS3BucketNameException");
      });
    }
    it("NAME-4 rejects a key prefix of 201 chars and accepts 200", async () => {
      const e = await awsError(() =>
        t
          .client()
          .send(
            new CreateTrailCommand({ Name: "trail", S3BucketName: BUCKET, S3KeyPrefix: "p".repeat(201) }),
          ),
      );
      expect(e.name).to.equal("InvalidS3PrefixException");
      await t
        .client()
        .send(new CreateTrailCommand({ Name: "trail", S3BucketName: BUCKET, S3KeyPrefix: "p".repeat(200) }));
    });
  });

  describe("NAME-5 KMS key ids", () => {
    const uuid = "1234abcd-12ab-34cd-56ef-1234567890ab";
    for (const key of [
      uuid,
      "alias/audit",
      `arn:aws:kms:us-east-1:123456789012:key/${uuid}`,
      "arn:aws:kms:us-east-1:123456789012:alias/audit",
    ]) {
      it(`NAME-5 accepts ${key.slice(0, 30)} and reports a key ARN`, async () => {
        const created = await t
          .client()
          .send(new CreateTrailCommand({ Name: "trail", S3BucketName: BUCKET, KmsKeyId: key }));
        expect(created.KmsKeyId).to.match(/^arn:aws:kms:us-east-1:123456789012:(key|alias)\//);
      });
    }
    for (const key of ["not a key", "alias/", "1234", "arn:aws:s3:::bucket"]) {
      it(`NAME-5 rejects ${key}`, async () => {
        const e = await awsError(() =>
          t.client().send(new CreateTrailCommand({ Name: "trail", S3BucketName: BUCKET, KmsKeyId: key })),
        );
        expect(e.name).to.equal("InvalidKmsKeyIdException");
      });
    }
  });

  describe("NAME-6 tags", () => {
    const arn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/tagged";
    beforeEach(async () => {
      await t.client().send(
        new CreateTrailCommand({
          Name: "tagged",
          S3BucketName: BUCKET,
          TagsList: [{ Key: "team", Value: "sec" }],
        }),
      );
    });
    it("NAME-6 adds, lists and removes tags", async () => {
      await t
        .client()
        .send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: "env", Value: "prod" }] }));
      await t.client().send(new RemoveTagsCommand({ ResourceId: arn, TagsList: [{ Key: "team" }] }));
      const listed = await t.client().send(new ListTagsCommand({ ResourceIdList: [arn] }));
      expect(listed.ResourceTagList?.[0].TagsList).to.deep.equal([{ Key: "env", Value: "prod" }]);
    });
    it("NAME-6 rejects the reserved aws: prefix, a 129-char key and a 257-char value", async () => {
      for (const tag of [
        { Key: "aws:owner", Value: "x" },
        { Key: "k".repeat(129), Value: "x" },
        { Key: "k", Value: "v".repeat(257) },
      ]) {
        const e = await awsError(() =>
          t.client().send(new AddTagsCommand({ ResourceId: arn, TagsList: [tag] })),
        );
        expect(e.name).to.equal("InvalidTagParameterException");
      }
      await t.client().send(
        new AddTagsCommand({
          ResourceId: arn,
          TagsList: [{ Key: "k".repeat(128), Value: "v".repeat(256) }],
        }),
      );
    });
    it("NAME-6 rejects duplicate keys in one request", async () => {
      const e = await awsError(() =>
        t.client().send(
          new AddTagsCommand({
            ResourceId: arn,
            TagsList: [
              { Key: "a", Value: "1" },
              { Key: "a", Value: "2" },
            ],
          }),
        ),
      );
      expect(e.name).to.equal("InvalidTagParameterException");
    });
    it("NAME-6 allows 50 tags on a trail and refuses the 51st", async () => {
      const tags = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
      await t.client().send(new AddTagsCommand({ ResourceId: arn, TagsList: tags }));
      const e = await awsError(() =>
        t.client().send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: "one-more", Value: "v" }] })),
      );
      expect(e.name).to.equal("TagsLimitExceededException");
    });
    it("NAME-6 tags need the trail's ARN", async () => {
      const e = await awsError(() =>
        t.client().send(new AddTagsCommand({ ResourceId: "tagged", TagsList: [{ Key: "a", Value: "b" }] })),
      );
      expect(e.name).to.equal("CloudTrailARNInvalidException");
    });
  });

  it("TRAIL-1 allows five trails in a region and refuses the sixth", async () => {
    for (let i = 1; i <= 5; i++)
      await t.client().send(new CreateTrailCommand({ Name: `trail-${i}`, S3BucketName: BUCKET }));
    const e = await awsError(() =>
      t.client().send(new CreateTrailCommand({ Name: "trail-6", S3BucketName: BUCKET })),
    );
    expect(e.name).to.equal("MaximumNumberOfTrailsExceededException");
    await t.client("eu-west-1").send(new CreateTrailCommand({ Name: "trail-6", S3BucketName: BUCKET }));
  });

  it("TRAIL-2 refuses an existing name", async () => {
    await t.client().send(new CreateTrailCommand({ Name: "dup", S3BucketName: BUCKET }));
    const e = await awsError(() =>
      t.client().send(new CreateTrailCommand({ Name: "dup", S3BucketName: BUCKET })),
    );
    expect(e.name).to.equal("TrailAlreadyExistsException");
  });

  describe("TRAIL-3 home region", () => {
    beforeEach(async () => {
      await t
        .client("us-east-1")
        .send(new CreateTrailCommand({ Name: "org", S3BucketName: BUCKET, IsMultiRegionTrail: true }));
    });
    it("TRAIL-3 a multi-region trail is a shadow in other regions", async () => {
      const west = t.client("us-west-2");
      const all = await west.send(new DescribeTrailsCommand({}));
      expect(all.trailList?.map((x) => [x.Name, x.HomeRegion])).to.deep.equal([["org", "us-east-1"]]);
      const own = await west.send(new DescribeTrailsCommand({ includeShadowTrails: false }));
      expect(own.trailList).to.deep.equal([]);
      expect((await west.send(new GetTrailStatusCommand({ Name: "org" }))).IsLogging).to.equal(false);
    });
    it("TRAIL-3 refuses changes outside the home region", async () => {
      const west = t.client("us-west-2");
      const arn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/org";
      const calls = [
        () => west.send(new UpdateTrailCommand({ Name: "org", EnableLogFileValidation: true })),
        () => west.send(new DeleteTrailCommand({ Name: "org" })),
        () => west.send(new StartLoggingCommand({ Name: "org" })),
        () =>
          west.send(
            new PutEventSelectorsCommand({ TrailName: "org", EventSelectors: [{ ReadWriteType: "All" }] }),
          ),
        () => west.send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: "a", Value: "b" }] })),
      ];
      for (const call of calls) expect((await awsError(call)).name).to.equal("InvalidHomeRegionException");
      expect(
        (await t.client("us-east-1").send(new GetTrailCommand({ Name: "org" }))).Trail
          ?.LogFileValidationEnabled,
      ).to.equal(false);
    });
    it("TRAIL-3 a single-region trail is invisible elsewhere", async () => {
      await t.client("us-east-1").send(new CreateTrailCommand({ Name: "local", S3BucketName: BUCKET }));
      const e = await awsError(() => t.client("us-west-2").send(new GetTrailCommand({ Name: "local" })));
      expect(e.name).to.equal("TrailNotFoundException");
    });
  });

  describe("TRAIL-4 CloudWatch Logs", () => {
    const group = "arn:aws:logs:us-east-1:123456789012:log-group:audit:*";
    const role = "arn:aws:iam::123456789012:role/ct-to-cwl";
    it("TRAIL-4 the log group and the role go together", async () => {
      const e1 = await awsError(() =>
        t
          .client()
          .send(
            new CreateTrailCommand({ Name: "cwl", S3BucketName: BUCKET, CloudWatchLogsLogGroupArn: group }),
          ),
      );
      expect(e1.name).to.equal("InvalidParameterCombinationException");
      const e2 = await awsError(() =>
        t
          .client()
          .send(new CreateTrailCommand({ Name: "cwl", S3BucketName: BUCKET, CloudWatchLogsRoleArn: role })),
      );
      expect(e2.name).to.equal("InvalidParameterCombinationException");
      const ok = await t.client().send(
        new CreateTrailCommand({
          Name: "cwl",
          S3BucketName: BUCKET,
          CloudWatchLogsLogGroupArn: group,
          CloudWatchLogsRoleArn: role,
        }),
      );
      expect(ok.CloudWatchLogsLogGroupArn).to.equal(group);
    });
    it("TRAIL-4 rejects a malformed log group ARN", async () => {
      const e = await awsError(() =>
        t.client().send(
          new CreateTrailCommand({
            Name: "cwl",
            S3BucketName: BUCKET,
            CloudWatchLogsLogGroupArn: "arn:aws:logs:bad",
            CloudWatchLogsRoleArn: role,
          }),
        ),
      );
      expect(e.name).to.equal("InvalidCloudWatchLogsLogGroupArnException");
    });
  });

  it("TRAIL-5 a multi-region trail must include global service events", async () => {
    const e = await awsError(() =>
      t.client().send(
        new CreateTrailCommand({
          Name: "mrt",
          S3BucketName: BUCKET,
          IsMultiRegionTrail: true,
          IncludeGlobalServiceEvents: false,
        }),
      ),
    );
    expect(e.name).to.equal("InvalidParameterCombinationException");
    await t
      .client()
      .send(new CreateTrailCommand({ Name: "mrt", S3BucketName: BUCKET, IsMultiRegionTrail: true }));
    const e2 = await awsError(() =>
      t.client().send(new UpdateTrailCommand({ Name: "mrt", IncludeGlobalServiceEvents: false })),
    );
    expect(e2.name).to.equal("InvalidParameterCombinationException");
  });

  it("TRAIL-6 an organization trail needs the management account", async () => {
    const e = await awsError(() =>
      t
        .client()
        .send(new CreateTrailCommand({ Name: "org", S3BucketName: BUCKET, IsOrganizationTrail: true })),
    );
    expect(e.name).to.equal("NotOrganizationMasterAccountException");
    await t.admin.register({ organizationAccounts: ["123456789012"] });
    const ok = await t
      .client()
      .send(new CreateTrailCommand({ Name: "org", S3BucketName: BUCKET, IsOrganizationTrail: true }));
    expect(ok.IsOrganizationTrail).to.equal(true);
  });

  it("TRAIL-7 a new trail does not log until StartLogging", async () => {
    await t.client().send(new CreateTrailCommand({ Name: "quiet", S3BucketName: BUCKET }));
    expect((await t.client().send(new GetTrailStatusCommand({ Name: "quiet" }))).IsLogging).to.equal(false);
    await t.client().send(new StartLoggingCommand({ Name: "quiet" }));
    const status = await t.client().send(new GetTrailStatusCommand({ Name: "quiet" }));
    expect(status.IsLogging).to.equal(true);
    expect(status.StartLoggingTime).to.be.instanceOf(Date);
  });

  it("TRAIL-8 a trail without selectors logs all management events", async () => {
    await t.client().send(new CreateTrailCommand({ Name: "defaults", S3BucketName: BUCKET }));
    const got = await t.client().send(new GetEventSelectorsCommand({ TrailName: "defaults" }));
    expect(got.EventSelectors).to.deep.equal([
      {
        ReadWriteType: "All",
        IncludeManagementEvents: true,
        DataResources: [],
        ExcludeManagementEventSources: [],
      },
    ]);
    expect(
      (await t.client().send(new GetTrailCommand({ Name: "defaults" }))).Trail?.HasCustomEventSelectors,
    ).to.equal(false);
  });

  it("ListTrails pages with NextToken and the SDK paginator", async () => {
    await t.admin.configure({ pageSize: 2 });
    for (let i = 1; i <= 5; i++)
      await t.client().send(new CreateTrailCommand({ Name: `page-${i}`, S3BucketName: BUCKET }));
    const first = await t.client().send(new ListTrailsCommand({}));
    expect(first.Trails).to.have.length(2);
    expect(first.NextToken).to.be.a("string");
    const names: string[] = [];
    for await (const page of paginateListTrails({ client: t.client() }, {}))
      names.push(...(page.Trails ?? []).map((x) => x.Name!));
    expect(names.sort()).to.deep.equal(["page-1", "page-2", "page-3", "page-4", "page-5"]);
    const e = await awsError(() => t.client().send(new ListTrailsCommand({ NextToken: "garbage" })));
    expect(e.name).to.equal("ValidationException");
  });
});
