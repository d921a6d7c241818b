import * as fs from "node:fs";
import { Engine, type Job } from "./engine";
import { ProviderPlugin } from "./plugin";

/**
 * One harness run in its own process, so that Pulumi's global runtime state (mock monitor,
 * settings, serialized-provider caches) never leaks from one run into the next.
 */
async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as Job;
  const plugin = await ProviderPlugin.start(job.projectDir, process.env);
  const engine = new Engine(job, plugin);
  // A failed registration rejects every output that depends on it; the failure itself is reported once.
  process.on("unhandledRejection", (reason) => {
    if (!engine.failed) {
      console.error("unhandled rejection:", reason);
      process.exitCode = 1;
    }
  });
  try {
    const result = await engine.run();
    fs.writeFileSync(job.resultFile, JSON.stringify({ ...result, pluginStderr: plugin.stderr.join("") }));
  } finally {
    await plugin.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
