import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import type { Command, RunResult } from "./engine";
import { withRunProcesses } from "./warm-processes";
import { loadState, type StackState } from "./state";

export type { RunResult, Step, StepOp, Failure } from "./engine";

/** The repository root: where `pulumi-cloudtrail` resolves from in harness runs. */
export const PACKAGE_ROOT = path.resolve(__dirname, "../../..");

export interface StackOptions {
  /** Compiled program (JS): exports a function returning stack outputs, or exports the outputs. Relative to the current directory. */
  program: string;
  /**
   * Project directory, where the engine starts the program and the plugin, and where
   * `Pulumi.yaml` and `Pulumi.<stack>.yaml` are read from. Default: the program's.
   */
  projectDir?: string;
  /** Default: the `name` in the project's `Pulumi.yaml`, else "harness". */
  project?: string;
  /** Default "dev". */
  stack?: string;
  /**
   * Stack configuration, e.g. `aws:region` and `cloudtrail:endpoint`; it wins over
   * `Pulumi.<stack>.yaml`, which wins over the defaults in `Pulumi.yaml`, as in the engine.
   */
  config?: Record<string, string>;
  /** Holds the state file; created when missing. Default: a temporary directory, removed when the process exits. */
  workDir?: string;
  /** Extra environment of the program and plugin processes (AWS credentials for the SDK's chain). */
  env?: Record<string, string>;
}

/**
 * A stack driven by the harness: each command runs in a child process that plays the
 * engine against Pulumi's real dynamic-provider plugin, with state kept in `stateFile`.
 */
export class HarnessStack {
  readonly stateFile: string;
  /** The config given to the constructor; tests may change it between runs. */
  readonly config: Record<string, string>;
  private readonly workDir: string;
  private readonly program: string;
  private readonly projectDir: string;
  private specFile?: string;

  constructor(private readonly options: StackOptions) {
    this.program = path.resolve(options.program);
    this.projectDir = path.resolve(options.projectDir ?? path.dirname(this.program));
    this.workDir = options.workDir ? path.resolve(options.workDir) : temporaryDir("harness-");
    fs.mkdirSync(this.workDir, { recursive: true });
    this.stateFile = path.join(this.workDir, "state.json");
    this.config = { ...options.config };
  }

  /**
   * What the next runs' program reads with `readSpec()` (programs/spec.ts). It reaches the program
   * only, not as stack config, which the plugin sees too: a plugin is kept warm for the same
   * config only (warm-processes.ts).
   */
  setSpec(spec: unknown): void {
    this.specFile = path.join(this.workDir, "spec.json");
    fs.writeFileSync(this.specFile, JSON.stringify(spec));
  }

  up(): Promise<RunResult> {
    return this.run("up");
  }

  preview(): Promise<RunResult> {
    return this.run("preview");
  }

  refresh(): Promise<RunResult> {
    return this.run("refresh");
  }

  destroy(): Promise<RunResult> {
    return this.run("destroy");
  }

  state(): StackState {
    return loadState(this.stateFile);
  }

  private async run(command: Command): Promise<RunResult> {
    const resultFile = path.join(this.workDir, `result-${command}-${Date.now()}.json`);
    const settings = projectSettings(this.projectDir);
    const project = this.options.project ?? settings.name ?? "harness";
    const stack = this.options.stack ?? "dev";
    const config = {
      ...settings.config(project),
      ...stackConfig(this.projectDir, project, stack),
      ...this.config,
    };
    const env = {
      ...process.env,
      ...this.options.env,
      PULUMI_CONFIG: JSON.stringify(config),
      PULUMI_NODEJS_PROJECT: project,
      PULUMI_NODEJS_STACK: stack,
      // Installed projects resolve `pulumi-cloudtrail` from node_modules; here it is this checkout.
      NODE_PATH: [packageLink(), process.env.NODE_PATH].filter(Boolean).join(path.delimiter),
    };
    const { crashed, pluginOutput } = await withRunProcesses(
      this.projectDir,
      env,
      async (processes) => {
        const from = processes.pluginOutput.length;
        const outcome = await processes.run({
          command,
          program: this.program,
          projectDir: this.projectDir,
          project,
          stack,
          config,
          stateFile: this.stateFile,
          resultFile,
          specFile: this.specFile,
        });
        return { ...outcome, pluginOutput: processes.pluginOutput.slice(from).join("") };
      },
      () => retryableAnswers(config["cloudtrail:endpoint"]),
    );
    if (crashed !== undefined || !fs.existsSync(resultFile)) {
      throw new Error(`harness ${command} crashed (${crashed}):\n${pluginOutput}`);
    }
    const result = JSON.parse(fs.readFileSync(resultFile, "utf8")) as RunResult;
    fs.rmSync(resultFile);
    return { ...result, pluginOutput };
  }
}

type ConfigValue = string | number | boolean | null | ConfigValue[] | { [key: string]: ConfigValue };

/** The project file's name and config defaults (`Pulumi.yaml`), when there is one. */
function projectSettings(projectDir: string): {
  name?: string;
  config(project: string): Record<string, string>;
} {
  const file = path.join(projectDir, "Pulumi.yaml");
  if (!fs.existsSync(file)) return { config: () => ({}) };
  const doc = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as {
    name?: string;
    config?: Record<string, ConfigValue>;
  };
  return {
    name: doc.name,
    config: (project) => {
      const defaults: Record<string, string> = {};
      for (const [key, spec] of Object.entries(doc.config ?? {})) {
        // A declaration ({ type, default, description }), a namespaced value ({ value }), or a bare value.
        const value = isMap(spec) ? (spec.value ?? spec.default) : spec;
        if (value !== undefined) defaults[qualified(key, project)] = configString(value);
      }
      return defaults;
    },
  };
}

/** The stack's own settings (`Pulumi.<stack>.yaml`), as `pulumi config set` writes them. */
function stackConfig(projectDir: string, project: string, stack: string): Record<string, string> {
  const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) return {};
  const doc = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, ConfigValue> };
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(doc.config ?? {})) {
    if (isMap(value) && "secure" in value) {
      throw new Error(
        `${file}: ${key} is a secret; the harness cannot decrypt secrets, give it in plain text`,
      );
    }
    config[qualified(key, project)] = configString(value);
  }
  return config;
}

function isMap(value: ConfigValue): value is { [key: string]: ConfigValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `key` belongs to the project's namespace unless it names one (`aws:region`). */
function qualified(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** Config reaches programs as strings; structured values as JSON, as the engine passes them. */
function configString(value: ConfigValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

const temporaryDirs: string[] = [];

/** A new temporary directory, removed when this process exits. */
function temporaryDir(prefix: string): string {
  if (temporaryDirs.length === 0) {
    process.once("exit", () => {
      for (const dir of temporaryDirs) fs.rmSync(dir, { recursive: true, force: true });
    });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}

let linkDir: string | undefined;

/** A directory holding `pulumi-cloudtrail` → this checkout, for NODE_PATH. */
export function packageLink(): string {
  if (!linkDir) {
    linkDir = temporaryDir("harness-modules-");
    fs.symlinkSync(PACKAGE_ROOT, path.join(linkDir, "pulumi-cloudtrail"), "dir");
  }
  return linkDir;
}

/**
 * The emulator's count of answers an SDK retries (admin `GET health`), or undefined when the
 * endpoint is not a cloudtrail-emulator that answers it (AWS, or an admin token set).
 */
async function retryableAnswers(endpoint: string | undefined): Promise<number | undefined> {
  if (endpoint === undefined) return undefined;
  try {
    const res = await fetch(new URL("/_emulator/health", endpoint));
    const health = res.ok ? ((await res.json()) as { retryableAnswers?: unknown }) : {};
    return typeof health.retryableAnswers === "number" ? health.retryableAnswers : undefined;
  } catch {
    return undefined;
  }
}
