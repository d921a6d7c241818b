#!/usr/bin/env node
import * as fs from "node:fs";
import * as readline from "node:readline";
import { parseArgs } from "node:util";
import { GetImportCommand, type LookupAttributeKey } from "@aws-sdk/client-cloudtrail";
import { SingleBar } from "cli-progress";
import Table from "cli-table3";
import { stringify } from "csv-stringify/sync";
import { InvalidArgumentsError, lakeClient, sleep, type LakeClientOptions } from "./lake-client";
import { listImportFailures } from "./list-import-failures";
import { lookupEvents } from "./lookup-events";
import { putAuditEvents, PutAuditEventsError, type AuditEventInput } from "./put-audit-events";
import { runQuery } from "./run-query";
import { VALIDATE_LOGS_USAGE, validateLogsCommand } from "./validate-logs-cli";

const USAGE = `Usage: cloudtrail-lake <command> [options]

Commands:
  query <statement>          run a Lake query; a table on a terminal, CSV otherwise
      --format table|csv|json  output format
      --param VALUE          a value for the statement's next ? (repeatable)
      --delivery-s3-uri URI  also deliver the results to s3://bucket/prefix
      --timeout SECONDS      cancel the query after this long (default 600)
  put-events [FILE]          send JSON Lines (one event per line) from FILE or stdin
      --channel ARN          the channel (required)
      --external-id ID       the external ID the channel's policy requires
  lookup                     print event history (LookupEvents) as JSON Lines
      --attribute KEY=VALUE  at most one, such as EventName=CreateTrail
      --start TIME, --end TIME, --max N (events printed; default all)
  import-status <import-id>  an import's status, statistics and failures
      --wait                 follow the import until it ends
${VALIDATE_LOGS_USAGE}

Options of every command:
  --region R, --profile P, --endpoint URL   where calls go (default: the AWS SDK's chain)
  --help

Exit codes: 0 done; 1 the service refused or failed (query FAILED, events refused,
import FAILED or STOPPED); 2 invalid usage or arguments; 130 interrupted (the query is cancelled).`;

/** Exit codes a script can rely on. */
const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

class UsageError extends Error {}

type Values = Record<string, string | boolean | string[] | undefined>;

async function main(argv: string[]): Promise<number> {
  // A command with options of its own: it parses them itself.
  if (argv[0] === "validate-logs") return validateLogsCommand(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      region: { type: "string" },
      profile: { type: "string" },
      endpoint: { type: "string" },
      format: { type: "string" },
      param: { type: "string", multiple: true },
      "delivery-s3-uri": { type: "string" },
      timeout: { type: "string" },
      channel: { type: "string" },
      "external-id": { type: "string" },
      // Repeatable, so that a second one is refused (LOOK-1) rather than silently winning.
      attribute: { type: "string", multiple: true },
      start: { type: "string" },
      end: { type: "string" },
      max: { type: "string" },
      wait: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const client: LakeClientOptions = {
    region: values.region,
    profile: values.profile,
    endpoint: values.endpoint,
  };
  switch (command) {
    case "query":
      return query(args, values, client);
    case "put-events":
      return putEvents(args, values, client);
    case "lookup":
      return lookup(values, client);
    case "import-status":
      return importStatus(args, values, client);
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

function number(values: Values, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--${name} takes a positive number, not ${String(raw)}`);
  return n;
}

/** Progress lines on stderr: rewritten in place on a terminal, one per change otherwise. */
function progressLine(): (text: string) => void {
  let last = "";
  return (text) => {
    if (text === last) return;
    last = text;
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
    else process.stderr.write(`${text}\n`);
  };
}

async function query(args: string[], values: Values, client: LakeClientOptions): Promise<number> {
  const statement = args.join(" ");
  const format = (values.format as string | undefined) ?? (process.stdout.isTTY ? "table" : "csv");
  if (!["table", "csv", "json"].includes(format))
    throw new UsageError(`--format is table, csv or json, not ${format}`);
  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error("interrupted"));
  process.once("SIGINT", interrupt);
  const progress = progressLine();
  const began = Date.now();
  try {
    const result = await runQuery(statement, {
      ...client,
      parameters: values.param as string[] | undefined,
      deliveryS3Uri: values["delivery-s3-uri"] as string | undefined,
      timeoutSeconds: number(values, "timeout"),
      signal: controller.signal,
      onProgress: (status, stats) =>
        progress(
          `query ${status}: ${Math.round((Date.now() - began) / 1000)} s, ${stats.eventsScanned ?? 0} events scanned`,
        ),
    });
    if (process.stderr.isTTY) process.stderr.write("\n");
    if (format === "json") for (const row of result.rows) console.log(JSON.stringify(row));
    else if (format === "csv")
      process.stdout.write(stringify(result.rows, { header: true, columns: result.columns }));
    else {
      const table = new Table({ head: result.columns });
      for (const row of result.rows) table.push(result.columns.map((c) => row[c] ?? ""));
      console.log(table.toString());
    }
    const delivered = result.deliveryS3Uri
      ? `; delivered to ${result.deliveryS3Uri}: ${result.deliveryStatus}`
      : "";
    process.stderr.write(`${result.rows.length} rows, query ${result.queryId}${delivered}\n`);
    return EXIT.ok;
  } catch (e) {
    if (controller.signal.aborted) {
      process.stderr.write("\ninterrupted: the query was cancelled\n");
      return EXIT.interrupted;
    }
    throw e;
  } finally {
    process.off("SIGINT", interrupt);
  }
}

async function readLines(file: string | undefined): Promise<string[]> {
  const input = file ? fs.createReadStream(file) : process.stdin;
  const lines: string[] = [];
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity }))
    if (line.trim() !== "") lines.push(line);
  return lines;
}

async function putEvents(args: string[], values: Values, client: LakeClientOptions): Promise<number> {
  const channel = values.channel as string | undefined;
  if (!channel) throw new UsageError("put-events needs --channel ARN");
  const lines = await readLines(args[0]);
  const events: AuditEventInput[] = lines.map((line, i) => {
    try {
      return { eventData: JSON.parse(line) as Record<string, unknown> };
    } catch {
      throw new UsageError(`line ${i + 1} is not JSON`);
    }
  });
  const bar = process.stderr.isTTY
    ? new SingleBar({ format: "put-events [{bar}] {value}/{total} events", stream: process.stderr })
    : undefined;
  bar?.start(events.length, 0);
  try {
    const result = await putAuditEvents(channel, events, {
      ...client,
      externalId: values["external-id"] as string | undefined,
      onBatch: (done) => bar?.update(done),
    });
    bar?.stop();
    for (const f of result.failed)
      process.stderr.write(`line ${f.index + 1}: ${f.errorCode}: ${f.errorMessage}\n`);
    for (const s of result.successful) console.log(JSON.stringify({ line: s.index + 1, eventID: s.eventID }));
    process.stderr.write(
      `${result.successful.length} events ingested, ${result.failed.length} failed, ${result.requests} requests\n`,
    );
    return result.failed.length === 0 ? EXIT.ok : EXIT.failed;
  } catch (e) {
    bar?.stop();
    if (e instanceof PutAuditEventsError)
      process.stderr.write(
        `${e.result.successful.length} events ingested, ${e.result.failed.length} not ingested (${e.code})\n`,
      );
    throw e;
  }
}

async function lookup(values: Values, client: LakeClientOptions): Promise<number> {
  const attributes = (values.attribute as string[] | undefined) ?? [];
  if (attributes.length > 1)
    throw new UsageError(
      `--attribute is given ${attributes.length} times; LookupEvents takes at most one (LOOK-1)`,
    );
  const [attribute] = attributes;
  const [key, ...rest] = attribute?.split("=") ?? [];
  if (attribute !== undefined && rest.length === 0) throw new UsageError("--attribute takes KEY=VALUE");
  const max = number(values, "max") ?? Infinity;
  let printed = 0;
  for await (const page of lookupEvents({
    ...client,
    lookupAttributes: attribute
      ? [{ attributeKey: key as LookupAttributeKey, attributeValue: rest.join("=") }]
      : undefined,
    startTime: values.start as string | undefined,
    endTime: values.end as string | undefined,
  })) {
    for (const event of page) {
      if (printed >= max) return EXIT.ok;
      console.log(
        JSON.stringify({
          eventTime: event.EventTime,
          eventName: event.EventName,
          eventSource: event.EventSource,
          username: event.Username,
          resources: event.Resources?.map((r) => r.ResourceName),
          eventId: event.EventId,
        }),
      );
      printed++;
    }
  }
  return EXIT.ok;
}

async function importStatus(args: string[], values: Values, client: LakeClientOptions): Promise<number> {
  const importId = args[0];
  if (!importId) throw new UsageError("import-status needs an import id");
  const ct = lakeClient(client);
  const progress = progressLine();
  let delay = 1000;
  for (;;) {
    const imp = await ct.send(new GetImportCommand({ ImportId: importId }));
    const s = imp.ImportStatistics ?? {};
    progress(
      `import ${importId} ${imp.ImportStatus}: prefixes ${s.PrefixesCompleted ?? 0}/${s.PrefixesFound ?? 0}, ` +
        `${s.FilesCompleted ?? 0} files, ${s.EventsCompleted ?? 0} events, ${s.FailedEntries ?? 0} failed entries`,
    );
    const running = imp.ImportStatus === "INITIALIZING" || imp.ImportStatus === "IN_PROGRESS";
    if (running && values.wait) {
      await sleep(delay);
      delay = Math.min(delay * 1.5, 15_000);
      continue;
    }
    if (process.stderr.isTTY) process.stderr.write("\n");
    console.log(JSON.stringify({ importId, status: imp.ImportStatus, statistics: imp.ImportStatistics }));
    for (const f of await listImportFailures(importId, client))
      process.stderr.write(`${f.location}: ${f.errorType}: ${f.errorMessage}\n`);
    return imp.ImportStatus === "FAILED" || imp.ImportStatus === "STOPPED" ? EXIT.failed : EXIT.ok;
  }
}

/** No region or no credentials: the SDK refused before sending anything, so it is the caller's to fix. */
const isConfigurationError = (e: unknown) =>
  (e as Error).name === "CredentialsProviderError" || (e as Error).message === "Region is missing";

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const configuration = isConfigurationError(e);
    const usage =
      configuration ||
      e instanceof UsageError ||
      e instanceof InvalidArgumentsError ||
      (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`cloudtrail-lake: ${(e as Error).message}\n`);
    if (e instanceof UsageError) process.stderr.write("Run cloudtrail-lake --help for usage.\n");
    if (configuration)
      process.stderr.write(
        "Give --region (or AWS_REGION) and credentials (--profile, or the AWS SDK's chain); against the " +
          "emulator, --endpoint http://127.0.0.1:4566 and any AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.\n",
      );
    process.exit(usage ? EXIT.usage : EXIT.failed);
  },
);
