import { parseArgs } from "node:util";
import { InvalidArgumentsError } from "./lake-client";
import {
  validateLogs,
  ValidateLogsError,
  type CheckedFile,
  type ValidateLogsResult,
  type ValidationCounts,
} from "./validate-logs";

/** The `validate-logs` command's part of `cloudtrail-lake --help`. */
export const VALIDATE_LOGS_USAGE = `  validate-logs              validate a trail's log files by its digests (as aws cloudtrail validate-logs)
      --trail-arn ARN        the trail (required)
      --start-time TIME      log files delivered at or after this UTC time (required)
      --end-time TIME        log files delivered at or before this UTC time (default now)
      --s3-bucket B, --s3-prefix P   where the digests are, when not the trail's bucket and prefix
      --account-id ID        an organization trail's member account to validate
      --organization-id ID   an organization trail's organization (default: read from the bucket)
      --verbose              also list every valid file
      --json                 print the result as JSON instead of the summary
      exit codes: 0 all valid; 1 a file invalid or missing, or a bucket not readable;
      2 usage, a trail without validation, no digests in the range`;

const OPTIONS = {
  "trail-arn": { type: "string" },
  "start-time": { type: "string" },
  "end-time": { type: "string" },
  "s3-bucket": { type: "string" },
  "s3-prefix": { type: "string" },
  "account-id": { type: "string" },
  "organization-id": { type: "string" },
  verbose: { type: "boolean" },
  json: { type: "boolean" },
  region: { type: "string" },
  profile: { type: "string" },
  endpoint: { type: "string" },
  help: { type: "boolean" },
} as const;

/** How often, at most, a progress line is written: short runs print none. */
const PROGRESS_EVERY_MS = 2000;

/**
 * `cloudtrail-lake validate-logs`: runs {@link validateLogs} and reports as the AWS CLI does: the
 * range, each invalid or missing file and each gap on stderr, every valid file with `--verbose`,
 * then the summary on stdout. Resolves to the exit code; usage mistakes throw InvalidArgumentsError.
 */
export async function validateLogsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  if (values.help) {
    console.log(
      `Usage: cloudtrail-lake validate-logs --trail-arn ARN --start-time TIME [options]\n\n${VALIDATE_LOGS_USAGE}`,
    );
    return 0;
  }
  const refuse = (property: string, reason: string) =>
    new InvalidArgumentsError("validate-logs", [{ property, reason }]);
  if (positionals.length > 0) throw refuse("", `takes no positional arguments, not ${positionals.join(" ")}`);
  if (!values["trail-arn"]) throw refuse("--trail-arn", "is required: the ARN of the trail to validate");
  if (!values["start-time"])
    throw refuse("--start-time", "is required: a UTC time such as 2026-01-08T05:00:00Z");

  const verbose = values.verbose === true;
  const progress = throttledProgress();
  const report = (file: CheckedFile) => {
    const line = `${file.kind === "digest" ? "Digest" : "Log"} file\ts3://${file.bucket}/${file.key}\t`;
    if (file.status !== "valid") process.stderr.write(`${line}INVALID: ${file.reason}\n`);
    else if (verbose && !values.json) process.stdout.write(`${line}valid\n`);
  };
  let result: ValidateLogsResult;
  try {
    const startTime = utc(values["start-time"]);
    const endTime = values["end-time"] === undefined ? undefined : utc(values["end-time"]);
    if (!values.json)
      process.stdout.write(
        `Validating log files for trail ${values["trail-arn"]} between ${display(startTime)} and ${display(endTime ?? new Date().toISOString())}\n\n`,
      );
    result = await validateLogs(values["trail-arn"], {
      startTime,
      endTime,
      s3Bucket: values["s3-bucket"],
      s3Prefix: values["s3-prefix"],
      accountId: values["account-id"],
      organizationId: values["organization-id"],
      region: values.region,
      profile: values.profile,
      endpoint: values.endpoint,
      onFile: report,
      onProgress: progress,
    });
  } catch (e) {
    if (e instanceof InvalidArgumentsError)
      throw new InvalidArgumentsError(
        "validate-logs",
        e.failures.map((f) => ({ ...f, property: f.property && `--${kebab(f.property)}` })),
      );
    if (!(e instanceof ValidateLogsError)) throw e;
    process.stderr.write(`cloudtrail-lake validate-logs: ${e.message.replace(/^validateLogs: /, "")}\n`);
    return e.code === "BucketNotReadable" ? 1 : 2;
  } finally {
    progress.done();
  }
  for (const gap of result.gaps)
    process.stderr.write(
      `No log files were delivered by CloudTrail between ${display(gap.from)} and ${display(gap.to)}\n`,
    );
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else process.stdout.write(summary(result));
  return result.valid ? 0 : 1;
}

/** The AWS CLI's summary, with the missing files named apart from the changed ones. */
export function summary(result: ValidateLogsResult): string {
  const lines = [`Results requested for ${display(result.startTime)} to ${display(result.endTime)}`];
  if (result.foundStartTime && result.foundEndTime)
    lines.push(`Results found for ${display(result.foundStartTime)} to ${display(result.foundEndTime)}:`);
  else lines.push("No valid digests found in range");
  lines.push("");
  lines.push(ratio(result.digestFiles, "digest"));
  const logs = ratio(result.logFiles, "log");
  if (logs) lines.push(logs);
  return `${lines.join("\n")}\n`;
}

function ratio(counts: ValidateLogsResult["digestFiles"], name: string): string {
  const bad = counts.invalid + counts.missing;
  const total = counts.valid + bad;
  if (total === 0) return "";
  let line = `${counts.valid}/${total} ${name} files valid`;
  if (bad > 0)
    line += `, ${bad}/${total} ${name} files INVALID (${counts.invalid} changed or unreadable, ${counts.missing} not found)`;
  return line;
}

/** A time as given, read as UTC when it names no zone (the AWS CLI's reading), in ISO form. */
function utc(time: string): string {
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(time)
    ? time
    : /^\d{4}-\d{2}-\d{2}$/.test(time)
      ? `${time}T00:00:00Z`
      : `${time}Z`;
  const parsed = new Date(zoned);
  // An unreadable time goes on as given, so that the argument check names it.
  return Number.isNaN(parsed.getTime()) ? time : parsed.toISOString();
}

const display = (iso: string) => iso.replace(/\.\d+Z$/, "Z");

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Progress on stderr at most every {@link PROGRESS_EVERY_MS}: rewritten in place on a terminal. */
function throttledProgress(): ((counts: ValidationCounts) => void) & { done(): void } {
  let last = Date.now();
  let written = false;
  const update = (counts: ValidationCounts) => {
    if (Date.now() - last < PROGRESS_EVERY_MS) return;
    last = Date.now();
    const d = counts.digestFiles;
    const l = counts.logFiles;
    const text = `checked ${d.valid + d.invalid + d.missing} digest files, ${l.valid + l.invalid + l.missing} log files`;
    written = true;
    process.stderr.write(process.stderr.isTTY ? `\r\x1b[K${text}` : `${text}\n`);
  };
  return Object.assign(update, {
    done: () => {
      if (written && process.stderr.isTTY) process.stderr.write("\n");
    },
  });
}
