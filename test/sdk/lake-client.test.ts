import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { expect } from "chai";
import { PACKAGE_ROOT } from "../harness/stack";

const DIST_SDK = path.join(PACKAGE_ROOT, "dist", "sdk");
const STACK_CONFIG = JSON.stringify({
  "aws:region": "eu-west-3",
  "cloudtrail:endpoint": "http://127.0.0.1:4599",
  "cloudtrail:maxAttempts": "4",
});

/** What `script` prints in a fresh Node process run as a Pulumi program's (PULUMI_CONFIG set). */
function inProcess(script: string): unknown {
  const out = execFileSync(process.execPath, ["-e", script], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, PULUMI_CONFIG: STACK_CONFIG },
    encoding: "utf8",
  });
  return JSON.parse(out);
}

describe("the functions' client options (sdk/lake-client.ts)", function () {
  this.timeout(60_000);

  it("in a Pulumi program (the package loaded), the functions fall back to the stack's config", () => {
    const config = inProcess(`
      require(${JSON.stringify(DIST_SDK)});
      const { resolveClientConfig } = require(${JSON.stringify(path.join(DIST_SDK, "lake-client"))});
      console.log(JSON.stringify(resolveClientConfig({ region: "us-west-2" })));
    `);
    expect(config).to.deep.equal({ region: "us-west-2", endpoint: "http://127.0.0.1:4599", maxAttempts: 4 });
  });

  it("the cloudtrail-lake CLI's modules load no @pulumi/pulumi, so its config cannot leak in", () => {
    const loaded = inProcess(`
      require(${JSON.stringify(path.join(DIST_SDK, "cli-output"))});
      const { resolveClientConfig } = require(${JSON.stringify(path.join(DIST_SDK, "lake-client"))});
      require(${JSON.stringify(path.join(DIST_SDK, "run-query"))});
      require(${JSON.stringify(path.join(DIST_SDK, "put-audit-events"))});
      require(${JSON.stringify(path.join(DIST_SDK, "lookup-events"))});
      require(${JSON.stringify(path.join(DIST_SDK, "validate-logs-cli"))});
      console.log(JSON.stringify({
        pulumi: Object.keys(require.cache).filter((m) => m.includes("@pulumi")).length,
        config: resolveClientConfig({}),
      }));
    `);
    expect(loaded).to.deep.equal({ pulumi: 0, config: {} });
  });
});
