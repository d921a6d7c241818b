import { expect } from "chai";
import { trailBucketPolicy } from "../../sdk/bucket-policy";

// The bucket policy CloudTrail's user guide asks for: ACL check on the bucket, log file writes
// under AWSLogs/<account>/ with the owner-full-control ACL, both scoped to the trail's ARN.

const TRAIL_ARN = "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-audit";

describe("trailBucketPolicy", () => {
  it("lets CloudTrail check the bucket's ACL and write under AWSLogs/<account>/, for this trail only", () => {
    const policy = trailBucketPolicy({
      bucketName: "org-audit-logs",
      trailName: "org-audit",
      region: "eu-west-1",
      accountId: "111122223333",
    });
    expect(policy).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AWSCloudTrailAclCheck",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:GetBucketAcl",
          Resource: "arn:aws:s3:::org-audit-logs",
          Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } },
        },
        {
          Sid: "AWSCloudTrailWrite",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: "arn:aws:s3:::org-audit-logs/AWSLogs/111122223333/*",
          Condition: {
            StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL_ARN },
          },
        },
      ],
    });
  });

  it("puts the key prefix before AWSLogs/, and adds the organization's folder for an organization trail", () => {
    const policy = trailBucketPolicy({
      bucketName: "logs",
      s3KeyPrefix: "audit/",
      trailName: "org",
      region: "us-gov-west-1",
      accountId: "111122223333",
      organizationId: "o-exampleorg1",
      partition: "aws-us-gov",
    });
    expect(policy.Statement.map((s) => [s.Sid, s.Resource])).to.deep.equal([
      ["AWSCloudTrailAclCheck", "arn:aws-us-gov:s3:::logs"],
      ["AWSCloudTrailWrite", "arn:aws-us-gov:s3:::logs/audit/AWSLogs/111122223333/*"],
      ["AWSCloudTrailOrganizationWrite", "arn:aws-us-gov:s3:::logs/audit/AWSLogs/o-exampleorg1/*"],
    ]);
    for (const s of policy.Statement)
      expect(s.Condition.StringEquals["aws:SourceArn"]).to.equal(
        "arn:aws-us-gov:cloudtrail:us-gov-west-1:111122223333:trail/org",
      );
  });

  it("refuses an account or organization id that would make a policy matching nothing", () => {
    const base = { bucketName: "logs", trailName: "t", region: "us-east-1" };
    expect(() => trailBucketPolicy({ ...base, accountId: "1234" })).to.throw(
      /accountId must be 12 digits; got "1234"/,
    );
    expect(() => trailBucketPolicy({ ...base, accountId: "111122223333", organizationId: "org-1" })).to.throw(
      /organizationId has the form o-/,
    );
  });
});
