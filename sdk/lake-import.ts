import * as pulumi from "@pulumi/pulumi";
import { lazyProvider } from "./lazy-provider";
import type { Inputs } from "./input";
import type { LakeImportInputs } from "./inputs";

/** Inputs of a {@link LakeImport}: every value may be a Pulumi `Input` (shape and docs: schema.json). */
export interface LakeImportArgs extends Inputs<LakeImportInputs> {}

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
