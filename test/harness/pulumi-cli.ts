import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Whether the real Pulumi CLI is on PATH (it cannot be installed on the build machines). */
export function pulumiCliAvailable(): boolean {
  return spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;
}

export interface CliRun {
  /** `pulumi up` output. */
  up: string;
  /** Exit status of `pulumi preview --expect-no-changes` after the up: 0 when nothing would change. */
  secondPreviewStatus: number;
  secondPreview: string;
}

/**
 * Deploys a project with the real CLI: local file backend in a temporary directory, empty
 * passphrase secrets provider, the given stack config; then previews again expecting no changes.
 */
export function runWithPulumiCli(
  projectDir: string,
  config: Record<string, string>,
  env: Record<string, string>,
): CliRun {
  const backend = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-backend-"));
  const fullEnv = {
    ...process.env,
    ...env,
    PULUMI_BACKEND_URL: `file://${backend}`,
    PULUMI_CONFIG_PASSPHRASE: "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
  const run = (args: string[]) =>
    execFileSync("pulumi", [...args, "--non-interactive"], {
      cwd: projectDir,
      env: fullEnv,
      encoding: "utf8",
    });
  // The example depends on the packed package (pulumi-cloudtrail.tgz), as a user's project would.
  execFileSync("make", ["pack"], { cwd: path.resolve(__dirname, "../../.."), stdio: "inherit" });
  execFileSync("npm", ["install", "--no-audit", "--no-fund"], {
    cwd: projectDir,
    env: fullEnv,
    stdio: "inherit",
  });
  run(["stack", "init", "dev", "--secrets-provider", "passphrase"]);
  for (const [key, value] of Object.entries(config)) run(["config", "set", key, value]);
  const up = run(["up", "--yes", "--skip-preview"]);
  const preview = spawnSync("pulumi", ["preview", "--expect-no-changes", "--non-interactive"], {
    cwd: projectDir,
    env: fullEnv,
    encoding: "utf8",
  });
  return { up, secondPreviewStatus: preview.status ?? 1, secondPreview: preview.stdout + preview.stderr };
}
