/** What {@link trailBucketPolicy} needs to know about the trail and where it delivers. */
export interface TrailBucketPolicyArgs {
  /** The bucket the trail delivers to: the trail's `s3BucketName` (NAME-4). */
  bucketName: string;
  /** The trail's `s3KeyPrefix`, when it has one (NAME-4). @default none */
  s3KeyPrefix?: string;
  /** The trail's name (NAME-1): give the Trail this `name`, since the policy must exist before the trail does. */
  trailName: string;
  /** The trail's home region, e.g. `us-east-1` (TRAIL-3). */
  region: string;
  /** The 12-digit id of the account that owns the trail. */
  accountId: string;
  /**
   * For an organization trail (TRAIL-6): the organization's id (`o-…`), so that the member
   * accounts' logs may be written under it too.
   * @default none
   */
  organizationId?: string;
  /** The AWS partition. @default "aws" */
  partition?: string;
}

/** One statement of an IAM policy document, as S3 bucket policies spell it. */
export interface PolicyStatement {
  /** The statement's id. */
  Sid: string;
  /** Always "Allow". */
  Effect: "Allow";
  /** CloudTrail's service principal, `cloudtrail.amazonaws.com`. */
  Principal: { Service: string };
  /** `s3:GetBucketAcl` or `s3:PutObject`. */
  Action: string;
  /** The bucket, or the key pattern log files are written under. */
  Resource: string;
  /** The trail's ARN as `aws:SourceArn`, and for writes the `bucket-owner-full-control` ACL. */
  Condition: { StringEquals: Record<string, string> };
}

/** An S3 bucket policy document (`JSON.stringify` it for the bucket's `policy`). */
export interface PolicyDocument {
  /** The policy language version. */
  Version: "2012-10-17";
  /** The statements. */
  Statement: PolicyStatement[];
}

/**
 * The bucket policy CloudTrail needs before it accepts the bucket for a trail: its service
 * principal may read the bucket's ACL and write log files under `AWSLogs/<account>/` (and
 * `AWSLogs/<organization>/` for an organization trail), giving the bucket owner full control of
 * them; every statement is limited to this trail by `aws:SourceArn`. On real AWS, CreateTrail
 * fails with InsufficientS3BucketPolicyException until the bucket has it.
 */
export function trailBucketPolicy(args: TrailBucketPolicyArgs): PolicyDocument {
  const partition = args.partition ?? "aws";
  if (!/^\d{12}$/.test(args.accountId))
    throw new Error(`accountId must be 12 digits; got "${args.accountId}"`);
  if (args.organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(args.organizationId)) {
    throw new Error(
      `organizationId has the form o-<10 to 32 lowercase letters or digits>; got "${args.organizationId}"`,
    );
  }
  const bucket = `arn:${partition}:s3:::${args.bucketName}`;
  const prefix = args.s3KeyPrefix ? `${args.s3KeyPrefix.replace(/\/+$/, "")}/` : "";
  const trailArn = `arn:${partition}:cloudtrail:${args.region}:${args.accountId}:trail/${args.trailName}`;
  const principal = { Service: "cloudtrail.amazonaws.com" };
  const write = (sid: string, owner: string): PolicyStatement => ({
    Sid: sid,
    Effect: "Allow",
    Principal: principal,
    Action: "s3:PutObject",
    Resource: `${bucket}/${prefix}AWSLogs/${owner}/*`,
    Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArn } },
  });
  const statements: PolicyStatement[] = [
    {
      Sid: "AWSCloudTrailAclCheck",
      Effect: "Allow",
      Principal: principal,
      Action: "s3:GetBucketAcl",
      Resource: bucket,
      Condition: { StringEquals: { "aws:SourceArn": trailArn } },
    },
    write("AWSCloudTrailWrite", args.accountId),
  ];
  if (args.organizationId) statements.push(write("AWSCloudTrailOrganizationWrite", args.organizationId));
  return { Version: "2012-10-17", Statement: statements };
}
