import * as pulumi from "@pulumi/pulumi";
import { lazyProvider } from "./lazy-provider";
import type { Inputs } from "./input";
import type { TrailInputs } from "./inputs";

/** Inputs of a {@link Trail}: every value may be a Pulumi `Input` (shape and docs: schema.json). */
export interface TrailArgs extends Inputs<TrailInputs> {}

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
