// The main job until the engine harness lands: starts the emulator on a free port and runs a
// scripted trail lifecycle through the AWS SDK, with AWS's own rate limits switched on.
import {
  AddTagsCommand,
  CreateTrailCommand,
  DeleteTrailCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  LookupEventsCommand,
  PutEventSelectorsCommand,
  PutInsightSelectorsCommand,
  StartLoggingCommand,
} from "@aws-sdk/client-cloudtrail";
import { EmulatorAdmin, start } from "../emulator";
import { createCloudTrailClient } from "../provider/client";

async function main(): Promise<void> {
  process.env.AWS_ACCESS_KEY_ID ??= "demo";
  process.env.AWS_SECRET_ACCESS_KEY ??= "demo";
  const emulator = await start({ port: 0 });
  console.log(`emulator: ${emulator.url} (AWS rate limits on)`);
  try {
    const ct = createCloudTrailClient({ region: "us-east-1", endpoint: emulator.url });
    const step = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
      const result = await fn();
      console.log(`  ✔ ${label}`);
      return result;
    };
    const trail = await step("CreateTrail org-audit (multi-region)", () =>
      ct.send(
        new CreateTrailCommand({
          Name: "org-audit",
          S3BucketName: "org-audit-logs",
          IsMultiRegionTrail: true,
          EnableLogFileValidation: true,
        }),
      ),
    );
    await step("PutEventSelectors: S3 data events on one bucket, management events without KMS", () =>
      ct.send(
        new PutEventSelectorsCommand({
          TrailName: "org-audit",
          AdvancedEventSelectors: [
            {
              Name: "S3 objects in org-audit-data",
              FieldSelectors: [
                { Field: "eventCategory", Equals: ["Data"] },
                { Field: "resources.type", Equals: ["AWS::S3::Object"] },
                { Field: "resources.ARN", StartsWith: ["arn:aws:s3:::org-audit-data/"] },
              ],
            },
            {
              Name: "Management events except KMS",
              FieldSelectors: [
                { Field: "eventCategory", Equals: ["Management"] },
                { Field: "eventSource", NotEquals: ["kms.amazonaws.com"] },
              ],
            },
          ],
        }),
      ),
    );
    await step("PutInsightSelectors: ApiCallRateInsight, ApiErrorRateInsight", () =>
      ct.send(
        new PutInsightSelectorsCommand({
          TrailName: "org-audit",
          InsightSelectors: [{ InsightType: "ApiCallRateInsight" }, { InsightType: "ApiErrorRateInsight" }],
        }),
      ),
    );
    await step("AddTags team=platform", () =>
      ct.send(
        new AddTagsCommand({ ResourceId: trail.TrailARN!, TagsList: [{ Key: "team", Value: "platform" }] }),
      ),
    );
    await step("StartLogging", () => ct.send(new StartLoggingCommand({ Name: "org-audit" })));

    console.log("\nCloudTrail state read back through the AWS SDK:");
    const got = (await ct.send(new GetTrailCommand({ Name: "org-audit" }))).Trail!;
    const status = await ct.send(new GetTrailStatusCommand({ Name: "org-audit" }));
    const selectors = await ct.send(new GetEventSelectorsCommand({ TrailName: "org-audit" }));
    const insights = await ct.send(new GetInsightSelectorsCommand({ TrailName: "org-audit" }));
    const tags = await ct.send(new ListTagsCommand({ ResourceIdList: [trail.TrailARN!] }));
    console.log(
      `  trail      ${got.TrailARN} (home ${got.HomeRegion}, multi-region ${got.IsMultiRegionTrail})`,
    );
    console.log(`  logging    ${status.IsLogging}`);
    console.log(`  selectors  ${(selectors.AdvancedEventSelectors ?? []).map((s) => s.Name).join("; ")}`);
    console.log(`  insights   ${(insights.InsightSelectors ?? []).map((s) => s.InsightType).join(", ")}`);
    console.log(
      `  tags       ${(tags.ResourceTagList?.[0].TagsList ?? []).map((x) => `${x.Key}=${x.Value}`).join(", ")}`,
    );
    const events = await ct.send(new LookupEventsCommand({ MaxResults: 50 }));
    console.log(
      `  events     ${(events.Events ?? [])
        .map((e) => e.EventName)
        .reverse()
        .join(" → ")}`,
    );

    console.log("");
    await step("DeleteTrail", () => ct.send(new DeleteTrailCommand({ Name: "org-audit" })));
    const log = await new EmulatorAdmin(emulator.url).log();
    const throttled = log.filter((l) => l.outcome === "ThrottlingException").length;
    console.log(`\n${log.length} API calls, ${throttled} throttled; demo finished`);
  } finally {
    await emulator.stop();
  }
}

main().catch((e: unknown) => {
  console.error(`demo failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  process.exit(1);
});
