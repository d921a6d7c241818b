// Convergence under AWS's real rates (the emulator at --rate-scale 1, RATE-1 and RATE-2), through
// the harness (Pulumi's dynamic-provider plugin over gRPC):
//   1. one stack of 5 trails (advanced selectors, Insights, logging) and 10 event data stores,
//      created, updated (one property each) and destroyed; per phase the span of its CloudTrail
//      calls against the lower bound the quotas allow (bench/api-minimum.ts), throttled calls and
//      failures; then the same program through the AWS SDK's default client (standard retries,
//      3 attempts, no pacing: bench/sdk-defaults-client.ts) on a fresh emulator, each phase run
//      again until it converges;
//   2. 2 and 4 stacks of that shape deployed at once against one account and region. One region
//      holds 5 trails (TRAIL-1) and 10 stores (EDS-1), so the stacks share those: 2 trails and 5
//      stores each for 2 stacks, 1 trail and 2 stores each for 4.
// Prints figures and ratios; asserts nothing.
import * as path from "node:path";
import { lowerBoundSeconds, stackMinimum, STORES, TRAILS } from "./api-minimum";
import {
  benchEmulator,
  benchStack,
  secondsSince,
  spanSeconds,
  takeCalls,
  throttled,
  type BenchEmulator,
} from "./harness-stacks";
import type { HarnessStack, RunResult } from "../test/harness/stack";

type Phase = "create" | "update" | "delete";
type Shape = { trails: number; stores: number; stacks: number };

/** Most runs of a phase that has not converged (the baseline's). */
const MAX_RUNS = 6;

/**
 * Runs `run` on every stack at once, again on the stacks that failed until all converge (at most
 * MAX_RUNS runs), and prints the phase's figures: those of the first run, and the runs needed.
 */
async function phase(
  e: BenchEmulator,
  label: string,
  step: Phase,
  shape: Shape,
  stacks: HarnessStack[],
  run: (s: HarnessStack) => Promise<RunResult>,
): Promise<void> {
  await takeCalls(e);
  const t0 = process.hrtime.bigint();
  let results = await Promise.all(stacks.map(run));
  const firstWall = secondsSince(t0);
  const calls = await takeCalls(e);
  const failures = results.reduce((n, r) => n + r.failures.length, 0);
  const cause = results
    .find((r) => !r.ok)
    ?.failure?.message.split("\n")[0]
    .slice(0, 140);
  let runs = 1;
  let pending = stacks.filter((_, i) => !results[i].ok);
  while (pending.length > 0 && runs < MAX_RUNS) {
    runs++;
    results = await Promise.all(pending.map(run));
    pending = pending.filter((_, i) => !results[i].ok);
  }
  const later = await takeCalls(e);
  const minimum = stackMinimum(step, shape);
  const bound = lowerBoundSeconds(minimum);
  const span = spanSeconds(calls);
  const converged =
    failures === 0
      ? `ratio ${(span / bound).toFixed(2)}, 0 failures, converged in 1 run`
      : `${failures} failures (first: ${cause}); ` +
        (pending.length === 0
          ? `converged after ${runs} runs, ${secondsSince(t0).toFixed(1)} s and ${calls.length + later.length} calls, ${throttled(later)} more throttled`
          : `${pending.length} stacks not converged after ${runs} runs`);
  console.log(
    `  ${label} ${step.padEnd(6)}: calls span ${span.toFixed(1)} s (bound ${bound.toFixed(1)} s), ` +
      `${calls.length} calls (minimum ${minimum.length}), ${throttled(calls)} throttled, ` +
      `wall ${firstWall.toFixed(1)} s; ${converged}`,
  );
}

/** One stack through create, update and destroy, on a fresh emulator at AWS's rates. */
async function lifecycle(label: string, env: Record<string, string> = {}): Promise<void> {
  const e = await benchEmulator();
  const shape = { trails: TRAILS, stores: STORES, stacks: 1 };
  try {
    const stack = benchStack(e, "convergence", "one", env);
    stack.config["bench:revision"] = "0";
    await phase(e, label, "create", shape, [stack], (s) => s.up());
    stack.config["bench:revision"] = "1";
    await phase(e, label, "update", shape, [stack], (s) => s.up());
    await phase(e, label, "delete", shape, [stack], (s) => s.destroy());
  } finally {
    await e.emulator.stop();
  }
}

/** `count` stacks deployed at once, sharing one account and region's trails and stores. */
async function contention(count: number): Promise<void> {
  const e = await benchEmulator();
  const shape = { trails: Math.floor(TRAILS / count), stores: Math.floor(STORES / count), stacks: count };
  try {
    const stacks = Array.from({ length: count }, (_, i) => {
      const stack = benchStack(e, "convergence", `pipeline-${i}`);
      stack.config["bench:trails"] = String(shape.trails);
      stack.config["bench:stores"] = String(shape.stores);
      return stack;
    });
    const label = `${count} stacks of ${shape.trails}+${shape.stores}`;
    await phase(e, label, "create", shape, stacks, (s) => s.up());
    await phase(e, label, "delete", shape, stacks, (s) => s.destroy());
  } finally {
    await e.emulator.stop();
  }
}

async function main(): Promise<void> {
  console.log("1. Convergence at AWS's rates (emulator --rate-scale 1): 5 trails with advanced selectors,");
  console.log(
    "   Insights and logging, and 10 event data stores, through the harness. Bound: max over APIs of",
  );
  console.log("   (calls - burst) / rate over the API's minimum calls (bench/api-minimum.ts).");
  console.log(
    "   Dominated by RATE-1: 10 calls of one store API at 1/s; the provider spaces them 1.1 s apart.",
  );
  await lifecycle("ours        ");
  await lifecycle("SDK defaults", {
    NODE_OPTIONS: `--require ${path.join(__dirname, "sdk-defaults-client.js")}`,
  });
  console.log(
    "2. Contention: stacks deployed at once against one account and region (which holds 5 trails and",
  );
  console.log(
    "   10 stores: the stacks share them), each with its own plugin process and pacer; bound shared.",
  );
  await contention(2);
  await contention(4);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
