import { ListImportFailuresCommand } from "@aws-sdk/client-cloudtrail";
import { InvalidArgumentsError, lakeClient, type LakeClientOptions } from "./lake-client";

/** A file or prefix an import could not read (IMP-4, IMP-5). */
export interface ImportFailure {
  /** The S3 location, `s3://bucket/key`. */
  location: string;
  /** FAILED, RETRY or SUCCEEDED. */
  status: string;
  /** Such as `FileReadError`. */
  errorType: string;
  /** CloudTrail's explanation. */
  errorMessage: string;
  /** When the failure was last updated. */
  lastUpdatedTime?: Date;
}

/** Every failure of an import, across all pages of ListImportFailures (IMP-4). */
export async function listImportFailures(
  importId: string,
  options: LakeClientOptions = {},
): Promise<ImportFailure[]> {
  if (!/^[a-zA-Z0-9-]{36}$/.test(importId))
    throw new InvalidArgumentsError("listImportFailures", [
      { property: "importId", reason: `${importId} is not an import id (a UUID) (IMP-4)` },
    ]);
  const ct = await lakeClient("listImportFailures", options);
  const failures: ImportFailure[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ct.send(new ListImportFailuresCommand({ ImportId: importId, NextToken }));
    for (const f of page.Failures ?? [])
      failures.push({
        location: f.Location ?? "",
        status: f.Status ?? "",
        errorType: f.ErrorType ?? "",
        errorMessage: f.ErrorMessage ?? "",
        lastUpdatedTime: f.LastUpdatedTime,
      });
    NextToken = page.NextToken;
  } while (NextToken);
  return failures;
}
