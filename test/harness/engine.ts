import { isDeepStrictEqual } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { isUnknown } from "@pulumi/pulumi/output";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import {
  ReadResourceResponse,
  RegisterResourceResponse,
  type ReadResourceRequest,
  type RegisterResourceRequest,
} from "@pulumi/pulumi/proto/resource_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { serveEngine, type Diagnostic } from "./engine-service";
import { ProviderPlugin, ResourceInitError, type CheckFailure, type Props } from "./plugin";
import { dependentsFirst, loadState, saveState, type ResourceState, type StackState } from "./state";

export type Command = "up" | "preview" | "refresh" | "destroy";

/** What the parent asks one child run to do. */
export interface Job {
  command: Command;
  /** Compiled program: a module exporting a function (called; its result is the stack outputs) or outputs. */
  program?: string;
  /** The project directory: the plugin's and the program's working directory. */
  projectDir: string;
  project: string;
  stack: string;
  /** Stack configuration, e.g. `{"aws:region": "us-east-1", "cloudtrail:endpoint": "http://..."}`. */
  config: Record<string, string>;
  stateFile: string;
  resultFile: string;
  /** The test's spec for the program (`HarnessStack.setSpec`), in `HARNESS_SPEC_FILE`. */
  specFile?: string;
  /** Where the dynamic-provider plugin serves (started by the parent: plugin-pool.ts). */
  pluginPort: string;
}

export type StepOp = "create" | "update" | "replace" | "delete" | "same" | "refresh" | "gone" | "read";

export interface Step {
  op: StepOp;
  urn: string;
  type: string;
  name: string;
  /** Top-level properties that differ (update, replace, refresh drift). */
  diffs?: string[];
  /** For replace: whether the old resource went first. */
  deleteBeforeReplace?: boolean;
  /** The provider call of this step failed: the step did not happen (see `failures`). */
  failed?: boolean;
}

export interface Failure {
  urn: string;
  name: string;
  type: string;
  operation: string;
  message: string;
  checkFailures?: CheckFailure[];
}

export interface RunResult {
  command: Command;
  ok: boolean;
  steps: Step[];
  outputs: Record<string, unknown>;
  /** The first failure (the one that stopped an `up`). */
  failure?: Failure;
  /** Every failure, in order: a preview goes on past one and reports all, as the engine does. */
  failures: Failure[];
  /** Provider RPCs made, by method: what preview may not do is visible here. */
  rpcs: Record<string, number>;
  /** What the program logged (`pulumi.log.*`), in order, with the resource it was logged on. */
  diagnostics: Diagnostic[];
  summary: string;
  /** What the program registered, as an analyzer is given it (preview: planned outputs). */
  resources: RegisteredResource[];
  /**
   * What the plugin printed during this run (filled in by the parent, stack.ts): as the engine
   * shows a dynamic provider's output.
   */
  pluginOutput?: string;
}

/** One registration with its checked inputs and its outputs, for the analyzer (test/harness/analyzer.ts). */
export interface RegisteredResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  inputs: Props;
  outputs: Props;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
}

const PROVIDER_KEY = "__provider";

interface Registration {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  inputs: Props;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  deleteBeforeReplace: boolean;
}

/** A failure already reported for one resource; later registrations are skipped, as the engine does. */
class StepFailed extends Error {}

/**
 * Plays the Pulumi engine for one run inside a child process: answers the program's resource
 * registrations with real provider calls and keeps the state file.
 */
export class Engine {
  private readonly steps: Step[] = [];
  private readonly rpcs: Record<string, number> = {};
  private readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  private readonly registered = new Map<string, RegisteredResource>();
  private readonly state: StackState;
  private readonly failures: Failure[] = [];

  constructor(
    private readonly job: Job,
    private readonly plugin: ProviderPlugin,
  ) {
    this.state = loadState(job.stateFile);
  }

  /** True once a step or the program has failed; later errors are its consequences. */
  get failed(): boolean {
    return this.failures.length > 0;
  }

  private get failure(): Failure | undefined {
    return this.failures[0];
  }

  private get preview(): boolean {
    return this.job.command === "preview";
  }

  async run(): Promise<RunResult> {
    await this.plugin.configure(this.job.config);
    let outputs: Record<string, unknown> = this.state.outputs;
    try {
      if (this.job.command === "up" || this.job.command === "preview") {
        outputs = await this.runProgram();
        if (!this.failure) await this.deleteUnseen();
      } else if (this.job.command === "refresh") {
        await this.refresh();
      } else {
        await this.deleteAll();
        outputs = {};
      }
    } catch (err) {
      // A step failure is already recorded; anything else is the program's own error.
      if (!this.failed) {
        this.failures.push({
          urn: "",
          name: this.job.project,
          type: "pulumi:pulumi:Stack",
          operation: "program",
          message: message(err),
        });
      }
    }
    if (!this.preview && !this.failure) {
      this.state.outputs = outputs;
      this.save();
    }
    return {
      command: this.job.command,
      ok: !this.failure,
      steps: this.steps,
      outputs,
      failure: this.failure,
      failures: this.failures,
      rpcs: this.rpcs,
      diagnostics: this.diagnostics,
      summary: this.summary(outputs),
      resources: [...this.registered.values()],
    };
  }

  /** Called by the monitor for each resource the program registers. */
  async register(reg: Registration): Promise<{ id: string; outputs: Props }> {
    const { urn, type, name, custom, inputs, dependencies, propertyDependencies } = reg;
    const registered = { urn, type, name, custom, inputs, outputs: {}, dependencies, propertyDependencies };
    this.registered.set(reg.urn, registered);
    const result = await this.step(reg, (inputs) => (registered.inputs = inputs));
    registered.outputs = result.outputs;
    return result;
  }

  private async step(
    reg: Registration,
    onChecked: (inputs: Props) => void,
  ): Promise<{ id: string; outputs: Props }> {
    // An up stops at its first failure; a preview goes on, so that it reports every failing resource.
    if (this.failure && !this.preview) throw new Error(`skipped: ${this.failure.name} failed`);
    this.seen.add(reg.urn);
    const old = this.find(reg.urn);
    if (!reg.custom) {
      this.put({ ...reg, id: "", outputs: {}, inputs: {} });
      return { id: "", outputs: {} };
    }
    if (!reg.type.startsWith("pulumi-nodejs:dynamic")) {
      // Other providers' plugins cannot run here; a preview plans them with their inputs unchecked.
      if (this.preview) {
        this.record("create", reg);
        return { id: "", outputs: reg.inputs };
      }
      return this.fail(reg, "register", `the harness runs dynamic resources only, not ${reg.type}`);
    }
    const checked = await this.call("check", () => this.plugin.check(reg.urn, old?.inputs ?? {}, reg.inputs));
    if (checked.failures.length > 0) {
      // As the engine words it: a failure of the whole resource (no property) names the resource.
      const lines = checked.failures.map((f) =>
        f.property ? `${f.property}: ${f.reason}` : `resource '${reg.name}' has a problem: ${f.reason}`,
      );
      return this.fail(reg, "check", lines.join("\n"), checked.failures);
    }
    const inputs = checked.inputs;
    onChecked(inputs);
    if (!old || old.pendingDelete) return this.create(reg, inputs);

    const diff = await this.call("diff", () =>
      this.plugin.diff(reg.urn, old.id, old.outputs, old.inputs, inputs),
    );
    const diffs = changedKeys(old.inputs, inputs);
    const changed = diff.changes === "some" || (diff.changes === "unknown" && diffs.length > 0);
    if (diff.replaces.length > 0) {
      return this.replace(
        reg,
        old,
        inputs,
        diff.deleteBeforeReplace || reg.deleteBeforeReplace,
        diff.replaces,
      );
    }
    if (!changed && !old.initErrors) {
      this.record("same", reg);
      this.put({ ...old, inputs, dependencies: reg.dependencies });
      return { id: old.id, outputs: old.outputs };
    }
    this.record("update", reg, diffs);
    if (this.preview) return { id: old.id, outputs: { ...old.outputs, ...inputs } };
    try {
      const outputs = await this.call("update", () =>
        this.plugin.update(reg.urn, old.id, old.outputs, inputs, old.inputs),
      );
      this.put({ ...old, inputs, outputs, dependencies: reg.dependencies, initErrors: undefined });
      return { id: old.id, outputs };
    } catch (err) {
      if (err instanceof ResourceInitError) {
        this.put({ ...old, inputs, outputs: err.properties, initErrors: err.reasons });
      }
      return this.fail(reg, "update", message(err));
    }
  }

  /**
   * Called by the monitor for each resource the program reads (`Resource.get(name, id)`): the
   * provider's Read, in a preview too, as the engine does. The resource is kept in state as
   * external: never created, updated or deleted, only dropped from state.
   */
  async read(reg: Registration, id: string): Promise<Props> {
    if (this.failure && !this.preview) throw new Error(`skipped: ${this.failure.name} failed`);
    this.seen.add(reg.urn);
    const old = this.find(reg.urn);
    let read;
    try {
      read = await this.call("read", () => this.plugin.read(reg.urn, id, reg.inputs, {}));
    } catch (err) {
      return this.fail(reg, "read", message(err));
    }
    if (!read.id) return this.fail(reg, "read", `resource '${id}' does not exist`);
    const same = old?.id === read.id && changedKeys(old.outputs, read.properties).length === 0;
    this.record(same ? "same" : "read", reg);
    this.put({ ...reg, id: read.id, outputs: read.properties, external: true });
    return read.properties;
  }

  private async create(
    reg: Registration,
    inputs: Props,
    op: StepOp = "create",
  ): Promise<{ id: string; outputs: Props }> {
    if (op === "create") this.record("create", reg);
    if (this.preview) return { id: "", outputs: inputs };
    try {
      const created = await this.call("create", () => this.plugin.create(reg.urn, inputs));
      this.put({ ...reg, inputs, id: created.id, outputs: created.properties });
      return { id: created.id, outputs: created.properties };
    } catch (err) {
      if (err instanceof ResourceInitError) {
        this.put({ ...reg, inputs, id: err.id, outputs: err.properties, initErrors: err.reasons });
      }
      return this.fail(reg, "create", message(err));
    }
  }

  private async replace(
    reg: Registration,
    old: ResourceState,
    inputs: Props,
    deleteFirst: boolean,
    replaces: string[],
  ): Promise<{ id: string; outputs: Props }> {
    this.steps.push({
      op: "replace",
      urn: reg.urn,
      type: reg.type,
      name: reg.name,
      diffs: replaces,
      deleteBeforeReplace: deleteFirst,
    });
    if (this.preview) return { id: "", outputs: inputs };
    if (deleteFirst) {
      await this.destroyOne(old);
    } else {
      // The old resource is deleted after the program's steps, as the engine does.
      this.state.resources.push({ ...old, urn: `${old.urn}#old`, pendingDelete: true });
      this.save();
    }
    return this.create(reg, inputs, "replace");
  }

  private async deleteUnseen(): Promise<void> {
    const removed = this.state.resources.filter((r) => !this.seen.has(r.urn) || r.pendingDelete);
    for (const r of dependentsFirst(removed)) {
      if (!r.pendingDelete && !r.external) this.record("delete", r);
      if (!this.preview) await this.destroyOne(r);
    }
  }

  private async deleteAll(): Promise<void> {
    for (const r of dependentsFirst(this.state.resources)) {
      if (!r.external) this.record("delete", r);
      await this.destroyOne(r);
    }
  }

  /** Deletes a resource and drops it from state; one the program only read is only dropped. */
  private async destroyOne(r: ResourceState): Promise<void> {
    if (r.custom && !r.external) {
      try {
        await this.call("delete", () => this.plugin.delete(r.urn.replace(/#old$/, ""), r.id, r.outputs));
      } catch (err) {
        this.fail(r, "delete", message(err));
      }
    }
    this.state.resources = this.state.resources.filter((x) => x !== r);
    this.save();
  }

  private async refresh(): Promise<void> {
    for (const r of [...this.state.resources]) {
      if (!r.custom) continue;
      let read;
      try {
        read = await this.call("read", () => this.plugin.read(r.urn, r.id, r.outputs, r.inputs));
      } catch (err) {
        this.fail(r, "read", message(err));
      }
      if (!read.id) {
        this.record("gone", r);
        this.state.resources = this.state.resources.filter((x) => x !== r);
      } else {
        const diffs = changedKeys(r.outputs, read.properties);
        if (diffs.length > 0) this.record("refresh", r, diffs);
        else this.record("same", r);
        Object.assign(r, { id: read.id, outputs: read.properties, inputs: read.inputs ?? r.inputs });
      }
      this.save();
    }
  }

  private async runProgram(): Promise<Record<string, unknown>> {
    const monitor = new EngineMonitor(this);
    // The program's log calls go to the engine's address, which setMocks keeps.
    const engineService = await serveEngine(this.diagnostics);
    runtimeSettings().resetOptions(
      this.job.project,
      this.job.stack,
      -1,
      engineService.address,
      "",
      this.preview,
    );
    await pulumi.runtime.setMocks(monitor.mocks, this.job.project, this.job.stack, this.preview);
    pulumi.runtime.setMockOptions(monitor, this.job.project, this.job.stack, this.preview);
    // The engine process serves many runs (run.ts): this run's config and spec, not the first run's.
    pulumi.runtime.setAllConfig(this.job.config);
    if (this.job.specFile) process.env.HARNESS_SPEC_FILE = this.job.specFile;
    else delete process.env.HARNESS_SPEC_FILE;
    let outputs: Record<string, unknown> = {};
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program is chosen at run time
      const loaded = require(this.job.program!) as unknown;
      const entry = programFunction(loaded);
      outputs = await resolveOutputs(entry ? await entry() : loaded);
    } catch (err) {
      if (!this.failure) throw err;
    } finally {
      await waitForRegistrations();
      engineService.stop();
    }
    if (this.failure) throw new StepFailed(this.failure.message);
    return outputs;
  }

  private async call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    this.rpcs[method] = (this.rpcs[method] ?? 0) + 1;
    return fn();
  }

  private record(op: StepOp, r: { urn: string; type: string; name: string }, diffs?: string[]): void {
    this.steps.push({ op, urn: r.urn, type: r.type, name: r.name, ...(diffs ? { diffs } : {}) });
  }

  private find(urn: string): ResourceState | undefined {
    return this.state.resources.find((r) => r.urn === urn);
  }

  private put(entry: ResourceState): void {
    const clean = Object.fromEntries(
      Object.entries(entry).filter(([k, v]) => v !== undefined && k !== "deleteBeforeReplace"),
    ) as unknown as ResourceState;
    const at = this.state.resources.findIndex((r) => r.urn === entry.urn);
    if (at >= 0) this.state.resources[at] = clean;
    else this.state.resources.push(clean);
    this.save();
  }

  private save(): void {
    if (!this.preview) saveState(this.job.stateFile, this.state);
  }

  private fail(
    r: { urn: string; type: string; name: string },
    operation: string,
    text: string,
    checkFailures?: CheckFailure[],
  ): never {
    this.failures.push({ urn: r.urn, name: r.name, type: r.type, operation, message: text, checkFailures });
    const step = [...this.steps].reverse().find((s) => s.urn === r.urn);
    if (step) step.failed = true;
    throw new StepFailed(`${r.name}: ${operation} failed: ${text}`);
  }

  private summary(outputs: Record<string, unknown>): string {
    const symbols: Record<StepOp, string> = {
      create: "+ ",
      update: "~ ",
      replace: "+-",
      delete: "- ",
      same: "  ",
      refresh: "~ ",
      gone: "- ",
      read: "> ",
    };
    const verb = {
      up: "Updating",
      preview: "Previewing update",
      refresh: "Refreshing",
      destroy: "Destroying",
    };
    const lines = [`${verb[this.job.command]} (${this.job.stack}):`];
    for (const s of this.steps.filter((x) => x.op !== "same")) {
      const detail = s.diffs?.length ? ` [diff: ${s.diffs.join(", ")}]` : "";
      const label = s.op === "gone" ? "deleted out of band" : s.op === "refresh" ? "drift" : s.op;
      lines.push(` ${symbols[s.op]} ${s.type}  ${s.name}  ${label}${s.failed ? " failed" : ""}${detail}`);
    }
    if (this.failed) {
      lines.push("", "Diagnostics:");
      for (const f of this.failures)
        lines.push(`  ${f.type} (${f.name}):`, `    error: ${f.operation} failed: ${f.message}`);
    }
    if (Object.keys(outputs).length > 0) {
      lines.push("", "Outputs:");
      for (const [k, v] of Object.entries(outputs)) lines.push(`    ${k}: ${JSON.stringify(v)}`);
    }
    // A step whose provider call failed did not happen: it is not counted as done.
    const counts = new Map<string, number>();
    for (const s of this.steps.filter((x) => !x.failed)) counts.set(s.op, (counts.get(s.op) ?? 0) + 1);
    const words: Record<StepOp, string> = {
      create: "to create",
      update: "to update",
      replace: "to replace",
      delete: "to delete",
      same: "unchanged",
      refresh: "drifted",
      gone: "gone",
      read: "to read",
    };
    const done = this.preview
      ? (w: string) => w
      : (w: string) => w.replace(/^to read$/, "read").replace(/^to (\w+)e$/, "$1ed");
    lines.push("", "Resources:");
    for (const [op, n] of counts)
      lines.push(`    ${symbols[op as StepOp].trim() || " "} ${n} ${done(words[op as StepOp])}`);
    if (counts.size === 0) lines.push("    no resources");
    return lines.join("\n");
  }
}

/**
 * The resource monitor the program talks to: Pulumi's mock monitor with registration answered
 * by the engine above, keeping what the mock API hides (dependencies, deleteBeforeReplace).
 */
class EngineMonitor extends MockMonitor {
  constructor(private readonly engine: Engine) {
    super({
      newResource: () => {
        throw new Error("registration goes through EngineMonitor.registerResource");
      },
      call: (args) => {
        throw new Error(`the harness does not run provider functions (${args.token})`);
      },
    });
  }

  override async registerResource(
    req: RegisterResourceRequest,
    callback: (err: unknown, response: RegisterResourceResponse | undefined) => void,
  ): Promise<void> {
    try {
      const type = req.getType();
      const name = req.getName();
      const urn = resourceUrn(req.getParent(), type, name);
      const propertyDependencies: Record<string, string[]> = {};
      req
        .getPropertydependenciesMap()
        .forEach((deps, key) => (propertyDependencies[key] = deps.getUrnsList()));
      const { id, outputs } = await this.engine.register({
        urn,
        type,
        name,
        custom: req.getCustom(),
        inputs: plain(req.getObject()?.toJavaScript() ?? {}) as Props,
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        deleteBeforeReplace: req.getDeletebeforereplace(),
      });
      const response = new RegisterResourceResponse();
      response.setUrn(urn);
      response.setId(id);
      response.setObject(Struct.fromJavaScript(outputs));
      callback(null, response);
    } catch (err) {
      callback(err, undefined);
    }
  }

  override async readResource(
    req: ReadResourceRequest,
    callback: (err: unknown, response: ReadResourceResponse | undefined) => void,
  ): Promise<void> {
    try {
      const type = req.getType();
      const name = req.getName();
      const urn = resourceUrn(req.getParent(), type, name);
      const inputs = plain(req.getProperties()?.toJavaScript() ?? {}) as Props;
      const registration = {
        urn,
        type,
        name,
        custom: true,
        inputs,
        dependencies: req.getDependenciesList(),
        propertyDependencies: {},
        deleteBeforeReplace: false,
      };
      const outputs = await this.engine.read(registration, req.getId());
      const response = new ReadResourceResponse();
      response.setUrn(urn);
      response.setProperties(Struct.fromJavaScript(outputs));
      callback(null, response);
    } catch (err) {
      callback(err, undefined);
    }
  }

  override registerResourceOutputs(_req: unknown, callback: (err: unknown, response: unknown) => void): void {
    callback(null, {});
  }
}

function resourceUrn(parent: string, type: string, name: string): string {
  const runtime = pulumi.runtime;
  return `urn:pulumi:${runtime.getStack()}::${runtime.getProject()}::${qualifiedType(parent, type)}::${name}`;
}

function qualifiedType(parent: string, type: string): string {
  if (!parent) return type;
  const parentType = parent.split("::")[2].split("$").pop();
  return `${parentType}$${type}`;
}

/** Secrets unwrapped: the dynamic-provider plugin does not accept secrets, so the engine strips them. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[specialSigKey] === specialSecretSig) return plain(obj.value);
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

function changedKeys(a: Props, b: Props): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete(PROVIDER_KEY);
  return [...keys].filter((k) => !isDeepStrictEqual(a[k], b[k])).sort();
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function programFunction(loaded: unknown): (() => unknown) | undefined {
  if (typeof loaded === "function") return loaded as () => unknown;
  const fallback = (loaded as { default?: unknown } | null)?.default;
  return typeof fallback === "function" ? (fallback as () => unknown) : undefined;
}

interface OutputInternals {
  promise(withUnknowns?: boolean): Promise<unknown>;
}

/** Stack outputs as plain values; values unknown in a preview show as "[unknown]". */
async function resolveOutputs(exported: unknown): Promise<Record<string, unknown>> {
  if (!exported || typeof exported !== "object") return {};
  const all = pulumi.output(exported as Record<string, unknown>) as unknown as OutputInternals;
  const value = await all.promise(true);
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => (isUnknownValue(v) ? "[unknown]" : v)),
  ) as Record<string, unknown>;
}

function isUnknownValue(v: unknown): boolean {
  return v === unknownValue || isUnknown(v);
}

interface RuntimeSettings {
  waitForRPCs(): Promise<void>;
  resetOptions(
    project: string,
    stack: string,
    parallel: number,
    engineAddr: string,
    monitorAddr: string,
    preview: boolean,
  ): void;
}

function runtimeSettings(): RuntimeSettings {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module of @pulumi/pulumi
  return require("@pulumi/pulumi/runtime/settings") as RuntimeSettings;
}

/** Resolves once every registration and log call the program started has been answered. */
async function waitForRegistrations(): Promise<void> {
  await runtimeSettings().waitForRPCs();
}
