import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import { expect } from "chai";
import { PACKAGE_ROOT } from "../harness/stack";

// What `npm install pulumi-cloudtrail` and `npm install cloudtrail-emulator` give a user: each
// tarball's file list from npm itself (`npm pack --dry-run`, the build having run already).

interface Manifest {
  main: string;
  types: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const EMULATOR_ROOT = path.join(PACKAGE_ROOT, "emulator");

// The policy pack folder ships as source: `pulumi preview --policy-pack` compiles its index.ts itself.
const POLICY_PACK_SOURCES = new Set(["policy/index.ts"]);

function manifestOf(root: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as Manifest;
}

function packedFiles(root: string): string[] {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
}

/** Every `require` of the shipped code that is neither shipped, a dependency or peer, nor built in. */
function unresolvedRequires(root: string, files: string[], manifest: Manifest): string[] {
  const shipped = new Set(files);
  const declared = new Set([
    ...Object.keys(manifest.dependencies),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  const missing: string[] = [];
  for (const file of files.filter((f) => f.endsWith(".js"))) {
    const code = fs.readFileSync(path.join(root, file), "utf8");
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
  return missing;
}

describe("the published package pulumi-cloudtrail (npm pack --dry-run)", function () {
  this.timeout(60_000);
  const manifest = manifestOf(PACKAGE_ROOT);
  let files: string[] = [];
  before(() => {
    files = packedFiles(PACKAGE_ROOT);
  });

  it("ships the sdk, the providers the plugin loads, the policies, schema.json and the docs", () => {
    expect(files).to.include.members([
      manifest.main,
      manifest.types,
      ...Object.values(manifest.bin).map((p) => path.normalize(p)),
      "dist/provider/trail.js",
      "dist/provider/trail-event-selectors.js",
      "dist/provider/trail-insight-selectors.js",
      "dist/provider/trail-event-aggregation.js",
      "dist/provider/event-data-store.js",
      "dist/provider/channel.js",
      "dist/provider/lake-import.js",
      "dist/policy/policies.js",
      "dist/schema.json",
      "schema.json",
      "docs/rules.md",
      "README.md",
    ]);
  });

  it("ships no emulator, tests, benchmarks, scripts, examples, sources or source maps", () => {
    const extra = files.filter(
      (f) =>
        /^(dist\/)?(emulator|test|bench|scripts|examples)\//.test(f) ||
        f.endsWith(".map") ||
        (f.endsWith(".ts") && !f.endsWith(".d.ts") && !POLICY_PACK_SOURCES.has(f)),
    );
    expect(extra).to.deep.equal([]);
  });

  it("depends on no SQL engine and no emulator: those are cloudtrail-emulator's", () => {
    expect(Object.keys(manifest.dependencies)).not.to.include.members([
      "@duckdb/node-api",
      "cloudtrail-emulator",
    ]);
    expect(manifest.peerDependencies ?? {}).not.to.have.property("cloudtrail-emulator");
  });

  it("every module the shipped code requires is shipped, a dependency, a peer or built in", () => {
    expect(unresolvedRequires(PACKAGE_ROOT, files, manifest)).to.deep.equal([]);
  });

  it("its declarations name no optional peer: a program without @pulumi/policy type-checks them", () => {
    const optional = Object.entries(
      (
        manifestOf(PACKAGE_ROOT) as Manifest & {
          peerDependenciesMeta?: Record<string, { optional?: boolean }>;
        }
      ).peerDependenciesMeta ?? {},
    )
      .filter(([, meta]) => meta.optional)
      .map(([name]) => name);
    expect(optional).to.include("@pulumi/policy");
    const offending = files
      .filter((f) => f.endsWith(".d.ts"))
      .filter((f) =>
        optional.some((peer) => fs.readFileSync(path.join(PACKAGE_ROOT, f), "utf8").includes(`"${peer}`)),
      );
    expect(offending).to.deep.equal([]);
  });

  it("leaves @pulumi/pulumi to the user's project: a peer dependency in the range the tests run with", () => {
    expect(manifest.dependencies).not.to.have.property("@pulumi/pulumi");
    expect(manifest.peerDependencies?.["@pulumi/pulumi"]).to.equal(
      manifest.devDependencies?.["@pulumi/pulumi"],
    );
  });

  it("builds before it packs: npm pack and npm publish run the build (prepack)", () => {
    expect(
      (manifestOf(PACKAGE_ROOT) as Manifest & { scripts: Record<string, string> }).scripts.prepack,
    ).to.match(/build/);
  });
});

describe("the published package cloudtrail-emulator (npm pack --dry-run)", function () {
  this.timeout(60_000);
  const manifest = manifestOf(EMULATOR_ROOT);
  let files: string[] = [];
  before(() => {
    files = packedFiles(EMULATOR_ROOT);
  });

  it("ships the server, its bin, the operation shapes and its README; no tests or source maps", () => {
    expect(files).to.include.members([
      manifest.main,
      manifest.types,
      path.normalize(manifest.bin["cloudtrail-emulator"]),
      "dist/shapes.json",
      "README.md",
    ]);
    expect(
      files.filter((f) => f.startsWith("dist/test/") || f.endsWith(".map") || /(?<!\.d)\.ts$/.test(f)),
    ).to.deep.equal([]);
  });

  it("requires only its own files, its dependencies and Node: nothing of the provider, sdk or policies", () => {
    expect(unresolvedRequires(EMULATOR_ROOT, files, manifest)).to.deep.equal([]);
    expect(Object.keys(manifest.dependencies)).to.include("@duckdb/node-api");
    expect(Object.keys(manifest.dependencies)).not.to.include("pulumi-cloudtrail");
  });

  it("builds before it packs (prepack)", () => {
    expect((manifest as Manifest & { scripts: Record<string, string> }).scripts.prepack).to.match(/tsc/);
  });
});
