#!/usr/bin/env node
import { parseArgs } from "node:util";
import { start, type EmulatorOptions, type KnownCredential } from "./server";
import type { Fault } from "./controls";
import type { OrganizationInput } from "./organization";

const USAGE = `Usage: cloudtrail-emulator [options]
  --port N                  port to listen on (default 4566; 0 picks a free one)
  --host H                  address to bind (default 127.0.0.1)
  --allowed-host NAME       answer requests whose Host is NAME too (repeatable; .domain for its
                            subdomains); others beyond localhost and this machine's addresses get 403
  --state FILE              keep state in FILE across restarts
  --rate-scale X            multiply AWS's API rates (default 1; 0 turns throttling off)
  --page-size N             page size of List* operations (default 50)
  --account ID              account of unknown access keys (default 123456789012)
  --credential K:S:ACCOUNT  a key whose signatures are verified (repeatable)
  --strict-credentials      refuse keys not given with --credential (UnrecognizedClientException)
  --admin-token T           admin calls (/_emulator/...) need authorization: Bearer T
  --max-body-bytes N        refuse larger request bodies with 413 (default 1048576)
  --log-limit N             request log entries kept, oldest dropped (default 10000)
  --log-bytes N             request log bytes kept, oldest dropped (default 67108864)
  --event-limit N           LookupEvents events kept per account and region (default 20000)
  --s3-bucket, --kms-key, --sns-topic, --iam-role, --log-group NAME
                            register a resource so existence checks find it (repeatable);
                            a kind with nothing registered accepts any name
  --organization-account ID an organization management account (TRAIL-6)
  --organization MGMT[:MEMBER,...]
                            an organization: its management account and members (ORG-2)
  --resource-type T         accept an extra resources.type value (repeatable)
  --fault OP:KIND[:COUNT[:MS]]  script a fault (KIND: throttle, internal, reset, latency)
  --lake-closed             refuse CreateEventDataStore from accounts that never had a store (EDS-15)
  --query-run-seconds N     how long a Lake query stays RUNNING on the emulator's clock (default 0)
  --lake-event-bytes N      JSON bytes of events one account's stores hold together; more are
                            refused (default 268435456)
  --object-bytes N          bytes the object store holds, as base64 (default 536870912)
  --query-timeout-seconds N wall time a query may execute before it ends TIMED_OUT (default 60; Lake's: 3600)
  --query-memory SIZE       DuckDB's memory_limit for queries (default 1GB)
  --query-temp-disk SIZE    disk queries may spill to, in a temp directory the emulator owns (default 1GB)
  --query-results-mb N      memory every query's kept results may hold; oldest expire first (default 256)
  --help`;

/** The command line's flags, with their defaults. */
function flags() {
  return parseArgs({
    options: {
      port: { type: "string", default: "4566" },
      host: { type: "string", default: "127.0.0.1" },
      "allowed-host": { type: "string", multiple: true, default: [] },
      state: { type: "string" },
      "rate-scale": { type: "string", default: "1" },
      "page-size": { type: "string", default: "50" },
      account: { type: "string", default: "123456789012" },
      credential: { type: "string", multiple: true, default: [] },
      "strict-credentials": { type: "boolean", default: false },
      "admin-token": { type: "string" },
      "max-body-bytes": { type: "string", default: "1048576" },
      "log-limit": { type: "string", default: "10000" },
      "log-bytes": { type: "string", default: "67108864" },
      "event-limit": { type: "string", default: "20000" },
      "s3-bucket": { type: "string", multiple: true, default: [] },
      "kms-key": { type: "string", multiple: true, default: [] },
      "sns-topic": { type: "string", multiple: true, default: [] },
      "iam-role": { type: "string", multiple: true, default: [] },
      "log-group": { type: "string", multiple: true, default: [] },
      "organization-account": { type: "string", multiple: true, default: [] },
      organization: { type: "string" },
      "resource-type": { type: "string", multiple: true, default: [] },
      fault: { type: "string", multiple: true, default: [] },
      "lake-closed": { type: "boolean", default: false },
      "query-run-seconds": { type: "string", default: "0" },
      "lake-event-bytes": { type: "string", default: "268435456" },
      "object-bytes": { type: "string", default: "536870912" },
      "query-timeout-seconds": { type: "string", default: "60" },
      "query-memory": { type: "string", default: "1GB" },
      "query-temp-disk": { type: "string", default: "1GB" },
      "query-results-mb": { type: "string", default: "256" },
      help: { type: "boolean", default: false },
    },
  }).values;
}

type Flags = ReturnType<typeof flags>;

/** A flag's number: finite and not negative. */
function number(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} takes a number, not ${text}`);
  return n;
}

/** A DuckDB size: a number and a unit (KB, MB, GB, KiB, MiB, GiB), as memory_limit takes it. */
function size(name: string, text: string): string {
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(text))
    throw new Error(`--${name} takes a size such as 512MB or 2GB, not ${text}`);
  return text;
}

/** `--credential KEY:SECRET:ACCOUNT`, each. */
function credentialFlags(given: string[]): Record<string, KnownCredential> {
  const credentials = Object.create(null) as Record<string, KnownCredential>;
  for (const c of given) {
    const [key, secret, account] = c.split(":");
    if (!key || !secret || !/^\d{12}$/.test(account ?? ""))
      throw new Error(`--credential takes KEY:SECRET:ACCOUNT, not ${c}`);
    credentials[key] = { secretAccessKey: secret, account };
  }
  return credentials;
}

/** `--fault OP:KIND[:COUNT[:MS]]`, each. */
function faultFlags(given: string[]): Fault[] {
  return given.map((f) => {
    const [operation, kind, count, ms] = f.split(":");
    if (!operation || !["throttle", "internal", "reset", "latency"].includes(kind)) {
      throw new Error(
        `--fault takes OP:KIND[:COUNT[:MS]] with KIND throttle, internal, reset or latency, not ${f}`,
      );
    }
    return {
      operation,
      kind: kind as Fault["kind"],
      count: count ? number("fault", count) : 1,
      latencyMs: ms ? number("fault", ms) : undefined,
    };
  });
}

/** The emulator's options from the flags, each checked (a bad one is an Error naming the flag). */
function emulatorOptions(values: Flags): EmulatorOptions {
  if (!/^\d{12}$/.test(values.account)) throw new Error(`--account takes 12 digits, not ${values.account}`);
  const credentials = credentialFlags(values.credential);
  const faults = faultFlags(values.fault);
  return {
    port: number("port", values.port),
    host: values.host,
    allowedHosts: values["allowed-host"],
    stateFile: values.state,
    rateScale: number("rate-scale", values["rate-scale"]),
    pageSize: number("page-size", values["page-size"]),
    defaultAccount: values.account,
    credentials,
    strictCredentials: values["strict-credentials"],
    adminToken: values["admin-token"],
    maxBodyBytes: number("max-body-bytes", values["max-body-bytes"]),
    logLimit: number("log-limit", values["log-limit"]),
    logBytes: number("log-bytes", values["log-bytes"]),
    eventLimit: number("event-limit", values["event-limit"]),
    extraResourceTypes: values["resource-type"],
    faults,
    lake: {
      closedToNewCustomers: values["lake-closed"],
      queryRunSeconds: number("query-run-seconds", values["query-run-seconds"]),
      accountEventBytes: number("lake-event-bytes", values["lake-event-bytes"]),
      objectBytes: number("object-bytes", values["object-bytes"]),
      queryTimeoutSeconds: number("query-timeout-seconds", values["query-timeout-seconds"]),
    },
    queryEngine: {
      memoryLimit: size("query-memory", values["query-memory"]),
      maxTempSize: size("query-temp-disk", values["query-temp-disk"]),
      resultBytes: number("query-results-mb", values["query-results-mb"]) * 1024 * 1024,
    },
    organization: organizationOption(values.organization),
    register: {
      s3Buckets: values["s3-bucket"],
      kmsKeys: values["kms-key"],
      snsTopics: values["sns-topic"],
      iamRoles: values["iam-role"],
      logGroups: values["log-group"],
      organizationAccounts: values["organization-account"],
    },
  };
}

async function main(): Promise<void> {
  const values = flags();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const emulator = await start(emulatorOptions(values));
  console.log(`cloudtrail-emulator listening on ${emulator.url}`);
  const stop = () => void emulator.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** `--organization MGMT[:MEMBER,...]`; start() validates the ids. */
function organizationOption(text: string | undefined): OrganizationInput | undefined {
  if (text === undefined) return undefined;
  const [managementAccount, members = ""] = text.split(":", 2);
  return { managementAccount, memberAccounts: members.split(",").filter((m) => m !== "") };
}

main().catch((e: unknown) => {
  console.error(`cloudtrail-emulator: ${e instanceof Error ? e.message : String(e)}`);
  // A system error (a port in use, a state file it may not read) is no usage mistake: no usage text, exit 1.
  const code = (e as { code?: string }).code;
  if (code === "EADDRINUSE")
    console.error("Another process listens on that port: stop it, or give --port another.");
  if (code !== undefined && !code.startsWith("ERR_PARSE_ARGS")) process.exit(1);
  console.error(USAGE);
  process.exit(2);
});
