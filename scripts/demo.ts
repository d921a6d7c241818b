// The main job: starts the CloudTrail emulator on a free port (AWS's rate limits on), deploys
// examples/org-audit-trail and examples/lake-audit with the engine harness (or the real Pulumi CLI
// when installed), runs a second up (and, for lake-audit, a refresh) that must report no changes,
// prints what CloudTrail holds, and stops.
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import {
  GetChannelCommand,
  GetEventDataStoreCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListChannelsCommand,
  ListEventDataStoresCommand,
  ListTagsCommand,
  ListTrailsCommand,
} from "@aws-sdk/client-cloudtrail";
import { EmulatorAdmin, start } from "cloudtrail-emulator";
import { createCloudTrailClient } from "../provider/client";
import { HarnessStack, PACKAGE_ROOT, packageLink } from "../test/harness/stack";
import { pulumiCliAvailable, runWithPulumiCli } from "../test/harness/pulumi-cli";

const EXAMPLES = ["org-audit-trail", "lake-audit"];
const REGION = "us-east-1";

async function main(): Promise<void> {
  const credentials = { AWS_ACCESS_KEY_ID: "demo", AWS_SECRET_ACCESS_KEY: "demo" };
  Object.assign(process.env, credentials);
  const emulator = await start({ port: 0 });
  const admin = new EmulatorAdmin(emulator.url);
  console.log(`emulator: ${emulator.url} (AWS rate limits on)\n`);
  const config = { "aws:region": REGION, "cloudtrail:endpoint": emulator.url };
  let failed = false;
  try {
    for (const example of EXAMPLES) failed = (await deploy(example, config, credentials)) || failed;
    await printCloudTrail(emulator.url);
    failed = (await sendApplicationEvents(emulator.url, credentials)) || failed;
    const log = await admin.log();
    const throttled = log.filter((e) => e.outcome === "ThrottlingException").length;
    console.log(
      `\n${log.length} CloudTrail calls in all (the demo's reads included), ${throttled} throttled`,
    );
  } finally {
    await emulator.stop();
  }
  if (failed) {
    console.error("demo failed");
    process.exit(1);
  }
}

/** Deploys one example, then a second up and a refresh that must change nothing; true when it failed. */
async function deploy(
  example: string,
  config: Record<string, string>,
  credentials: Record<string, string>,
): Promise<boolean> {
  const projectDir = path.join(PACKAGE_ROOT, "examples", example);
  if (pulumiCliAvailable()) {
    console.log(`pulumi CLI found: pulumi up in examples/${example}`);
    const run = runWithPulumiCli(projectDir, config, credentials);
    console.log(run.up, run.secondPreview);
    return run.secondPreviewStatus !== 0;
  }
  console.log(
    `examples/${example}: pulumi CLI not on PATH, deploying with the engine harness (Pulumi's own dynamic-provider plugin over gRPC)\n`,
  );
  const stack = new HarnessStack({
    program: path.join(PACKAGE_ROOT, "dist", "examples", example, "index.js"),
    projectDir,
    project: example,
    config,
    env: credentials,
  });
  const first = await stack.up();
  console.log(first.summary, "\n");
  const second = await stack.up();
  const changes = second.steps.filter((s) => s.op !== "same");
  console.log(
    `second up: ${changes.length === 0 && second.ok ? "no changes" : "CHANGES (a diff that flaps)"}`,
  );
  console.log(second.summary, "\n");
  const refresh = await stack.refresh();
  const drift = refresh.steps.filter((s) => s.op !== "same");
  console.log(
    `refresh: ${drift.length === 0 && refresh.ok ? "no changes" : "CHANGES (drift right after an up)"}\n`,
  );
  return !first.ok || !second.ok || changes.length > 0 || !refresh.ok || drift.length > 0;
}

/**
 * Runs examples/lake-audit/audit-events.js as a user would, against the channel the example
 * deployed and the store behind it, and prints the rows it queried back; true when it failed.
 */
async function sendApplicationEvents(
  endpoint: string,
  credentials: Record<string, string>,
): Promise<boolean> {
  const ct = createCloudTrailClient({ region: REGION, endpoint });
  const listed = (await ct.send(new ListChannelsCommand({}))).Channels ?? [];
  const channel = listed.find((c) => c.Name === "lake-audit-applications");
  if (!channel) {
    console.error("examples/lake-audit: its channel lake-audit-applications is not there");
    return true;
  }
  const { Destinations } = await ct.send(new GetChannelCommand({ Channel: channel.ChannelArn }));
  const script = path.join(PACKAGE_ROOT, "dist", "examples", "lake-audit", "audit-events.js");
  console.log(
    "\nexamples/lake-audit/audit-events.ts: application events sent through the channel with putAuditEvents, read back with runQuery:",
  );
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [script, channel.ChannelArn!, Destinations?.[0]?.Location ?? ""],
      {
        env: {
          ...process.env,
          ...credentials,
          NODE_PATH: packageLink(),
          AWS_REGION: REGION,
          AWS_ENDPOINT_URL: endpoint,
        },
      },
    );
    console.log(stdout);
    return false;
  } catch (e) {
    console.error((e as Error).message);
    return true;
  }
}

async function printCloudTrail(endpoint: string): Promise<void> {
  const ct = createCloudTrailClient({ region: REGION, endpoint });
  console.log("CloudTrail now holds (read back through the AWS SDK):");
  for (const { Name } of (await ct.send(new ListTrailsCommand({}))).Trails ?? []) {
    const trail = (await ct.send(new GetTrailCommand({ Name }))).Trail!;
    const status = await ct.send(new GetTrailStatusCommand({ Name }));
    const selectors = await ct.send(new GetEventSelectorsCommand({ TrailName: Name }));
    const insights = await ct.send(new GetInsightSelectorsCommand({ TrailName: Name }));
    const tags = await ct.send(new ListTagsCommand({ ResourceIdList: [trail.TrailARN!] }));
    console.log(`  trail ${trail.Name}  ${trail.TrailARN}`);
    console.log(
      `    bucket ${trail.S3BucketName}, multi-region ${trail.IsMultiRegionTrail}, log file validation ${trail.LogFileValidationEnabled}, logging ${status.IsLogging}`,
    );
    for (const s of selectors.AdvancedEventSelectors ?? []) {
      const conditions = (s.FieldSelectors ?? []).map((f) => {
        const [op, values] =
          Object.entries(f).find(([k, v]) => k !== "Field" && Array.isArray(v) && v.length > 0) ?? [];
        return `${f.Field} ${op} ${JSON.stringify(values)}`;
      });
      console.log(`    selector "${s.Name}": ${conditions.join(" AND ")}`);
    }
    console.log(`    insights: ${(insights.InsightSelectors ?? []).map((i) => i.InsightType).join(", ")}`);
    console.log(
      `    tags: ${(tags.ResourceTagList?.[0]?.TagsList ?? []).map((t) => `${t.Key}=${t.Value}`).join(", ")}`,
    );
  }
  for (const { EventDataStoreArn } of (await ct.send(new ListEventDataStoresCommand({}))).EventDataStores ??
    []) {
    const s = await ct.send(new GetEventDataStoreCommand({ EventDataStore: EventDataStoreArn }));
    const categories = (s.AdvancedEventSelectors ?? []).flatMap(
      (a) => a.FieldSelectors?.find((f) => f.Field === "eventCategory")?.Equals ?? [],
    );
    console.log(`  event data store ${s.Name}  ${s.EventDataStoreArn}`);
    console.log(
      `    ${s.Status}, ${categories.join("/")} events, ${s.RetentionPeriod} days, termination protection ${s.TerminationProtectionEnabled}, federation ${s.FederationStatus}`,
    );
    const insights = await ct
      .send(new GetInsightSelectorsCommand({ EventDataStore: s.EventDataStoreArn }))
      .catch(() => undefined);
    if (insights?.InsightSelectors?.length)
      console.log(
        `    insights: ${insights.InsightSelectors.map((i) => i.InsightType).join(", ")} -> ${insights.InsightsDestination}`,
      );
  }
  for (const { ChannelArn } of (await ct.send(new ListChannelsCommand({}))).Channels ?? []) {
    const c = await ct.send(new GetChannelCommand({ Channel: ChannelArn }));
    console.log(`  channel ${c.Name}  ${c.ChannelArn}`);
    console.log(`    source ${c.Source} -> ${(c.Destinations ?? []).map((d) => d.Location).join(", ")}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
