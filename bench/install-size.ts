// What installing pulumi-cloudtrail costs a Pulumi project: node_modules of a fresh project with
// @pulumi/pulumi alone, beside the same project with the packed package added (goal: at most
// 35 MB more), and the emulator's package alone in an empty folder. Sizes are what `du` counts
// on disk, from npm's cache; nothing is timed.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  devDependencies: Record<string, string>;
};
const quiet = { stdio: ["ignore", "pipe", "pipe"] as ["ignore", "pipe", "pipe"], encoding: "utf8" as const };
const INSTALL = ["install", "--prefer-offline", "--no-audit", "--no-fund"];

function megabytes(dir: string): number {
  return Number(execFileSync("du", ["-sk", dir], quiet).split("\t")[0]) / 1024;
}

function install(dir: string, dependencies: Record<string, string>): number {
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: path.basename(dir), private: true, dependencies }),
  );
  execFileSync("npm", INSTALL, { ...quiet, cwd: dir });
  return megabytes(path.join(dir, "node_modules"));
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "install-size-"));
  try {
    const pack = (workspace?: string) =>
      path.join(
        dir,
        execFileSync(
          "npm",
          [
            "pack",
            "--silent",
            "--ignore-scripts",
            "--pack-destination",
            dir,
            ...(workspace ? ["--workspace", workspace] : []),
          ],
          { ...quiet, cwd: ROOT },
        ).trim(),
      );
    const provider = pack();
    const emulator = pack("emulator");
    const pulumi = manifest.devDependencies["@pulumi/pulumi"];
    const alone = install(path.join(dir, "pulumi-alone"), { "@pulumi/pulumi": pulumi });
    const withPackage = install(path.join(dir, "with-package"), {
      "@pulumi/pulumi": pulumi,
      "pulumi-cloudtrail": `file:${provider}`,
    });
    const emulatorAlone = install(path.join(dir, "emulator-alone"), {
      "cloudtrail-emulator": `file:${emulator}`,
    });
    console.log("Install size (node_modules on disk, MB)");
    console.log(`  @pulumi/pulumi alone:                 ${alone.toFixed(1)}`);
    console.log(`  @pulumi/pulumi + pulumi-cloudtrail:   ${withPackage.toFixed(1)}`);
    console.log(
      `  pulumi-cloudtrail adds:               ${(withPackage - alone).toFixed(1)} (goal: at most 35)`,
    );
    console.log(
      `  cloudtrail-emulator alone:            ${emulatorAlone.toFixed(1)} (DuckDB's binding most of it)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
