import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Command, Job, RunResult } from "./engine";
import { loadState, type StackState } from "./state";

export type { RunResult, Step, StepOp, Failure } from "./engine";

/** The repository root: where `pulumi-cloudtrail` resolves from in harness runs. */
export const PACKAGE_ROOT = path.resolve(__dirname, "../../..");

export interface StackOptions {
  /** Compiled program (JS): exports a function returning stack outputs, or exports the outputs. */
  program: string;
  /** Project directory, where the engine starts the program and the plugin. Default: the program's. */
  projectDir?: string;
  /** Default "harness". */
  project?: string;
  /** Default "dev". */
  stack?: string;
  /** Stack configuration, e.g. `aws:region` and `cloudtrail:endpoint`. */
  config?: Record<string, string>;
  /** Default: a new temporary directory. */
  workDir?: string;
  /** Extra environment of the program and plugin processes (AWS credentials for the SDK's chain). */
  env?: Record<string, string>;
}

/**
 * A stack driven by the harness: each command runs in a fresh child process that plays the
 * engine against Pulumi's real dynamic-provider plugin, with state kept in `stateFile`.
 */
export class HarnessStack {
  readonly stateFile: string;
  readonly config: Record<string, string>;
  private readonly workDir: string;

  constructor(private readonly options: StackOptions) {
    this.workDir = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "harness-"));
    this.stateFile = path.join(this.workDir, "state.json");
    this.config = { ...options.config };
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
    const project = this.options.project ?? "harness";
    const job: Job = {
      command,
      program: this.options.program,
      projectDir: this.options.projectDir ?? path.dirname(this.options.program),
      project,
      stack: this.options.stack ?? "dev",
      config: this.config,
      stateFile: this.stateFile,
      resultFile,
    };
    const env = {
      ...process.env,
      ...this.options.env,
      PULUMI_CONFIG: JSON.stringify(this.config),
      PULUMI_NODEJS_PROJECT: project,
      PULUMI_NODEJS_STACK: job.stack,
      // Installed projects resolve `pulumi-cloudtrail` from node_modules; here it is this checkout.
      NODE_PATH: [packageLink(), process.env.NODE_PATH].filter(Boolean).join(path.delimiter),
    };
    const child = await new Promise<{ code: number; stderr: string; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.join(__dirname, "run.js"), JSON.stringify(job)],
        { cwd: job.projectDir, env, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
      );
    });
    if (!fs.existsSync(resultFile)) {
      throw new Error(`harness ${command} crashed (exit ${child.code}):\n${child.stderr}${child.stdout}`);
    }
    const result = JSON.parse(fs.readFileSync(resultFile, "utf8")) as RunResult;
    fs.rmSync(resultFile);
    return result;
  }
}

let linkDir: string | undefined;

/** A directory holding `pulumi-cloudtrail` → this checkout, for NODE_PATH. */
function packageLink(): string {
  if (!linkDir) {
    linkDir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-modules-"));
    fs.symlinkSync(PACKAGE_ROOT, path.join(linkDir, "pulumi-cloudtrail"), "dir");
  }
  return linkDir;
}
