import "./without-source-maps";
import * as fs from "node:fs";
import * as path from "node:path";
import { Engine, type Job } from "./engine";
import { ProviderPlugin } from "./plugin";

/**
 * The engine's process: runs the jobs its parent sends (warm-processes.ts), one at a time. Each
 * run resets Pulumi's runtime state (Engine.runProgram) and forgets the program's modules the run
 * loaded, so that a run sees the program as a fresh `pulumi up` would.
 */
let engine: Engine | undefined;

// A failed registration rejects every output that depends on it; the failure itself is reported once.
process.on("unhandledRejection", (reason) => {
  if (!engine?.failed) console.error("unhandled rejection:", reason);
});

process.on("message", (job: Job) => {
  run(job).then(
    (ok) => process.send!({ ok }),
    (err: unknown) => {
      console.error(err instanceof Error ? err.stack : err);
      process.exit(1);
    },
  );
});

/** Runs `job`, writes its result file and says whether the run succeeded. */
async function run(job: Job): Promise<boolean> {
  const loaded = new Set(Object.keys(require.cache));
  const plugin = new ProviderPlugin(job.pluginPort);
  engine = new Engine(job, plugin);
  try {
    const result = await engine.run();
    fs.writeFileSync(job.resultFile, JSON.stringify(result));
    return result.ok;
  } finally {
    plugin.close();
    for (const file of Object.keys(require.cache)) {
      if (!loaded.has(file) && isProgramModule(file)) delete require.cache[file];
    }
  }
}

/** The package under test as this checkout builds it (reached through NODE_PATH's link to it). */
const PACKAGE_DIST = path.resolve(__dirname, "..", "..");

/**
 * The program's own files: those outside node_modules, but for the package under test. Its
 * modules stay loaded, as a library's do: they hold no state from one run to the next (their
 * resources' providers are module constants), so that the package is parsed once per process
 * and Pulumi serializes each kind's provider once (its cache is keyed by the provider object).
 */
function isProgramModule(file: string): boolean {
  if (/[\\/]node_modules[\\/]/.test(file)) return false;
  return !["sdk", "provider", "policy"].some((dir) =>
    file.startsWith(path.join(PACKAGE_DIST, dir, path.sep)),
  );
}
