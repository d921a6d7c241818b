import type { ChildProcess } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type { RegisteredResource } from "./engine";
import type { Props } from "./plugin";
import { startServer, stopServer } from "./server-process";

/** One policy violation as the engine receives it. */
export interface Violation {
  policy: string;
  /** The resource's name, or "" for a violation of the whole stack. */
  resource: string;
  level: "advisory" | "mandatory" | "disabled" | "remediate";
  message: string;
}

/** A policy the pack describes in GetAnalyzerInfo. */
export interface PolicyDescription {
  name: string;
  description: string;
  level: Violation["level"];
  remediation: string;
  type: "resource" | "stack" | "unknown";
  /** The compliance framework's reference (a CIS recommendation), when the policy has one. */
  frameworkReference?: string;
}

const LEVELS: Record<analyzer.EnforcementLevel, Violation["level"]> = {
  [analyzer.EnforcementLevel.ADVISORY]: "advisory",
  [analyzer.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzer.EnforcementLevel.DISABLED]: "disabled",
  [analyzer.EnforcementLevel.REMEDIATE]: "remediate",
};

/**
 * A Node.js policy pack started as `pulumi preview --policy-pack <dir>` starts it: the CLI's
 * `pulumi-analyzer-policy` shim runs `@pulumi/pulumi/cmd/run-policy-pack` (resolved from the
 * pack's directory) with the engine's address and `.`, in the pack's directory; @pulumi/policy
 * serves the Analyzer service and prints its port. Spoken to with Pulumi's generated stubs.
 */
export class PolicyPackAnalyzer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: AnalyzerClient,
    /** What the pack printed after its port: stdout lines and stderr. */
    readonly output: string[],
  ) {}

  static async start(
    packDir: string,
    stack = { project: "harness", stack: "dev" },
  ): Promise<PolicyPackAnalyzer> {
    const entry = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    // The pack never dials the engine: run-policy-pack drops the address before running the pack.
    const { child, port, output } = await startServer("policy pack", entry, ["127.0.0.1:1", "."], packDir);
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const pack = new PolicyPackAnalyzer(child, client, output);
    await pack.handshake(packDir, stack);
    return pack;
  }

  /** Handshake and ConfigureStack, the calls the CLI makes before any analysis. */
  private async handshake(packDir: string, stack: { project: string; stack: string }): Promise<void> {
    const hello = new analyzer.AnalyzerHandshakeRequest();
    hello.setEngineAddress("127.0.0.1:1").setRootDirectory(packDir).setProgramDirectory(packDir);
    // Older packs answer Unimplemented, which the CLI ignores; so does this.
    await this.unary((cb) => this.client.handshake(hello, cb)).catch((err: grpc.ServiceError) => {
      if (err.code !== grpc.status.UNIMPLEMENTED) throw err;
    });
    const configure = new analyzer.AnalyzerStackConfigureRequest();
    configure.setProject(stack.project).setStack(stack.stack).setOrganization("organization").setDryRun(true);
    await this.unary((cb) => this.client.configureStack(configure, cb));
  }

  /** GetAnalyzerInfo: the pack's name and its policies with their default enforcement levels. */
  async info(): Promise<{ name: string; policies: PolicyDescription[] }> {
    const info = await this.unary<analyzer.AnalyzerInfo>((cb) =>
      this.client.getAnalyzerInfo(new Empty(), cb),
    );
    const types = {
      [analyzer.PolicyType.POLICY_TYPE_RESOURCE]: "resource",
      [analyzer.PolicyType.POLICY_TYPE_STACK]: "stack",
    };
    return {
      name: info.getName(),
      policies: info.getPoliciesList().map((p) => ({
        name: p.getName(),
        description: p.getDescription(),
        level: LEVELS[p.getEnforcementlevel()],
        remediation: p.getRemediationSteps(),
        type: (types[p.getPolicyType() as keyof typeof types] ?? "unknown") as PolicyDescription["type"],
        frameworkReference: p.getFramework()?.getReference(),
      })),
    };
  }

  /** Analyze: one resource's checked inputs, as the engine sends them after Check. */
  async analyze(r: Pick<RegisteredResource, "urn" | "type" | "name" | "inputs">): Promise<Violation[]> {
    const req = new analyzer.AnalyzeRequest();
    req.setUrn(r.urn).setType(r.type).setName(r.name).setProperties(marshal(r.inputs)).setOptions(options());
    const resp = await this.unary<analyzer.AnalyzeResponse>((cb) => this.client.analyze(req, cb));
    return violations(resp, [r], r.name);
  }

  /** AnalyzeStack: every resource with its outputs, parent-free here, dependencies and property dependencies. */
  async analyzeStack(resources: RegisteredResource[]): Promise<Violation[]> {
    const req = new analyzer.AnalyzeStackRequest();
    req.setResourcesList(
      resources.map((r) => {
        const res = new analyzer.AnalyzerResource();
        res
          .setUrn(r.urn)
          .setType(r.type)
          .setName(r.name)
          .setProperties(marshal(r.outputs))
          .setOptions(options());
        res.setDependenciesList(r.dependencies);
        for (const [key, urns] of Object.entries(r.propertyDependencies)) {
          if (urns.length === 0) continue;
          res
            .getPropertydependenciesMap()
            .set(key, new analyzer.AnalyzerPropertyDependencies().setUrnsList(urns));
        }
        return res;
      }),
    );
    const resp = await this.unary<analyzer.AnalyzeResponse>((cb) => this.client.analyzeStack(req, cb));
    return violations(resp, resources, "");
  }

  /** What a preview reports: Analyze for each resource the program registered, then AnalyzeStack. */
  async analyzePreview(resources: RegisteredResource[]): Promise<Violation[]> {
    const found: Violation[] = [];
    for (const r of resources) found.push(...(await this.analyze(r)));
    found.push(...(await this.analyzeStack(resources)));
    return found;
  }

  stop(): Promise<void> {
    return stopServer(this.child, this.client);
  }

  private unary<T>(call: (cb: (err: grpc.ServiceError | null, value: T) => void) => unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => call((err, value) => (err ? reject(err) : resolve(value))));
  }
}

/** The engine marshals properties without its internal keys (`__provider`, `__autoName`). */
function marshal(props: Props): Struct {
  return Struct.fromJavaScript(
    Object.fromEntries(Object.entries(props).filter(([k]) => !k.startsWith("__"))),
  );
}

/** The engine always sends resource options; the harness knows none beyond their defaults. */
function options(): analyzer.AnalyzerResourceOptions {
  return new analyzer.AnalyzerResourceOptions().setCustomtimeouts(
    new analyzer.AnalyzerResourceOptions.CustomTimeouts(),
  );
}

/** Diagnostics without a URN belong to the analyzed resource (Analyze) or to the stack (AnalyzeStack). */
function violations(
  resp: analyzer.AnalyzeResponse,
  resources: { urn: string; name: string }[],
  unattributed: string,
): Violation[] {
  return resp.getDiagnosticsList().map((d) => ({
    policy: d.getPolicyname(),
    resource: resources.find((r) => r.urn === d.getUrn())?.name ?? unattributed,
    level: LEVELS[d.getEnforcementlevel()],
    message: d.getMessage(),
  }));
}
