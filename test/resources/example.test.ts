import * as path from "node:path";
import {
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  ListTrailsCommand,
} from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { expectNoChanges } from "../harness/expect";
import { pulumiCliAvailable, runWithPulumiCli } from "../harness/pulumi-cli";
import { HarnessStack, PACKAGE_ROOT } from "../harness/stack";
import { TEST_CREDENTIALS, useEmulator } from "../support/emulator";
import { expectRefreshShowsNoChange } from "./support";

const EXAMPLE_DIR = path.join(PACKAGE_ROOT, "examples", "org-audit-trail");
const ENV = {
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

describe("examples/org-audit-trail", function () {
  this.timeout(120_000);
  // AWS's real rate limits, as in `make demo`: the client's pacer must keep every call unthrottled.
  const t = useEmulator({ rateScale: 1 });

  it("deploys through the harness at AWS's rate limits, unthrottled; a second up and a refresh change nothing", async () => {
    const stack = new HarnessStack({
      program: path.join(PACKAGE_ROOT, "dist", "examples", "org-audit-trail", "index.js"),
      projectDir: EXAMPLE_DIR,
      project: "org-audit-trail",
      config: { "aws:region": "us-east-1", "cloudtrail:endpoint": t.emulator.url },
      env: ENV,
    });
    const up = await stack.up();
    expect(up.ok, up.summary).to.equal(true);
    expect(String(up.outputs.trailName)).to.match(/^org-audit-[0-9a-f]{7}$/);
    expectNoChanges(await stack.up());
    expectRefreshShowsNoChange(await stack.refresh());
    const client = t.client();
    const [trail] = (await client.send(new ListTrailsCommand({}))).Trails ?? [];
    const selectors = await client.send(new GetEventSelectorsCommand({ TrailName: trail.Name }));
    expect(selectors.AdvancedEventSelectors?.map((s) => s.Name)).to.deep.equal([
      "S3 data events of payroll-data",
      "Management events except KMS",
    ]);
    const insights = await client.send(new GetInsightSelectorsCommand({ TrailName: trail.Name }));
    expect(insights.InsightSelectors).to.have.length(2);
    const throttled = (await t.admin.log()).filter((e) => e.outcome === "ThrottlingException");
    expect(throttled).to.deep.equal([]);
    expect((await stack.destroy()).ok).to.equal(true);
  });

  it("deploys with the real pulumi CLI against the emulator (skipped where pulumi is not installed)", function () {
    if (!pulumiCliAvailable()) {
      console.log("      pulumi CLI not on PATH: the real-CLI path is skipped on this machine");
      this.skip();
    }
    const run = runWithPulumiCli(
      EXAMPLE_DIR,
      { "aws:region": "us-east-1", "cloudtrail:endpoint": t.emulator.url },
      ENV,
    );
    expect(run.secondPreviewStatus, run.secondPreview).to.equal(0);
  });
});
