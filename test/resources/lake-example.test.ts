import * as path from "node:path";
import { GetInsightSelectorsCommand, ListEventDataStoresCommand } from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { expectNoChanges } from "../harness/expect";
import { HarnessStack, PACKAGE_ROOT } from "../harness/stack";
import { TEST_CREDENTIALS, useEmulator } from "../support/emulator";
import { expectRefreshShowsNoChange } from "./support";

describe("examples/lake-audit", function () {
  this.timeout(120_000);
  // AWS's real rate limits, as in `make demo`.
  const t = useEmulator({ rateScale: 1 });

  it("deploys unthrottled; a second up and a refresh change nothing; destroy leaves the protected stores", async () => {
    const stack = new HarnessStack({
      program: path.join(PACKAGE_ROOT, "dist", "examples", "lake-audit", "index.js"),
      projectDir: path.join(PACKAGE_ROOT, "examples", "lake-audit"),
      project: "lake-audit",
      config: { "aws:region": "us-east-1", "cloudtrail:endpoint": t.emulator.url },
      env: {
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      },
    });
    const up = await stack.up();
    expect(up.ok, up.summary).to.equal(true);
    expectNoChanges(await stack.up());
    expectRefreshShowsNoChange(await stack.refresh());
    const client = t.client();
    const stores = (await client.send(new ListEventDataStoresCommand({}))).EventDataStores ?? [];
    expect(
      stores.map((s) => `${s.Name} ${s.RetentionPeriod} ${s.TerminationProtectionEnabled}`).sort(),
    ).to.deep.equal([
      "lake-audit-activity 2557 true",
      "lake-audit-insights 2557 true",
      "lake-audit-management 365 true",
    ]);
    const insights = await client.send(
      new GetInsightSelectorsCommand({ EventDataStore: String(up.outputs.managementStoreArn) }),
    );
    expect(insights.InsightsDestination).to.equal(up.outputs.insightsStoreArn);
    expect((await t.admin.log()).filter((e) => e.outcome === "ThrottlingException")).to.deep.equal([]);
    const destroyed = await stack.destroy();
    expect(destroyed.ok).to.equal(false);
    expect(destroyed.failure!.message).to.contain("forceDestroy");
    const after = (await client.send(new ListEventDataStoresCommand({}))).EventDataStores ?? [];
    expect(after.map((s) => s.Status)).to.deep.equal(["ENABLED", "ENABLED", "ENABLED"]);
  });
});
