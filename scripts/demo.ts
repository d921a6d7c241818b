// The main job: starts the CloudTrail emulator on a free port (AWS's rate limits on), deploys
// examples/org-audit-trail with the engine harness (or the real Pulumi CLI when installed),
// runs a second up that must report no changes, prints what CloudTrail holds, and stops.
import * as path from "node:path";
import {
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  ListTrailsCommand,
} from "@aws-sdk/client-cloudtrail";
import { EmulatorAdmin, start } from "../emulator";
import { createCloudTrailClient } from "../provider/client";
import { HarnessStack, PACKAGE_ROOT } from "../test/harness/stack";
import { pulumiCliAvailable, runWithPulumiCli } from "../test/harness/pulumi-cli";

const EXAMPLE = "org-audit-trail";
const REGION = "us-east-1";

async function main(): Promise<void> {
  const credentials = { AWS_ACCESS_KEY_ID: "demo", AWS_SECRET_ACCESS_KEY: "demo" };
  Object.assign(process.env, credentials);
  const emulator = await start({ port: 0 });
  const admin = new EmulatorAdmin(emulator.url);
  console.log(`emulator: ${emulator.url} (AWS rate limits on)\n`);
  const config = { "aws:region": REGION, "cloudtrail:endpoint": emulator.url };
  const projectDir = path.join(PACKAGE_ROOT, "examples", EXAMPLE);
  let failed = false;
  try {
    if (pulumiCliAvailable()) {
      console.log(`pulumi CLI found: pulumi up in examples/${EXAMPLE}`);
      const run = runWithPulumiCli(projectDir, config, credentials);
      console.log(run.up, run.secondPreview);
      failed = run.secondPreviewStatus !== 0;
    } else {
      console.log(
        "pulumi CLI not on PATH: deploying with the engine harness (Pulumi's own dynamic-provider plugin over gRPC)\n",
      );
      const stack = new HarnessStack({
        program: path.join(PACKAGE_ROOT, "dist", "examples", EXAMPLE, "index.js"),
        projectDir,
        project: EXAMPLE,
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
      failed = !first.ok || !second.ok || changes.length > 0;
    }
    await printCloudTrail(emulator.url);
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
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
