import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CloudTrailClient, ListTrailsCommand } from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { PACKAGE_ROOT } from "../harness/stack";

// examples/org-audit-trail/README.md, step by step: `make pack` leaves pulumi-cloudtrail.tgz at
// the repository root; `npm install` in the example installs it; `npx cloudtrail-emulator` runs
// from it; a copy elsewhere installs the tarball by path. The repository is mirrored in a
// temporary directory so that the checkout is left as it is.

const quiet = { stdio: ["ignore", "pipe", "pipe"] as ["ignore", "pipe", "pipe"], encoding: "utf8" as const };
// The cache `make install` filled serves the dependencies; the registry only fills gaps.
const INSTALL = ["install", "--prefer-offline", "--no-audit", "--no-fund"];

function copyExample(to: string): void {
  fs.cpSync(path.join(PACKAGE_ROOT, "examples", "org-audit-trail"), to, {
    recursive: true,
    filter: (src) => !/^(node_modules|package-lock\.json|Pulumi\.\w+\.yaml|.*\.js)$/.test(path.basename(src)),
  });
}

/** `npx cloudtrail-emulator --port 0` in `cwd`, asked for its trails through the AWS SDK, then stopped. */
async function emulatorTrails(cwd: string): Promise<unknown> {
  // Its own process group: npx runs the emulator as a child, and both must stop.
  const emulator = spawn("npx", ["cloudtrail-emulator", "--port", "0"], {
    cwd,
    stdio: "pipe",
    detached: true,
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      emulator.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        out += chunk;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      emulator.once("exit", (code) => reject(new Error(`npx cloudtrail-emulator exited (${code}): ${out}`)));
    });
    const client = new CloudTrailClient({
      region: "us-east-1",
      endpoint: url,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    return (await client.send(new ListTrailsCommand({}))).Trails;
  } finally {
    process.kill(-emulator.pid!);
  }
}

describe("examples/org-audit-trail installed as its README says", function () {
  this.timeout(300_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "example-install-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("in the repository: installs the packed package, runs npx cloudtrail-emulator, type-checks; a copy installs the tarball by path", async () => {
    // What `make pack` does, into the mirror's root.
    const repo = path.join(dir, "repo");
    fs.mkdirSync(repo);
    const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", repo], {
      ...quiet,
      cwd: PACKAGE_ROOT,
    }).trim();
    const tarball = path.join(repo, "pulumi-cloudtrail.tgz");
    fs.renameSync(path.join(repo, packed), tarball);

    const example = path.join(repo, "examples", "org-audit-trail");
    copyExample(example);
    execFileSync("npm", INSTALL, { ...quiet, cwd: example });
    execFileSync("npx", ["tsc", "--noEmit", "-p", "."], { ...quiet, cwd: example });
    expect(await emulatorTrails(example)).to.deep.equal([]);

    const copy = path.join(dir, "my-audit");
    copyExample(copy);
    execFileSync("npm", [...INSTALL, tarball], { ...quiet, cwd: copy });
    const manifest = JSON.parse(fs.readFileSync(path.join(copy, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies["pulumi-cloudtrail"]).to.equal(`file:${path.relative(copy, tarball)}`);
    expect(fs.existsSync(path.join(copy, "node_modules", ".bin", "cloudtrail-emulator"))).to.equal(true);
  });
});
