import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cloudTrailModel } from "../support/conformance";

// Loaded by mocha (`require` in .mocharc.json) in the main process and in each parallel worker.
// Workers are forked after this runs in the main process, so they inherit the tally's path.
process.env.CONFORMANCE_TALLY ??= path.join(os.tmpdir(), `conformance-${process.pid}.txt`);

/**
 * Adds `count` emulator responses checked against the service model to the run's tally, when the
 * run keeps one (a file run without the config has no global setup and no tally).
 */
export function tallyConformance(count: number): void {
  const file = process.env.CONFORMANCE_TALLY!;
  if (count > 0 && fs.existsSync(file)) fs.appendFileSync(file, `${count}\n`);
}

/** Runs once, in the main process, before any worker starts. */
export function mochaGlobalSetup(): void {
  fs.writeFileSync(process.env.CONFORMANCE_TALLY!, "");
}

/**
 * Runs once, in the main process, after every file: reports how many emulator responses all the
 * workers checked (useEmulator), and fails the run if the model is there and none was checked.
 */
export function mochaGlobalTeardown(): void {
  const file = process.env.CONFORMANCE_TALLY!;
  const checked = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .reduce((sum, line) => sum + Number(line), 0);
  fs.rmSync(file, { force: true });
  if (!cloudTrailModel()) {
    console.log("  conformance: skipped, ../shared/reference/aws-models is absent");
    return;
  }
  console.log(`  conformance: ${checked} emulator responses checked against the CloudTrail service model`);
  if (checked === 0) throw new Error("no emulator response was checked against the service model");
}
