import * as pulumi from "@pulumi/pulumi";
import { lazyProvider } from "./lazy-provider";

/** Inputs of a {@link Trail}. */
export interface TrailArgs {
  /**
   * The trail's name: 3 to 128 letters, digits, `.`, `_` or `-` (NAME-1); changing it replaces
   * the trail.
   * @default the resource name, a dash and 7 hex digits derived from the project, stack and
   * resource name (the same in preview and up)
   */
  name?: pulumi.Input<string>;
  /** S3 bucket that receives the log files (NAME-4); its policy must let CloudTrail write (see `trailBucketPolicy`). */
  s3BucketName: pulumi.Input<string>;
  /** Key prefix of the log files, at most 200 characters (NAME-4). @default none */
  s3KeyPrefix?: pulumi.Input<string>;
  /** SNS topic, by name or ARN, notified of each log file delivery (NAME-4). @default none */
  snsTopicName?: pulumi.Input<string>;
  /** Log events of global services such as IAM; must stay true on a multi-region trail (TRAIL-5). @default true */
  includeGlobalServiceEvents?: pulumi.Input<boolean>;
  /** Log events of every region (TRAIL-3, TRAIL-5). @default false */
  isMultiRegionTrail?: pulumi.Input<boolean>;
  /** Deliver digest files for log file integrity validation. @default false */
  enableLogFileValidation?: pulumi.Input<boolean>;
  /** CloudWatch Logs log group ARN (ending `:*`) that receives the events; needs cloudWatchLogsRoleArn (TRAIL-4). @default none */
  cloudWatchLogsLogGroupArn?: pulumi.Input<string>;
  /** IAM role CloudTrail assumes to write to the log group; needs cloudWatchLogsLogGroupArn (TRAIL-4). @default none */
  cloudWatchLogsRoleArn?: pulumi.Input<string>;
  /** KMS key that encrypts the log files: key id, key ARN, `alias/<name>` or alias ARN (NAME-5). @default none (S3's own encryption) */
  kmsKeyId?: pulumi.Input<string>;
  /** Log every account of the organization; the stack's account must be its management or delegated administrator account (TRAIL-6). @default false */
  isOrganizationTrail?: pulumi.Input<boolean>;
  /** Whether the trail logs: StartLogging after create, StopLogging/StartLogging on change (TRAIL-7). @default true */
  enableLogging?: pulumi.Input<boolean>;
  /** Tags, at most 50; keys 1 to 128 characters, values up to 256, no `aws:` keys (NAME-6). An update adds and removes only the keys that changed. @default {} */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Take over an existing trail of this name at create and bring it to the declared settings
   * (output `adopted` is then true); what is left undeclared stays as the trail has it, but for
   * logging (on unless `enableLogging: false`). Without it an existing name fails with
   * TrailAlreadyExistsException's meaning spelled out (TRAIL-2). Pulumi's `import` does not reach
   * dynamic providers.
   * @default false
   */
  adopt?: pulumi.Input<boolean>;
}

const TRAIL_OUTPUTS = [
  "name",
  "s3BucketName",
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
  /** The trail's name, given or generated (NAME-1). */
  declare readonly name: pulumi.Output<string>;
  /** The trail's ARN, `arn:aws:cloudtrail:<region>:<account>:trail/<name>`; also the resource id (NAME-1). */
  declare readonly arn: pulumi.Output<string>;
  /** The region the trail was created in: the only one where it can be changed (TRAIL-3). */
  declare readonly homeRegion: pulumi.Output<string>;
  /** S3 bucket that receives the log files (NAME-4). */
  declare readonly s3BucketName: pulumi.Output<string>;
  /** Key prefix of the log files (NAME-4); undefined when none. */
  declare readonly s3KeyPrefix: pulumi.Output<string | undefined>;
  /** The SNS topic as given (name or ARN) (NAME-4); undefined when none. */
  declare readonly snsTopicName: pulumi.Output<string | undefined>;
  /** ARN of the SNS topic, as CloudTrail reports it; undefined when none. */
  declare readonly snsTopicArn: pulumi.Output<string | undefined>;
  /** Whether events of global services are logged (TRAIL-5). */
  declare readonly includeGlobalServiceEvents: pulumi.Output<boolean>;
  /** Whether the trail logs every region (TRAIL-3, TRAIL-5). */
  declare readonly isMultiRegionTrail: pulumi.Output<boolean>;
  /** Whether digest files are delivered, as CloudTrail reports it. */
  declare readonly enableLogFileValidation: pulumi.Output<boolean>;
  /** Whether CloudTrail reports log file validation on; the same fact as enableLogFileValidation, under CloudTrail's name. */
  declare readonly logFileValidationEnabled: pulumi.Output<boolean>;
  /** CloudWatch Logs log group ARN (TRAIL-4); undefined when none. */
  declare readonly cloudWatchLogsLogGroupArn: pulumi.Output<string | undefined>;
  /** IAM role for the log group (TRAIL-4); undefined when none. */
  declare readonly cloudWatchLogsRoleArn: pulumi.Output<string | undefined>;
  /** The KMS key as given (id, ARN or alias) (NAME-5); undefined when none. */
  declare readonly kmsKeyId: pulumi.Output<string | undefined>;
  /** The key ARN CloudTrail reports for kmsKeyId (NAME-5); undefined when none. */
  declare readonly kmsKeyArn: pulumi.Output<string | undefined>;
  /** Whether the trail logs every account of the organization (TRAIL-6). */
  declare readonly isOrganizationTrail: pulumi.Output<boolean>;
  /** Whether the trail was last set to log (TRAIL-7). */
  declare readonly enableLogging: pulumi.Output<boolean>;
  /** Whether the trail is logging, from GetTrailStatus (TRAIL-7). */
  declare readonly isLogging: pulumi.Output<boolean>;
  /** The trail's tags (NAME-6). */
  declare readonly tags: pulumi.Output<Record<string, string>>;
  /** True when create took over an existing trail (`adopt`, TRAIL-2). */
  declare readonly adopted: pulumi.Output<boolean | undefined>;

  /**
   * Reads an existing trail into the program without managing it: the stack never creates,
   * changes or deletes it.
   * @param name the resource name in this stack
   * @param id the trail's ARN
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Trail {
    return new Trail(name, {} as TrailArgs, { ...opts, id });
  }

  constructor(name: string, args: TrailArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output must be a key of the registered props, or Pulumi gives the resource no such property.
    const outputs = Object.fromEntries(TRAIL_OUTPUTS.map((k) => [k, undefined]));
    // The provider derives a generated name from these, the same in preview and up.
    const naming = { __autoName: name, __stack: `${pulumi.getProject()}/${pulumi.getStack()}` };
    super(provider, name, { ...outputs, ...args, ...naming }, opts, "cloudtrail", "Trail");
  }
}
