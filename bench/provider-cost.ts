// What each resource kind costs, through the harness (Pulumi's dynamic-provider plugin over gRPC)
// against the emulator with throttling off: the size of its serialized `__provider` (kept in
// state with every resource and deserialized by the plugin per process), and the CloudTrail
// calls of each lifecycle step (create, no-op up, update, refresh, delete) against the API's
// minimum (bench/api-minimum.ts). Prints a table; asserts nothing.
import {
  CloudTrailClient,
  CreateEventDataStoreCommand,
  CreateTrailCommand,
  PutEventSelectorsCommand,
} from "@aws-sdk/client-cloudtrail";
import { KINDS, MINIMUM, STEPS, type Kind, type Step } from "./api-minimum";
import { benchEmulator, benchStack, takeCalls, type BenchEmulator } from "./harness-stacks";
import { TEST_CREDENTIALS } from "../test/support/emulator";
import type { RunResult } from "../test/harness/stack";

/** What the resource of `kind` needs made outside its stack: a trail's name, or a store's ARN (with an import's source). */
async function parentOf(e: BenchEmulator, kind: Kind): Promise<string> {
  const ct = new CloudTrailClient({
    endpoint: e.emulator.url,
    region: "us-east-1",
    credentials: TEST_CREDENTIALS,
  });
  if (
    kind === "TrailEventSelectors" ||
    kind === "TrailInsightSelectors" ||
    kind === "TrailEventAggregation"
  ) {
    await ct.send(new CreateTrailCommand({ Name: `parent-of-${kind}`, S3BucketName: "bench-logs" }));
    // Aggregation needs the trail to log data events (AGG-3).
    if (kind === "TrailEventAggregation")
      await ct.send(
        new PutEventSelectorsCommand({
          TrailName: `parent-of-${kind}`,
          EventSelectors: [
            { DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3:::bench-data/"] }] },
          ],
        }),
      );
    return `parent-of-${kind}`;
  }
  if (kind === "Channel") {
    const store = await ct.send(
      new CreateEventDataStoreCommand({
        Name: "channel-destination",
        AdvancedEventSelectors: [
          { FieldSelectors: [{ Field: "eventCategory", Equals: ["ActivityAuditLog"] }] },
        ],
      }),
    );
    return store.EventDataStoreArn!;
  }
  if (kind === "Dashboard") {
    // The widget's query names a store of the account (DASH-3).
    const store = await ct.send(
      new CreateEventDataStoreCommand({ Name: "dashboard-source", TerminationProtectionEnabled: false }),
    );
    return store.EventDataStoreArn!;
  }
  if (kind === "LakeImport") {
    const store = await ct.send(new CreateEventDataStoreCommand({ Name: "import-destination" }));
    // One unreadable log file: the import FAILS, so that raising retry (the update) restarts it.
    await e.admin.putObject(
      "bench-import",
      "AWSLogs/123456789012/CloudTrail/us-east-1/2026/01/10/broken.json.gz",
      "not gzip",
    );
    return store.EventDataStoreArn!;
  }
  return "";
}

type KindCost = { providerBytes: number; calls: Record<Step, string[]> };

async function measure(e: BenchEmulator, kind: Kind): Promise<KindCost> {
  const stack = benchStack(e, "one-resource", kind);
  stack.config["bench:kind"] = kind;
  stack.config["bench:parent"] = await parentOf(e, kind);
  stack.config["bench:revision"] = "0";
  const runs: Record<Step, () => Promise<RunResult>> = {
    create: () => stack.up(),
    same: () => stack.up(),
    update: () => {
      stack.config["bench:revision"] = "1";
      return stack.up();
    },
    refresh: () => stack.refresh(),
    delete: () => stack.destroy(),
  };
  const calls = {} as Record<Step, string[]>;
  let providerBytes = 0;
  await takeCalls(e);
  for (const step of STEPS) {
    // An import runs for two phases of the emulator's clock (60 s each by default) before it fails.
    if (kind === "LakeImport" && (step === "update" || step === "refresh")) await e.admin.advanceClock(121);
    const result = await runs[step]();
    if (!result.ok) throw new Error(`${kind} ${step} failed: ${result.failure?.message}`);
    calls[step] = (await takeCalls(e)).map((c) => c.operation);
    if (step === "create") {
      const provider = stack.state().resources.find((r) => r.custom)?.inputs.__provider;
      providerBytes = Buffer.byteLength(String(provider));
    }
  }
  return { providerBytes, calls };
}

/** "n (min m)", with the calls beyond the minimum named. */
function cell(calls: string[], minimum: string[]): string {
  const extra = [...calls];
  for (const call of minimum) {
    const i = extra.indexOf(call);
    if (i >= 0) extra.splice(i, 1);
  }
  return `${calls.length} (min ${minimum.length})${extra.length ? ` +${extra.join("+")}` : ""}`;
}

async function main(): Promise<void> {
  // The default account is an organization's management account: OrganizationDelegatedAdmin registers its members.
  const e = await benchEmulator({
    rateScale: 0,
    organization: { managementAccount: "123456789012", memberAccounts: ["111111111111", "222222222222"] },
  });
  try {
    console.log(
      "4. Per resource kind: serialized __provider (goal at most 4 KiB) and CloudTrail calls per step",
    );
    console.log("   against the API's minimum (bench/api-minimum.ts); calls beyond it are named");
    const rows: string[][] = [["kind", "__provider", ...STEPS]];
    for (const kind of KINDS) {
      const cost = await measure(e, kind);
      rows.push([
        kind,
        `${(cost.providerBytes / 1024).toFixed(2)} KiB`,
        ...STEPS.map((step) => cell(cost.calls[step], MINIMUM[kind][step])),
      ]);
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const row of rows) console.log(`   ${row.map((c, i) => c.padEnd(widths[i])).join("  ")}`);
  } finally {
    await e.emulator.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
