import { fork, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import type { Job } from "./engine";
import { startPluginProcess } from "./plugin";

/**
 * The two processes of a harness run: the engine (run.js, which runs the program) and Pulumi's
 * dynamic-provider plugin (`@pulumi/pulumi/cmd/dynamic-provider`).
 */
export interface RunProcesses {
  /** Runs one job in the engine process; resolves once it is done (result file written) or crashed. */
  run(job: Omit<Job, "pluginPort">): Promise<RunOutcome>;
  /** What the plugin printed so far (after its port): stdout lines and stderr. */
  readonly pluginOutput: string[];
}

/** How a run ended: `ok` as in its result, or the engine process crashed. */
export interface RunOutcome {
  ok?: boolean;
  crashed?: string;
}

/** A kept process, and what its key says it was started with. */
interface Kept {
  key: string;
  child: ChildProcess;
}

interface Plugin extends Kept {
  port: string;
  output: string[];
  /**
   * At most how many retry tokens its runs have spent (see {@link RETRY_QUOTA}); undefined once a
   * run's retryable answers could not be counted.
   */
  spentBound?: number;
  /** Whether it was kept after a failed run. */
  reusedAfterFailure?: boolean;
}

interface EngineProcess extends Kept {
  runs: number;
  output: string[];
}

/** Idle processes of each kind kept for reuse; more are stopped, least recently used first (~100 MB each). */
const MAX_IDLE = 3;
/** Runs an engine process serves before it is replaced, so that what programs leave behind stays bounded. */
const MAX_RUNS = 50;
/** What Pulumi reads from the environment once per process and the engine sets per run instead. */
const PER_RUN = ["PULUMI_CONFIG", "PULUMI_NODEJS_PROJECT", "PULUMI_NODEJS_STACK"];
const idleEngines: EngineProcess[] = [];
const idlePlugins: Plugin[] = [];
const live = new Set<ChildProcess>();

/**
 * Runs `use` with an engine process and a plugin started in `cwd` with `env`, reusing idle ones
 * where a fresh `pulumi up`, which starts both anew, would see nothing different:
 * - The engine process takes each run's config, project and stack and resets Pulumi's runtime
 *   state (Engine.runProgram), and forgets the program's modules after each run; the package's,
 *   which hold no state between runs, stay loaded (run.ts).
 * - A plugin is reused for the same environment and stack config only (the dynamic provider
 *   configures each provider once per process: `providerCache` in
 *   `@pulumi/pulumi/cmd/dynamic-provider`). What a plugin carries from one run to the next is its
 *   SDK client's retry quota: a retry that fails for good spends its tokens for the process's
 *   life (retries that succeed give them back; what they leave is the adaptive rate limiter's
 *   pace, which changes when calls go, not what they do). So after a run that succeeded it is
 *   reused; after a failed run only when `retryableAnswers` can bound what its life has spent
 *   (see {@link RETRY_QUOTA}), else a fresh one serves the next run, as a fresh `pulumi up` would.
 * Runs never share a process at the same time.
 *
 * `retryableAnswers` reads the emulator's count of answers an SDK retries (throttling, 5xx, reset
 * connections; admin `GET health`), or undefined where the stack's endpoint is not one.
 */
export async function withRunProcesses<T>(
  cwd: string,
  env: NodeJS.ProcessEnv,
  use: (processes: RunProcesses) => Promise<T>,
  retryableAnswers: () => Promise<number | undefined> = async () => undefined,
): Promise<T> {
  const engineEnv = Object.fromEntries(
    Object.entries(env).filter(([name]) => !PER_RUN.includes(name)),
  ) as NodeJS.ProcessEnv;
  const engineKey = JSON.stringify([cwd, engineEnv]);
  const pluginKey = JSON.stringify([cwd, env]);
  const engine = take(idleEngines, engineKey) ?? startEngine(engineKey, cwd, engineEnv);
  const plugin = take(idlePlugins, pluginKey) ?? (await startPlugin(pluginKey, cwd, env));
  let succeeded = false;
  const answersBefore = await retryableAnswers();
  try {
    return await use({
      pluginOutput: plugin.output,
      run: async (job) => {
        const outcome = await runJob(engine, { ...job, pluginPort: plugin.port });
        succeeded = outcome.ok === true;
        return outcome;
      },
    });
  } finally {
    if (engine.runs < MAX_RUNS) keep(idleEngines, engine);
    else engine.child.kill();
    const reuse = await mayServeAgain(plugin, succeeded, answersBefore, retryableAnswers).catch(
      (e: unknown) => {
        plugin.child.kill();
        throw e;
      },
    );
    if (reuse) keep(idlePlugins, plugin);
    else plugin.child.kill();
  }
}

/**
 * The SDK's retry quota (smithy's StandardRetryStrategy): a client starts with 500 tokens, and a
 * retry costs at most 10 (a timeout or reset; 5 otherwise). A plugin whose life has spent at most
 * 490 never lacked a token for a retry, so each of its runs made the retries a fresh plugin would.
 * Reuse after a failed run stops at half of it, so a following run would need 25 retryable
 * answers of its own to come near the end; a run that does fails loudly instead of silently
 * differing from a fresh plugin.
 */
const RETRY_QUOTA = { tokens: 500, maxCost: 10, reuseBelow: 250 };

/** Whether `plugin` may serve the stack's next run (see {@link withRunProcesses}). */
async function mayServeAgain(
  plugin: Plugin,
  succeeded: boolean,
  answersBefore: number | undefined,
  retryableAnswers: () => Promise<number | undefined>,
): Promise<boolean> {
  const answersAfter = answersBefore === undefined ? undefined : await retryableAnswers();
  if (answersBefore === undefined || answersAfter === undefined) {
    plugin.spentBound = undefined;
    return succeeded;
  }
  if (plugin.spentBound === undefined) return succeeded;
  plugin.spentBound += (answersAfter - answersBefore) * RETRY_QUOTA.maxCost;
  if (plugin.reusedAfterFailure && plugin.spentBound > RETRY_QUOTA.tokens - RETRY_QUOTA.maxCost) {
    throw new Error(
      `harness: a plugin kept after a failed run may have spent its SDK retry quota (up to ${plugin.spentBound} of ${RETRY_QUOTA.tokens} tokens), so this run may differ from a fresh pulumi up; lower RETRY_QUOTA.reuseBelow in test/harness/warm-processes.ts`,
    );
  }
  if (succeeded) return true;
  plugin.reusedAfterFailure = plugin.spentBound <= RETRY_QUOTA.reuseBelow;
  return plugin.reusedAfterFailure;
}

function alive({ child }: Kept): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function take<K extends Kept>(idle: K[], key: string): K | undefined {
  const at = idle.findIndex((k) => k.key === key && alive(k));
  return at >= 0 ? idle.splice(at, 1)[0] : undefined;
}

function keep<K extends Kept>(idle: K[], kept: K): void {
  if (!alive(kept)) return;
  idle.push(kept);
  while (idle.length > MAX_IDLE) idle.shift()!.child.kill();
}

async function startPlugin(key: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Plugin> {
  const { child, port, output } = await startPluginProcess(cwd, env);
  detach(child);
  return { key, child, port, output, spentBound: 0 };
}

function startEngine(key: string, cwd: string, env: NodeJS.ProcessEnv): EngineProcess {
  const child = fork(path.join(__dirname, "run.js"), [], { cwd, env, stdio: "pipe" });
  const output: string[] = [];
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
  detach(child);
  return { key, child, runs: 0, output };
}

/** Sends `job` to the engine process; resolves once it is done (result file written) or crashed. */
function runJob(engine: EngineProcess, job: Job): Promise<RunOutcome> {
  engine.runs++;
  const from = engine.output.length;
  const { child } = engine;
  const channel = child.channel as { ref(): void; unref(): void } | undefined;
  // Waiting for the answer keeps the test process alive; an idle engine process does not.
  channel?.ref();
  return new Promise<RunOutcome>((resolve) => {
    const crashed = (code: number | null) =>
      resolve({ crashed: `exit ${code}:\n${engine.output.slice(from).join("")}` });
    child.once("exit", crashed);
    child.once("message", (done: { ok: boolean }) => {
      child.off("exit", crashed);
      resolve({ ok: done.ok });
    });
    child.send(job);
  }).finally(() => channel?.unref());
}

/** A kept process must not keep the test process alive; it is stopped when the test process exits. */
function detach(child: ChildProcess): void {
  if (live.size === 0) process.once("exit", () => live.forEach((c) => c.kill()));
  live.add(child);
  child.once("exit", () => live.delete(child));
  child.unref();
  (child.channel as { unref?: () => void } | undefined)?.unref?.();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
}
