import * as pulumi from "@pulumi/pulumi";
import { lazyProvider } from "./lazy-provider";

/** Inputs of a {@link Trail}. */
export interface TrailArgs {
  /** The trail's name (NAME-1); changing it replaces the trail. Default: the resource name, a dash and 7 hex digits derived from the project, stack and resource name (the same in preview and up). */
  name?: pulumi.Input<string>;
  /** S3 bucket that receives the log files (NAME-4). */
  s3BucketName: pulumi.Input<string>;
  /** Key prefix of the log files, at most 2000 characters (NAME-4). Default none. */
  s3KeyPrefix?: pulumi.Input<string>;
  /** SNS topic (name or ARN) notified of each log file delivery. Default none. */
  snsTopicName?: pulumi.Input<string>;
  /** Log events of global services such as IAM; must stay true on a multi-region trail (TRAIL-5). Default true. */
  includeGlobalServiceEvents?: pulumi.Input<boolean>;
  /** Log events of every region (TRAIL-3, TRAIL-5). Default false. */
  isMultiRegionTrail?: pulumi.Input<boolean>;
  /** Deliver digest files for log file integrity validation. Default false. */
  enableLogFileValidation?: pulumi.Input<boolean>;
  /** CloudWatch Logs log group ARN (ending `:*`) that receives the events; needs cloudWatchLogsRoleArn (TRAIL-4). Default none. */
  cloudWatchLogsLogGroupArn?: pulumi.Input<string>;
  /** IAM role CloudTrail assumes to write to the log group; needs cloudWatchLogsLogGroupArn (TRAIL-4). Default none. */
  cloudWatchLogsRoleArn?: pulumi.Input<string>;
  /** KMS key (id, ARN or alias) that encrypts the log files. Default: S3's own encryption. */
  kmsKeyId?: pulumi.Input<string>;
  /** Log every account of the organization; the stack's account must be its management or delegated administrator account (TRAIL-6). Default false. */
  isOrganizationTrail?: pulumi.Input<boolean>;
  /** Whether the trail logs: StartLogging after create, StopLogging/StartLogging on change (TRAIL-7). Default true. */
  enableLogging?: pulumi.Input<boolean>;
  /** Tags, at most 50 (NAME-6); an update adds and removes only the keys that changed. Default none. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Take over an existing trail of this name at create and bring it to these settings (output
   * `adopted` is then true). Without it an existing name fails with TrailAlreadyExistsException's
   * meaning spelled out (TRAIL-2). Pulumi's `import` does not reach dynamic providers. Default false.
   */
  adopt?: pulumi.Input<boolean>;
}

const TRAIL_OUTPUTS = [
  "name",
  "arn",
  "homeRegion",
  "s3KeyPrefix",
  "snsTopicName",
  "snsTopicArn",
  "includeGlobalServiceEvents",
  "isMultiRegionTrail",
  "enableLogFileValidation",
  "logFileValidationEnabled",
  "cloudWatchLogsLogGroupArn",
  "cloudWatchLogsRoleArn",
  "kmsKeyId",
  "kmsKeyArn",
  "isOrganizationTrail",
  "enableLogging",
  "isLogging",
  "tags",
  "adopted",
];

const provider = lazyProvider("pulumi-cloudtrail/dist/provider/trail", "trailProvider");

/**
 * A CloudTrail trail, with its logging switched on or off. Event selectors and Insights are
 * separate resources ({@link TrailEventSelectors}, {@link TrailInsightSelectors}); without
 * selectors a trail logs all management events (TRAIL-8).
 */
export class Trail extends pulumi.dynamic.Resource {
  /** The trail's name (given or generated). */
  declare readonly name: pulumi.Output<string>;
  /** The trail's ARN; also the resource id. */
  declare readonly arn: pulumi.Output<string>;
  /** The region the trail was created in: the only one where it can be changed (TRAIL-3). */
  declare readonly homeRegion: pulumi.Output<string>;
  declare readonly s3BucketName: pulumi.Output<string>;
  declare readonly s3KeyPrefix: pulumi.Output<string | undefined>;
  declare readonly snsTopicName: pulumi.Output<string | undefined>;
  /** ARN of the SNS topic, when one is set. */
  declare readonly snsTopicArn: pulumi.Output<string | undefined>;
  declare readonly includeGlobalServiceEvents: pulumi.Output<boolean>;
  declare readonly isMultiRegionTrail: pulumi.Output<boolean>;
  declare readonly enableLogFileValidation: pulumi.Output<boolean>;
  /** Whether CloudTrail reports log file validation on. */
  declare readonly logFileValidationEnabled: pulumi.Output<boolean>;
  declare readonly cloudWatchLogsLogGroupArn: pulumi.Output<string | undefined>;
  declare readonly cloudWatchLogsRoleArn: pulumi.Output<string | undefined>;
  declare readonly kmsKeyId: pulumi.Output<string | undefined>;
  /** The key ARN CloudTrail reports for kmsKeyId. */
  declare readonly kmsKeyArn: pulumi.Output<string | undefined>;
  declare readonly isOrganizationTrail: pulumi.Output<boolean>;
  declare readonly enableLogging: pulumi.Output<boolean>;
  /** Whether the trail is logging, from GetTrailStatus. */
  declare readonly isLogging: pulumi.Output<boolean>;
  declare readonly tags: pulumi.Output<Record<string, string>>;
  /** True when create took over an existing trail (`adopt`). */
  declare readonly adopted: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: TrailArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output must be a key of the registered props, or Pulumi gives the resource no such property.
    const outputs = Object.fromEntries(TRAIL_OUTPUTS.map((k) => [k, undefined]));
    // The provider derives a generated name from these, the same in preview and up.
    const naming = { __autoName: name, __stack: `${pulumi.getProject()}/${pulumi.getStack()}` };
    super(provider, name, { ...outputs, ...args, ...naming }, opts, "cloudtrail", "Trail");
  }
}
