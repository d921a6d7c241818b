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
  run(job: Omit<Job, "pluginPort">): Promise<{ crashed?: string }>;
  /** What the plugin wrote to stderr so far. */
  readonly pluginStderr: string[];
}

/** A kept process, and what its key says it was started with. */
interface Kept {
  key: string;
  child: ChildProcess;
}

interface Plugin extends Kept {
  port: string;
  stderr: string[];
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
const idlePlugins: Plugin[] = [];
const idleEngines: EngineProcess[] = [];
const live = new Set<ChildProcess>();

/**
 * Runs `use` with an engine process and a plugin started in `cwd` with `env`, reusing idle ones.
 *
 * The engine starts both afresh for each `pulumi up`; reuse is equivalent only when nothing they
 * see differs. A plugin is reused only for the same stack config: the dynamic provider configures
 * each deserialized provider once per process (`providerCache` in
 * `@pulumi/pulumi/cmd/dynamic-provider`). An engine process takes each run's config and resets
 * Pulumi's runtime state (Engine.runProgram), and forgets the program's modules and the package's
 * after each run (run.ts). Runs never share a process at the same time.
 */
export async function withRunProcesses<T>(
  cwd: string,
  env: NodeJS.ProcessEnv,
  config: Record<string, string>,
  use: (processes: RunProcesses) => Promise<T>,
): Promise<T> {
  // Each run gives the engine process its config, project and stack (Engine.runProgram).
  const engineEnv = Object.fromEntries(
    Object.entries(env).filter(([name]) => !PER_RUN.includes(name)),
  ) as NodeJS.ProcessEnv;
  const engineKey = JSON.stringify([cwd, engineEnv]);
  const pluginKey = JSON.stringify([cwd, env, config]);
  const engine = take(idleEngines, engineKey) ?? startEngine(engineKey, cwd, engineEnv);
  const plugin = take(idlePlugins, pluginKey) ?? (await startPlugin(pluginKey, cwd, env));
  try {
    return await use({
      pluginStderr: plugin.stderr,
      run: (job) => runJob(engine, { ...job, pluginPort: plugin.port }),
    });
  } finally {
    keep(idlePlugins, plugin);
    if (engine.runs < MAX_RUNS) keep(idleEngines, engine);
    else engine.child.kill();
  }
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
  const { child, port, stderr } = await startPluginProcess(cwd, env);
  detach(child);
  return { key, child, port, stderr };
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
function runJob(engine: EngineProcess, job: Job): Promise<{ crashed?: string }> {
  engine.runs++;
  const from = engine.output.length;
  const { child } = engine;
  const channel = child.channel as { ref(): void; unref(): void } | undefined;
  // Waiting for the answer keeps the test process alive; an idle engine process does not.
  channel?.ref();
  return new Promise<{ crashed?: string }>((resolve) => {
    const crashed = (code: number | null) =>
      resolve({ crashed: `exit ${code}:\n${engine.output.slice(from).join("")}` });
    child.once("exit", crashed);
    child.once("message", () => {
      child.off("exit", crashed);
      resolve({});
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
