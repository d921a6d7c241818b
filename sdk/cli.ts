#!/usr/bin/env node
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { GetImportCommand, type LookupAttributeKey } from "@aws-sdk/client-cloudtrail";
import { loadSharedConfigFiles } from "@smithy/core/config";
import { SingleBar } from "cli-progress";
import { closest, distance } from "fastest-levenshtein";
import { readEventLines } from "./cli-events";
import { TABLE_MAX_ROWS, escapeControl, flush, rowPrinter, safeJson, write } from "./cli-output";
import { InvalidArgumentsError, lakeClient, sleep, type LakeClientOptions } from "./lake-client";
import { listImportFailures } from "./list-import-failures";
import { listInsightsData, listInsightsMetricData } from "./insights";
import { lookupEvents } from "./lookup-events";
import type { InsightType } from "./trail-insight-selectors";
import { putAuditEvents, PutAuditEventsError } from "./put-audit-events";
import { runQuery } from "./run-query";
import { startDashboardRefresh, type DashboardQueryParameter } from "./start-dashboard-refresh";
import { generateQuery, searchSampleQueries } from "./sample-queries";
import { VALIDATE_LOGS_USAGE, validateLogsCommand } from "./validate-logs-cli";

const USAGE = `Usage: cloudtrail-lake <command> [options]

Commands:
  query <statement>          run a Lake query; a table on a terminal (CSV past ${TABLE_MAX_ROWS} rows), CSV otherwise
      --alias ALIAS          run the query template of this alias (generate-query's) instead of a statement
      --format table|csv|json  output format
      --param VALUE          a value of the alias's next query parameter (repeatable)
      --delivery-s3-uri URI  also deliver the results to s3://bucket/prefix
      --timeout SECONDS      cancel the query after this long (default 600)
  put-events [FILE]          send JSON Lines (one event per line) from FILE or stdin; every line
                             is checked before anything is sent
      --channel ARN          the channel (required)
      --external-id ID       the external ID the channel's policy requires
      --json                 one JSON line per event on stdout (the default in a pipe)
      --force                send lines that lack required fields too (CloudTrail takes any JSON object)
  lookup                     print event history (LookupEvents) as JSON Lines
      --attribute KEY=VALUE  at most one, such as EventName=CreateTrail
      --start TIME, --end TIME  such as 2026-01-31T00:00:00Z
      --max N                events printed (default all)
  sample-queries <phrase>    search Lake's sample queries, the most relevant first
      --limit N              at most N queries (default all that match)
      --json                 one JSON line per query (the default in a pipe)
  generate-query <prompt>    a Lake query from an English prompt (GenerateQuery): the statement on
                             stdout, its alias on stderr
      --event-data-store ID  the event data store to query, by ARN or ID (required)
      --json                 the statement and alias as one JSON line (the default in a pipe)
  import-status <import-id>  an import's status, statistics and failures
      --wait                 follow the import until it ends
  dashboard-refresh <dashboard>  refresh a Lake dashboard (its name or ARN); prints the refresh id
      --param NAME=VALUE     a query parameter value, such as '$StartTime$=2026-01-31 00:00:00' (repeatable)
  insights-metrics           an Insights metric (ListInsightsMetricData) as JSON Lines of
                             {timestamp, value}, oldest first
      --source S, --name N   the API, such as --source s3.amazonaws.com --name PutObject (required)
      --type T               ApiCallRateInsight or ApiErrorRateInsight (required)
      --error-code C         the error counted (required with ApiErrorRateInsight)
      --trail T              a trail with Insights on data events (default: management events)
      --start TIME, --end TIME  such as 2026-01-31T00:00:00Z
      --period SECONDS       60, 300 or 3600 (default 3600)
      --fill-zeros           a point for every period, not only those with calls
  insights-events <trail-arn>  a trail's Insights events on data events (ListInsightsData) as JSON Lines
      --dimension KEY=VALUE  at most one of EventId, EventName, EventSource
      --start TIME, --end TIME  such as 2026-01-31T00:00:00Z
${VALIDATE_LOGS_USAGE}

Options of every command:
  --region R, --profile P   where calls go (default: the AWS SDK's chain)
  --endpoint URL            default: AWS_ENDPOINT_URL_CLOUDTRAIL (every command but put-events) or
                            AWS_ENDPOINT_URL_CLOUDTRAIL_DATA (put-events), then AWS_ENDPOINT_URL
  --help

Exit codes: 0 done; 1 the service refused or failed (query FAILED, events refused,
import FAILED or STOPPED); 2 invalid usage or arguments; 130 interrupted (the query is cancelled).`;

/** Exit codes a script can rely on. */
const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

class UsageError extends Error {}

type OptionSpec = { type: "string" | "boolean"; multiple?: boolean; short?: string };
type Values = Record<string, string | boolean | string[] | undefined>;
type Command = {
  options: Record<string, OptionSpec>;
  run: (args: string[], values: Values, client: LakeClientOptions) => Promise<number>;
};

const COMMON: Record<string, OptionSpec> = {
  region: { type: "string" },
  profile: { type: "string" },
  endpoint: { type: "string" },
  help: { type: "boolean", short: "h" },
};

/** Each command takes its own options and the common ones, no others. */
const COMMANDS: Record<string, Command> = {
  query: {
    options: {
      alias: { type: "string" },
      format: { type: "string" },
      param: { type: "string", multiple: true },
      "delivery-s3-uri": { type: "string" },
      timeout: { type: "string" },
    },
    run: query,
  },
  "put-events": {
    options: {
      channel: { type: "string" },
      "external-id": { type: "string" },
      json: { type: "boolean" },
      force: { type: "boolean" },
    },
    run: putEvents,
  },
  lookup: {
    options: {
      // Repeatable, so that a second one is refused (LOOK-1) rather than silently winning.
      attribute: { type: "string", multiple: true },
      start: { type: "string" },
      end: { type: "string" },
      max: { type: "string" },
    },
    run: lookup,
  },
  "sample-queries": {
    options: { limit: { type: "string" }, json: { type: "boolean" } },
    run: sampleQueries,
  },
  "generate-query": {
    options: { "event-data-store": { type: "string" }, json: { type: "boolean" } },
    run: generate,
  },
  "import-status": { options: { wait: { type: "boolean" } }, run: importStatus },
  "dashboard-refresh": { options: { param: { type: "string", multiple: true } }, run: dashboardRefresh },
  "insights-metrics": {
    options: {
      source: { type: "string" },
      name: { type: "string" },
      type: { type: "string" },
      "error-code": { type: "string" },
      trail: { type: "string" },
      start: { type: "string" },
      end: { type: "string" },
      period: { type: "string" },
      "fill-zeros": { type: "boolean" },
    },
    run: insightsMetrics,
  },
  "insights-events": {
    options: {
      dimension: { type: "string", multiple: true },
      start: { type: "string" },
      end: { type: "string" },
    },
    run: insightsEvents,
  },
};

async function main(argv: string[]): Promise<number> {
  // The AWS SDK warns on Node 20 that its 2027 releases need Node 22: a note for developers, not the CLI's users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // A command with options of its own: it parses them itself (sdk/validate-logs-cli.ts).
  if (argv[0] === "validate-logs") return validateLogsCommand(argv.slice(1));
  const every = Object.assign({}, COMMON, ...Object.values(COMMANDS).map((c) => c.options)) as Record<
    string,
    OptionSpec
  >;
  // A first pass over every command's options finds the command, whatever comes before it.
  const first = parseArgs({
    args: argv,
    options: every,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const commandToken = first.tokens.find((t) => t.kind === "positional");
  const name = commandToken?.kind === "positional" ? commandToken.value : undefined;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (name !== undefined && !command)
    throw new UsageError(`unknown command ${name}; the commands are ${Object.keys(COMMANDS).join(", ")}`);
  const rest = argv.filter((_, i) => i !== commandToken?.index);
  const { values, positionals } = parseOptions(rest, command, name);
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const profile = values.profile as string | undefined;
  if (profile !== undefined) await checkProfile(profile);
  const client: LakeClientOptions = {
    region: values.region as string | undefined,
    profile,
    endpoint: values.endpoint as string | undefined,
  };
  return command.run(positionals, values, client);
}

/** The command's options, strictly: an unknown option, a missing value or a value given to a switch is a usage error. */
function parseOptions(
  args: string[],
  command: Command | undefined,
  name: string | undefined,
): { values: Values; positionals: string[] } {
  const options = { ...COMMON, ...command?.options };
  const { values, positionals, tokens } = parseArgs({
    args,
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const spec = options[token.name];
    if (!spec) throw new UsageError(unknownOption(token.rawName, name));
    // Non-strict parsing takes the next option (`--format --json`) as the value: a value is never an option.
    if (
      spec.type === "string" &&
      (token.value === undefined || (!token.inlineValue && token.value.startsWith("--")))
    )
      throw new UsageError(`${token.rawName} takes a value: ${token.rawName} VALUE`);
    if (spec.type === "boolean" && token.inlineValue)
      throw new UsageError(`${token.rawName} takes no value; give ${token.rawName} alone`);
  }
  return { values, positionals };
}

function unknownOption(raw: string, command: string | undefined): string {
  const bare = raw.replace(/^-+/, "").split("=")[0];
  const owners = Object.entries(COMMANDS)
    .filter(([, c]) => bare in c.options)
    .map(([n]) => n);
  if (command && owners.length > 0)
    return `--${bare} is an option of ${owners.join(" and ")}, not of ${command}`;
  const own = Object.keys({ ...COMMON, ...(command ? COMMANDS[command].options : {}) });
  const near = closest(bare, own);
  const hint = distance(bare, near) <= 2 ? `; did you mean --${near}?` : "";
  return `unknown option ${raw}${command ? ` for ${command}` : ""}${hint}`;
}

/** A named profile that no shared config file holds would surface as a vague credentials error later. */
async function checkProfile(profile: string): Promise<void> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles();
  if (profile in configFile || profile in credentialsFile) return;
  const known = [...new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)])];
  throw new UsageError(
    `--profile ${profile}: no profile of that name in the shared config files ` +
      `(${process.env.AWS_CONFIG_FILE ?? "~/.aws/config"}, ${process.env.AWS_SHARED_CREDENTIALS_FILE ?? "~/.aws/credentials"}); ` +
      (known.length > 0 ? `the profiles there: ${known.join(", ")}` : "they hold no profile"),
  );
}

function number(values: Values, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--${name} takes a positive number, not ${String(raw)}`);
  return n;
}

function time(values: Values, name: string): string | undefined {
  const raw = values[name] as string | undefined;
  if (raw !== undefined && Number.isNaN(Date.parse(raw)))
    throw new UsageError(`--${name} takes a time such as 2026-01-31T00:00:00Z (ISO 8601), not ${raw}`);
  return raw;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

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
  const alias = values.alias as string | undefined;
  if (args.length === 0 && alias === undefined)
    throw new UsageError(
      'query needs a statement or --alias: cloudtrail-lake query "SELECT eventName FROM <store id>"',
    );
  if (args.length > 0 && alias !== undefined)
    throw new UsageError("query takes a statement or --alias, not both (Q-8)");
  const format = (values.format as string | undefined) ?? (process.stdout.isTTY ? "table" : "csv");
  if (format !== "table" && format !== "csv" && format !== "json")
    throw new UsageError(`--format is table, csv or json, not ${format}`);
  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error("interrupted"));
  process.once("SIGINT", interrupt);
  const progress = progressLine();
  const began = Date.now();
  const printer = rowPrinter(format, process.stdout, (note) => process.stderr.write(`${note}\n`));
  let columns: string[] | undefined;
  try {
    const result = await runQuery(alias === undefined ? args.join(" ") : { queryAlias: alias }, {
      ...client,
      parameters: values.param as string[] | undefined,
      deliveryS3Uri: values["delivery-s3-uri"] as string | undefined,
      timeoutSeconds: number(values, "timeout"),
      signal: controller.signal,
      onProgress: (status, stats) =>
        progress(
          `query ${status}: ${Math.round((Date.now() - began) / 1000)} s, ${stats.eventsScanned ?? 0} events scanned`,
        ),
      // Page by page, so that memory holds one page of a large result, not all of it.
      onPage: async (rows) => {
        if (columns === undefined && process.stderr.isTTY) process.stderr.write("\n");
        columns ??= rows.length > 0 ? Object.keys(rows[0]) : undefined;
        if (columns) await printer.page(columns, rows);
      },
    });
    await printer.end(columns ?? []);
    const delivered = result.deliveryS3Uri
      ? `; delivered to ${result.deliveryS3Uri}: ${result.deliveryStatus}`
      : "";
    process.stderr.write(`${plural(result.rowCount, "row")}, query ${result.queryId}${delivered}\n`);
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

/** SQL as Lake wrote it, its lines kept, other control characters escaped. */
const multiline = (text: string) => text.split("\n").map(escapeControl).join("\n");

async function sampleQueries(args: string[], values: Values, client: LakeClientOptions): Promise<number> {
  if (args.length === 0)
    throw new UsageError('sample-queries needs a phrase: cloudtrail-lake sample-queries "console sign-ins"');
  const found = await searchSampleQueries(args.join(" "), { ...client, limit: number(values, "limit") });
  const json = values.json === true || !process.stdout.isTTY;
  for (const q of found) {
    if (json) await write(process.stdout, `${safeJson(q)}\n`);
    else
      await write(
        process.stdout,
        `${escapeControl(q.name)} (relevance ${q.relevance})\n  ${escapeControl(q.description)}\n\n${multiline(q.sql)}\n\n`,
      );
  }
  process.stderr.write(
    `${plural(found.length, "sample query", "sample queries")}; each names its store $EDS_ID\n`,
  );
  return EXIT.ok;
}

async function generate(args: string[], values: Values, client: LakeClientOptions): Promise<number> {
  const store = values["event-data-store"] as string | undefined;
  if (args.length === 0 || !store)
    throw new UsageError(
      'generate-query needs a prompt and --event-data-store: cloudtrail-lake generate-query "top errors this week" --event-data-store <store id>',
    );
  const generated = await generateQuery(args.join(" "), store, client);
  if (values.json === true || !process.stdout.isTTY) {
    await write(process.stdout, `${safeJson(generated)}\n`);
  } else {
    await write(process.stdout, `${multiline(generated.queryStatement)}\n`);
    process.stderr.write(
      `query alias ${generated.queryAlias}: cloudtrail-lake query --alias ${generated.queryAlias}\n`,
    );
  }
  return EXIT.ok;
}

/** Failures listed one by one on a terminal before the rest is only counted. */
const LISTED_ON_TERMINAL = 20;

function readInput(file: string | undefined): Buffer {
  try {
    return fs.readFileSync(file ?? 0);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "a directory" : (e as Error).message;
    throw new UsageError(`put-events cannot read ${file ?? "stdin"}: ${why}`);
  }
}

async function putEvents(args: string[], values: Values, client: LakeClientOptions): Promise<number> {
  const channel = values.channel as string | undefined;
  if (!channel) throw new UsageError("put-events needs --channel ARN");
  if (args.length > 1)
    throw new UsageError(`put-events reads one file, not ${args.length}: ${args.join(" ")}`);
  const { events, problems } = readEventLines(readInput(args[0]));
  const refused = problems.filter((p) => !p.forcible || !values.force);
  if (refused.length > 0) {
    const shown = refused.slice(0, LISTED_ON_TERMINAL);
    for (const p of shown) process.stderr.write(`line ${p.line} ${escapeControl(p.problem)}\n`);
    if (refused.length > shown.length)
      process.stderr.write(`... and ${refused.length - shown.length} more\n`);
    const forcible = refused.every((p) => p.forcible);
    throw new UsageError(
      `${plural(refused.length, "line")} cannot be sent as ${refused.length === 1 ? "it is" : "they are"}; nothing was sent` +
        (forcible ? " (--force sends them anyway: CloudTrail takes any JSON object)" : ""),
    );
  }
  for (const p of problems) process.stderr.write(`line ${p.line} ${p.problem}; sent anyway (--force)\n`);
  // Per-line JSON for scripts: asked for, or stdout is not a terminal; a person gets the bar and a summary.
  const perLine = values.json === true || !process.stdout.isTTY;
  const bar = process.stderr.isTTY
    ? new SingleBar({
        format: "put-events [{bar}] {value}/{total} events, {requests} requests",
        stream: process.stderr,
      })
    : undefined;
  bar?.start(events.length, 0, { requests: 0 });
  let requests = 0;
  const lineOf = (index: number) => events[index]?.line ?? 0;
  try {
    const result = await putAuditEvents(
      channel,
      events.map((e) => e.text),
      {
        ...client,
        externalId: values["external-id"] as string | undefined,
        onBatch: (done) => bar?.update(done, { requests: ++requests }),
      },
    );
    bar?.stop();
    const failed = [...result.failed].sort((a, b) => a.index - b.index);
    const listed = perLine ? failed : failed.slice(0, LISTED_ON_TERMINAL);
    for (const f of listed)
      process.stderr.write(`line ${lineOf(f.index)}: ${f.errorCode}: ${escapeControl(f.errorMessage)}\n`);
    if (failed.length > listed.length)
      process.stderr.write(`... and ${failed.length - listed.length} more (--json lists every line)\n`);
    if (perLine) {
      const outcomes = [
        ...result.successful.map((s) => ({
          index: s.index,
          text: safeJson({ line: lineOf(s.index), eventID: s.eventID }),
        })),
        ...failed.map((f) => ({
          index: f.index,
          text: safeJson({ line: lineOf(f.index), errorCode: f.errorCode, errorMessage: f.errorMessage }),
        })),
      ].sort((a, b) => a.index - b.index);
      for (const o of outcomes) await write(process.stdout, `${o.text}\n`);
    }
    process.stderr.write(
      `${plural(result.successful.length, "event")} ingested, ${result.failed.length} failed, ${plural(result.requests, "request")}\n`,
    );
    return result.failed.length === 0 ? EXIT.ok : EXIT.failed;
  } catch (e) {
    bar?.stop();
    if (e instanceof PutAuditEventsError)
      process.stderr.write(
        `${plural(e.result.successful.length, "event")} ingested, ${e.result.failed.length} not ingested (${e.code})\n`,
      );
    throw e;
  }
}

async function lookup(_: string[], values: Values, client: LakeClientOptions): Promise<number> {
  const attributes = (values.attribute as string[] | undefined) ?? [];
  if (attributes.length > 1)
    throw new UsageError(
      `--attribute is given ${attributes.length} times; LookupEvents takes at most one (LOOK-1)`,
    );
  const [attribute] = attributes;
  const [key, ...rest] = attribute?.split("=") ?? [];
  if (attribute !== undefined && rest.length === 0)
    throw new UsageError(`--attribute takes KEY=VALUE, such as EventName=CreateTrail, not ${attribute}`);
  const max = number(values, "max") ?? Infinity;
  let printed = 0;
  for await (const event of lookupEvents({
    ...client,
    lookupAttributes: attribute
      ? [{ attributeKey: key as LookupAttributeKey, attributeValue: rest.join("=") }]
      : undefined,
    startTime: time(values, "start"),
    endTime: time(values, "end"),
  })) {
    if (printed >= max) break;
    await write(
      process.stdout,
      `${safeJson({
        eventTime: event.eventTime,
        eventName: event.eventName,
        eventSource: event.eventSource,
        username: event.username,
        resources: event.resources.map((r) => r.resourceName),
        eventId: event.eventId,
      })}\n`,
    );
    printed++;
  }
  return EXIT.ok;
}

async function dashboardRefresh(args: string[], values: Values, client: LakeClientOptions): Promise<number> {
  const dashboard = args[0];
  if (!dashboard)
    throw new UsageError(
      "dashboard-refresh needs a dashboard: cloudtrail-lake dashboard-refresh NAME_OR_ARN",
    );
  const queryParameterValues: Record<string, string> = {};
  for (const param of (values.param as string[] | undefined) ?? []) {
    const eq = param.indexOf("=");
    if (eq < 1) throw new UsageError(`--param takes NAME=VALUE, such as '$Period$=hour'; got ${param}`);
    queryParameterValues[param.slice(0, eq)] = param.slice(eq + 1);
  }
  const refreshId = await startDashboardRefresh(dashboard, {
    ...client,
    queryParameterValues: values.param
      ? (queryParameterValues as Record<DashboardQueryParameter, string>)
      : undefined,
  });
  await write(process.stdout, `${safeJson({ dashboard, refreshId })}\n`);
  return EXIT.ok;
}

async function insightsMetrics(_: string[], values: Values, client: LakeClientOptions): Promise<number> {
  for (const required of ["source", "name", "type"])
    if (values[required] === undefined) throw new UsageError(`insights-metrics needs --${required}`);
  const { points } = await listInsightsMetricData({
    ...client,
    eventSource: values.source as string,
    eventName: values.name as string,
    insightType: values.type as InsightType,
    errorCode: values["error-code"] as string | undefined,
    trail: values.trail as string | undefined,
    startTime: time(values, "start"),
    endTime: time(values, "end"),
    period: number(values, "period") as 60 | 300 | 3600 | undefined,
    dataType: values["fill-zeros"] ? "FillWithZeros" : undefined,
  });
  for (const p of points) await write(process.stdout, `${safeJson(p)}\n`);
  return EXIT.ok;
}

async function insightsEvents(args: string[], values: Values, client: LakeClientOptions): Promise<number> {
  if (args.length !== 1) throw new UsageError("insights-events takes one trail ARN");
  const given = (values.dimension as string[] | undefined) ?? [];
  if (given.length > 1)
    throw new UsageError(
      `--dimension is given ${given.length} times; ListInsightsData takes at most one (INS-9)`,
    );
  const dimensions: Record<string, string> = {};
  for (const d of given) {
    const [key, ...rest] = d.split("=");
    if (rest.length === 0)
      throw new UsageError(`--dimension takes KEY=VALUE, such as EventName=PutObject, not ${d}`);
    dimensions[`${key[0]?.toLowerCase() ?? ""}${key.slice(1)}`] = rest.join("=");
  }
  const events = await listInsightsData({
    ...client,
    trailArn: args[0],
    dimensions,
    startTime: time(values, "start"),
    endTime: time(values, "end"),
  });
  for (const e of events) await write(process.stdout, `${safeJson(e)}\n`);
  return EXIT.ok;
}

async function importStatus(args: string[], values: Values, client: LakeClientOptions): Promise<number> {
  const importId = args[0];
  if (!importId)
    throw new UsageError("import-status needs an import id: cloudtrail-lake import-status IMPORT_ID");
  const ct = await lakeClient("import-status", client);
  const progress = progressLine();
  if (values.wait)
    process.stderr.write(
      "An import reads each day of log files under its source in turn: minutes for a few days of logs, " +
        "hours for years. Ctrl-C stops following it; the import goes on.\n",
    );
  let delay = 1000;
  for (;;) {
    const imp = await ct.send(new GetImportCommand({ ImportId: importId }));
    const s = imp.ImportStatistics ?? {};
    progress(
      `import ${importId} ${imp.ImportStatus}: prefixes ${s.PrefixesCompleted ?? 0}/${s.PrefixesFound ?? 0}, ` +
        `${plural(s.FilesCompleted ?? 0, "file")}, ${plural(s.EventsCompleted ?? 0, "event")}, ` +
        `${plural(s.FailedEntries ?? 0, "failed entry", "failed entries")}`,
    );
    const running = imp.ImportStatus === "INITIALIZING" || imp.ImportStatus === "IN_PROGRESS";
    if (running && values.wait) {
      await sleep(delay);
      delay = Math.min(delay * 1.5, 15_000);
      continue;
    }
    if (process.stderr.isTTY) process.stderr.write("\n");
    await write(
      process.stdout,
      `${safeJson({ importId, status: imp.ImportStatus, statistics: imp.ImportStatistics })}\n`,
    );
    for (const f of await listImportFailures(importId, client))
      process.stderr.write(`${f.location}: ${f.errorType}: ${escapeControl(f.errorMessage)}\n`);
    return imp.ImportStatus === "FAILED" || imp.ImportStatus === "STOPPED" ? EXIT.failed : EXIT.ok;
  }
}

/** No region or no credentials: the SDK refused before sending anything, so it is the caller's to fix. */
const isConfigurationError = (e: unknown) =>
  (e as Error).name === "CredentialsProviderError" || (e as Error).message === "Region is missing";

/** Exits once stdout and stderr have handed everything to the OS: process.exit alone cuts a pipe's output. */
async function exit(code: number): Promise<never> {
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}

// A reader that stops early (`| head`) is not a failure of the command.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(EXIT.ok);
  throw e;
});

main(process.argv.slice(2)).then(exit, (e: unknown) => {
  const configuration = isConfigurationError(e);
  const usage = configuration || e instanceof UsageError || e instanceof InvalidArgumentsError;
  process.stderr.write(`cloudtrail-lake: ${(e as Error).message}\n`);
  if (usage) process.stderr.write("Run cloudtrail-lake --help for usage.\n");
  if (configuration)
    process.stderr.write(
      "Give --region (or AWS_REGION) and credentials (--profile, or the AWS SDK's chain); against the " +
        "emulator, --endpoint http://127.0.0.1:4566 and any AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.\n",
    );
  return exit(usage ? EXIT.usage : EXIT.failed);
});
