import { execFileSync, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CloudTrailClient, ListTrailsCommand } from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { PACKAGE_ROOT } from "../harness/stack";

// The packages installed as users install them: `npm pack` of each (the build ran already), then
// fresh projects that install the tarballs by path. The repository is mirrored in a temporary
// directory so that the checkout is left as it is.

const quiet = { stdio: ["ignore", "pipe", "pipe"] as ["ignore", "pipe", "pipe"], encoding: "utf8" as const };
// The cache `make install` filled serves the dependencies; the registry only fills gaps.
const INSTALL = ["install", "--prefer-offline", "--no-audit", "--no-fund"];
const ROOT_MANIFEST = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as {
  devDependencies: Record<string, string>;
};

function pack(workspace: string | undefined, into: string, as: string): string {
  const args = ["pack", "--silent", "--ignore-scripts", "--pack-destination", into];
  const packed = execFileSync("npm", workspace ? [...args, "--workspace", workspace] : args, {
    ...quiet,
    cwd: PACKAGE_ROOT,
  }).trim();
  fs.renameSync(path.join(into, packed), path.join(into, as));
  return path.join(into, as);
}

function project(dir: string, manifest: object): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: path.basename(dir), private: true, ...manifest }),
  );
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

describe("the packages installed as users install them", function () {
  this.timeout(300_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "install-"));
  const repo = path.join(dir, "repo");
  let provider = "";
  let emulator = "";
  before(() => {
    fs.mkdirSync(repo);
    provider = pack(undefined, repo, "pulumi-cloudtrail.tgz");
    emulator = pack("emulator", repo, "cloudtrail-emulator.tgz");
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("pulumi-cloudtrail in a fresh Pulumi project: strict tsc without skipLibCheck, no emulator code loaded or installed, npx cloudtrail-emulator says where it went", () => {
    const app = path.join(dir, "my-stack");
    project(app, {
      dependencies: {
        "@pulumi/pulumi": ROOT_MANIFEST.devDependencies["@pulumi/pulumi"],
        "pulumi-cloudtrail": `file:${provider}`,
      },
      devDependencies: {
        typescript: ROOT_MANIFEST.devDependencies.typescript,
        "@types/node": ROOT_MANIFEST.devDependencies["@types/node"],
      },
    });
    execFileSync("npm", INSTALL, { ...quiet, cwd: app });
    for (const f of ["every-kind.ts", "old-emulator-import.ts"])
      fs.copyFileSync(path.join(PACKAGE_ROOT, "test", "package", "fixtures", f), path.join(app, f));
    fs.writeFileSync(
      path.join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "node16",
          moduleResolution: "node16",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
        },
        files: ["every-kind.ts", "old-emulator-import.ts"],
      }),
    );

    // One compile of both programs, @pulumi/policy absent: every resource kind, the policies and
    // the package's declarations type-check, and the only errors are the old import path's, whose
    // message names the new package.
    const tsc = spawnSync(
      path.join(app, "node_modules", ".bin", "tsc"),
      ["-p", "tsconfig.json", "--pretty", "false"],
      {
        ...quiet,
        cwd: app,
      },
    );
    expect(tsc.status).to.not.equal(0);
    const errors = tsc.stdout.split("\n").filter((line) => /error TS\d+/.test(line));
    expect(errors).to.not.deep.equal([]);
    expect(errors.filter((line) => !line.startsWith("old-emulator-import.ts("))).to.deep.equal([]);
    expect(tsc.stdout).to.include("npm install --save-dev cloudtrail-emulator");
    expect(fs.existsSync(path.join(app, "node_modules", "@pulumi", "policy"))).to.equal(false);

    // Requiring the package loads no emulator module and no DuckDB; neither is installed.
    const loaded = JSON.parse(
      execFileSync(
        process.execPath,
        ["-e", 'require("pulumi-cloudtrail"); console.log(JSON.stringify(Object.keys(require.cache)))'],
        { ...quiet, cwd: app },
      ),
    ) as string[];
    expect(
      loaded.some((m) => m.includes(`${path.sep}pulumi-cloudtrail${path.sep}dist${path.sep}sdk`)),
    ).to.equal(true);
    expect(loaded.filter((m) => /cloudtrail-emulator|duckdb|[\\/]emulator[\\/]/.test(m))).to.deep.equal([]);
    expect(fs.existsSync(path.join(app, "node_modules", "@duckdb"))).to.equal(false);
    expect(fs.existsSync(path.join(app, "node_modules", "cloudtrail-emulator"))).to.equal(false);

    const npx = spawnSync("npx", ["--no-install", "cloudtrail-emulator", "--port", "0"], {
      ...quiet,
      cwd: app,
    });
    expect(npx.status).to.equal(1);
    expect(npx.stderr).to.include("cloudtrail-emulator is a separate package");
    expect(npx.stderr).to.include("npm install --save-dev cloudtrail-emulator");
  });

  it("cloudtrail-emulator alone in an empty folder: npx cloudtrail-emulator serves", async () => {
    const alone = path.join(dir, "emulator-alone");
    project(alone, {});
    execFileSync("npm", [...INSTALL, emulator], { ...quiet, cwd: alone });
    expect(fs.existsSync(path.join(alone, "node_modules", "pulumi-cloudtrail"))).to.equal(false);
    expect(await emulatorTrails(alone)).to.deep.equal([]);
  });

  it("examples/org-audit-trail as its README says: npm install beside the tarballs, the emulator as a dev dependency, tsc", async () => {
    const example = path.join(repo, "examples", "org-audit-trail");
    fs.cpSync(path.join(PACKAGE_ROOT, "examples", "org-audit-trail"), example, {
      recursive: true,
      filter: (src) =>
        !/^(node_modules|package-lock\.json|Pulumi\.\w+\.yaml|.*\.js)$/.test(path.basename(src)),
    });
    execFileSync("npm", INSTALL, { ...quiet, cwd: example });
    execFileSync(path.join(example, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", "."], {
      ...quiet,
      cwd: example,
    });
    expect(await emulatorTrails(example)).to.deep.equal([]);
  });
});
