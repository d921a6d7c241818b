import * as grpc from "@grpc/grpc-js";
import { Struct, type JavaScriptValue } from "google-protobuf/google/protobuf/struct_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import * as provider from "@pulumi/pulumi/proto/provider_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { startServer, type ServerProcess } from "./server-process";

/** A property bag as it travels in a google.protobuf.Struct. */
export type Props = Record<string, JavaScriptValue>;

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface DiffResult {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** A Create or Update that failed after the resource came to exist (ErrorResourceInitFailed). */
export class ResourceInitError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Props,
    readonly reasons: string[],
  ) {
    super(message);
  }
}

/**
 * Starts Pulumi's dynamic-provider plugin in `cwd` (where the engine starts it: the project
 * directory); it serves on the port it prints.
 */
export function startPluginProcess(cwd: string, env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const entry = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
  // The first argument is the engine's address; the dynamic provider never dials it.
  return startServer("dynamic-provider", entry, ["127.0.0.1:1"], cwd, env);
}

const INIT_FAILED_TYPE = "pulumirpc.ErrorResourceInitFailed";

/**
 * Pulumi's own dynamic-provider plugin (`@pulumi/pulumi/cmd/dynamic-provider`, the process
 * `pulumi up` starts for dynamic resources; see plugin-pool.ts), spoken to over gRPC with the
 * protocol's generated stubs, as the engine does.
 */
export class ProviderPlugin {
  private readonly client: ResourceProviderClient;

  /** A client of the plugin serving on `port` of this machine. */
  constructor(port: string) {
    this.client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  }

  /** Sends the stack's configuration (`aws:region`, `cloudtrail:endpoint`, ...). */
  async configure(config: Record<string, string>): Promise<void> {
    const req = new provider.ConfigureRequest();
    req.setArgs(Struct.fromJavaScript(config));
    req.setAcceptsecrets(false);
    req.setAcceptresources(false);
    await this.unary((cb) => this.client.configure(req, cb));
  }

  async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    const req = new provider.CheckRequest();
    req.setUrn(urn);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    const resp = await this.unary<provider.CheckResponse>((cb) => this.client.check(req, cb));
    return {
      inputs: toProps(resp.getInputs()),
      failures: resp.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(urn: string, id: string, olds: Props, oldInputs: Props, news: Props): Promise<DiffResult> {
    const req = new provider.DiffRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setOldInputs(Struct.fromJavaScript(oldInputs));
    req.setNews(Struct.fromJavaScript(news));
    const resp = await this.unary<provider.DiffResponse>((cb) => this.client.diff(req, cb));
    const kinds = provider.DiffResponse.DiffChanges;
    const changes = resp.getChanges();
    return {
      changes: changes === kinds.DIFF_SOME ? "some" : changes === kinds.DIFF_NONE ? "none" : "unknown",
      replaces: resp.getReplacesList(),
      deleteBeforeReplace: resp.getDeletebeforereplace(),
    };
  }

  async create(urn: string, properties: Props): Promise<{ id: string; properties: Props }> {
    const req = new provider.CreateRequest();
    req.setUrn(urn);
    req.setProperties(Struct.fromJavaScript(properties));
    const resp = await this.unary<provider.CreateResponse>((cb) => this.client.create(req, cb));
    return { id: resp.getId(), properties: toProps(resp.getProperties()) };
  }

  async read(urn: string, id: string, properties: Props, inputs: Props): Promise<ReadResult> {
    const req = new provider.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(Struct.fromJavaScript(properties));
    req.setInputs(Struct.fromJavaScript(inputs));
    const resp = await this.unary<provider.ReadResponse>((cb) => this.client.read(req, cb));
    const returnedInputs = resp.getInputs();
    return {
      id: resp.getId(),
      properties: toProps(resp.getProperties()),
      inputs: returnedInputs ? toProps(returnedInputs) : undefined,
    };
  }

  async update(urn: string, id: string, olds: Props, news: Props, oldInputs: Props): Promise<Props> {
    const req = new provider.UpdateRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    req.setOldInputs(Struct.fromJavaScript(oldInputs));
    const resp = await this.unary<provider.UpdateResponse>((cb) => this.client.update(req, cb));
    return toProps(resp.getProperties());
  }

  async delete(urn: string, id: string, properties: Props): Promise<void> {
    const req = new provider.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(Struct.fromJavaScript(properties));
    await this.unary((cb) => this.client.delete(req, cb));
  }

  close(): void {
    this.client.close();
  }

  private unary<T>(call: (cb: (err: grpc.ServiceError | null, value: T) => void) => unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      call((err, value) => (err ? reject(fromGrpcError(err)) : resolve(value)));
    });
  }
}

export interface ReadResult {
  id: string;
  properties: Props;
  inputs?: Props;
}

function toProps(struct: Struct | undefined): Props {
  return (struct?.toJavaScript() ?? {}) as Props;
}

/** Unpacks ErrorResourceInitFailed from `grpc-status-details-bin`, as the engine does. */
function fromGrpcError(err: grpc.ServiceError): Error {
  const [details] = err.metadata?.get("grpc-status-details-bin") ?? [];
  if (details instanceof Buffer) {
    for (const any of Status.deserializeBinary(details).getDetailsList()) {
      const init = any.unpack(provider.ErrorResourceInitFailed.deserializeBinary, INIT_FAILED_TYPE);
      if (init) {
        return new ResourceInitError(
          err.details,
          init.getId(),
          toProps(init.getProperties()),
          init.getReasonsList(),
        );
      }
    }
  }
  return new Error(err.details || err.message);
}
