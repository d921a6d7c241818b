import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import { expect } from "chai";
import { PACKAGE_ROOT } from "../harness/stack";

// What `npm install pulumi-cloudtrail` gives a user: the tarball's file list from npm itself.

interface Manifest {
  main: string;
  types: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies: Record<string, string>;
}

// The policy pack folder ships as source: `pulumi preview --policy-pack` compiles its index.ts itself.
const POLICY_PACK_SOURCES = new Set(["policy/index.ts"]);

const manifest = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as Manifest;

describe("the published package (npm pack --dry-run)", function () {
  this.timeout(60_000);
  let files: string[] = [];

  before(() => {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json"], {
      cwd: PACKAGE_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    files = (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
  });

  it("ships the sdk, the providers the plugin loads, the emulator and its bin, schema.json and the rules reference", () => {
    expect(files).to.include.members([
      manifest.main,
      manifest.types,
      ...Object.values(manifest.bin).map((p) => path.normalize(p)),
      "dist/provider/trail.js",
      "dist/provider/trail-event-selectors.js",
      "dist/provider/trail-insight-selectors.js",
      "dist/emulator/shapes.json",
      "dist/schema.json",
      "schema.json",
      "docs/rules.md",
      "README.md",
    ]);
  });

  it("ships no tests, benchmarks, scripts, examples, sources or source maps", () => {
    const extra = files.filter(
      (f) =>
        /^dist\/(test|bench|scripts|examples)\//.test(f) ||
        f.endsWith(".map") ||
        (f.endsWith(".ts") && !f.endsWith(".d.ts") && !POLICY_PACK_SOURCES.has(f)),
    );
    expect(extra).to.deep.equal([]);
  });

  it("every module the shipped code requires is shipped, a dependency, a peer or built in", () => {
    const shipped = new Set(files);
    const declared = new Set([
      ...Object.keys(manifest.dependencies),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ]);
    const missing: string[] = [];
    for (const file of files.filter((f) => f.endsWith(".js"))) {
      const code = fs.readFileSync(path.join(PACKAGE_ROOT, file), "utf8");
      for (const [, spec] of code.matchAll(/require\("([^"]+)"\)/g)) {
        if (spec.startsWith(".")) {
          const target = path.join(path.dirname(file), spec);
          if (![target, `${target}.js`, path.join(target, "index.js")].some((t) => shipped.has(t)))
            missing.push(`${file}: ${spec}`);
        } else if (!spec.startsWith("pulumi-cloudtrail/")) {
          const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
          if (!declared.has(name) && !builtinModules.includes(spec.replace(/^node:/, "")))
            missing.push(`${file}: ${spec}`);
        }
      }
    }
    expect(missing).to.deep.equal([]);
  });

  it("leaves @pulumi/pulumi to the user's project: a peer dependency in the range the tests run with", () => {
    expect(manifest.dependencies).not.to.have.property("@pulumi/pulumi");
    expect(manifest.peerDependencies?.["@pulumi/pulumi"]).to.equal(
      manifest.devDependencies["@pulumi/pulumi"],
    );
  });
});
