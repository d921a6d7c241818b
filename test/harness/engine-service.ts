import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engine from "@pulumi/pulumi/proto/engine_pb";

/** One message a program logged (`pulumi.log.warn(message, resource)` and its kin). */
export interface Diagnostic {
  severity: "info" | "warning" | "error";
  message: string;
  /** The resource it was logged on; "" for the stack. */
  urn: string;
}

const SEVERITIES: Record<number, Diagnostic["severity"]> = {
  [engine.LogSeverity.INFO]: "info",
  [engine.LogSeverity.WARNING]: "warning",
  [engine.LogSeverity.ERROR]: "error",
};

/**
 * The engine's own gRPC service (pulumirpc.Engine), where a program's `pulumi.log` calls go
 * under `pulumi up`: served so that what programs log is collected as the engine collects it.
 */
export async function serveEngine(diagnostics: Diagnostic[]): Promise<{ address: string; stop(): void }> {
  const server = new grpc.Server();
  server.addService(EngineService, {
    log: (call: grpc.ServerUnaryCall<engine.LogRequest, Empty>, done: grpc.sendUnaryData<Empty>) => {
      const req = call.request;
      // The runtime's own debug chatter, which the engine shows only with --debug.
      if (req.getSeverity() === engine.LogSeverity.DEBUG) return done(null, new Empty());
      diagnostics.push({
        severity: SEVERITIES[req.getSeverity()],
        message: req.getMessage(),
        urn: req.getUrn(),
      });
      done(null, new Empty());
    },
    getRootResource: (_call: unknown, done: grpc.sendUnaryData<engine.GetRootResourceResponse>) =>
      done(null, new engine.GetRootResourceResponse()),
    setRootResource: (_call: unknown, done: grpc.sendUnaryData<engine.SetRootResourceResponse>) =>
      done(null, new engine.SetRootResourceResponse()),
    startDebugging: (_call: unknown, done: grpc.sendUnaryData<Empty>) => done(null, new Empty()),
    requirePulumiVersion: (_call: unknown, done: grpc.sendUnaryData<engine.RequirePulumiVersionResponse>) =>
      done(null, new engine.RequirePulumiVersionResponse()),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  return { address: `127.0.0.1:${port}`, stop: () => server.forceShutdown() };
}
