import * as pulumi from "@pulumi/pulumi";
import { lazyProvider } from "./lazy-provider";

/** Inputs of a {@link LakeImport}. */
export interface LakeImportArgs {
  /** The event data store that receives the events: exactly one ARN, of a store of CloudTrail events (IMP-1, IMP-6); a change replaces the import. */
  destinations: pulumi.Input<pulumi.Input<string>[]>;
  /** Where the trail log files are read from (IMP-1, IMP-5); a change replaces the import. */
  importSource: pulumi.Input<{
    /** The S3 location of the log files and the role that reads them (IMP-5). */
    s3: pulumi.Input<{
      /** `s3://bucket/prefix` of log files as trails deliver them (IMP-5). */
      s3LocationUri: pulumi.Input<string>;
      /** The bucket's region, such as `us-east-1`. */
      s3BucketRegion: pulumi.Input<string>;
      /** The IAM role CloudTrail assumes to read the bucket. */
      s3BucketAccessRoleArn: pulumi.Input<string>;
    }>;
  }>;
  /** Import only events at or after this time (ISO 8601), not after endEventTime (IMP-2). @default the earliest */
  startEventTime?: pulumi.Input<string>;
  /** Import only events at or before this time (ISO 8601) (IMP-2). @default the latest */
  endEventTime?: pulumi.Input<string>;
  /** Create (and a retry) return only once the import is COMPLETED, FAILED or STOPPED, polling with backoff. @default false */
  waitForCompletion?: pulumi.Input<boolean>;
  /** Raise it to start a FAILED or STOPPED import again in place (StartImport with its ImportId). @default 0 */
  retry?: pulumi.Input<number>;
}

/** What an import has done so far (IMP-4). */
export interface LakeImportStatistics {
  /** Prefixes (days of log files) found under the source. */
  prefixesFound: number;
  /** Prefixes whose files were all read. */
  prefixesCompleted: number;
  /** Log files read. */
  filesCompleted: number;
  /** Events imported (inside startEventTime..endEventTime). */
  eventsCompleted: number;
  /** Files that could not be read (see `failures`). */
  failedEntries: number;
}

/** A file the import could not read (IMP-5). */
export interface LakeImportFailure {
  /** The file, `s3://bucket/key`. */
  location: string;
  /** Such as `FileReadError`. */
  errorType: string;
  /** CloudTrail's explanation. */
  errorMessage: string;
}

const provider = lazyProvider("pulumi-cloudtrail/dist/provider/lake-import", "lakeImportProvider");

/**
 * A CloudTrail Lake import of trail log files from S3 into an event data store (seed 001). Create
 * starts it (one import at a time per account, IMP-3); `pulumi refresh` brings its status,
 * statistics and first failures up to date; destroy stops it while it runs and otherwise only
 * forgets it, since imports cannot be deleted.
 */
export class LakeImport extends pulumi.dynamic.Resource {
  /** The import's id; also the resource id. */
  declare readonly importId: pulumi.Output<string>;
  /** INITIALIZING, IN_PROGRESS, COMPLETED, FAILED or STOPPED, as of the last create, update or refresh (IMP-4). */
  declare readonly importStatus: pulumi.Output<string>;
  /** Prefixes, files and events done, and failed entries (IMP-4). */
  declare readonly statistics: pulumi.Output<LakeImportStatistics>;
  /** The first (up to 10) files that failed (ListImportFailures). */
  declare readonly failures: pulumi.Output<LakeImportFailure[]>;
  /** When the import was created, ISO 8601. */
  declare readonly createdTimestamp: pulumi.Output<string>;
  /** The destination store's ARN, as given (IMP-1). */
  declare readonly destinations: pulumi.Output<string[]>;
  /** Whether create and retry wait for the import to end. */
  declare readonly waitForCompletion: pulumi.Output<boolean | undefined>;
  /** The retry counter as last applied. */
  declare readonly retry: pulumi.Output<number | undefined>;

  constructor(name: string, args: LakeImportArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      {
        ...args,
        importId: undefined,
        importStatus: undefined,
        statistics: undefined,
        failures: undefined,
        createdTimestamp: undefined,
      },
      opts,
      "cloudtrail",
      "LakeImport",
    );
  }
}
