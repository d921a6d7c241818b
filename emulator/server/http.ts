/**
 * The HTTP transport and its limits: the request line and Host header are checked (DNS rebinding),
 * bodies are read within the size limit (WIRE-1), then the request goes to the S3 endpoint, the
 * admin API or the CloudTrail API. Also: binding, the warning when bound beyond loopback, and the
 * origins the admin API accepts calls from.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { hostAllowed } from "../hosts";
import { isS3Request } from "../s3/endpoint";

/** Path prefix of the admin API. */
export const ADMIN = "/_emulator/";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;
/**
 * A Host header: a host name or IPv4 address (underscores allowed, as container names have them), or
 * a bracketed IPv6 address, and an optional port.
 */
const HOST_HEADER = /^(?:\w(?:[\w.-]{0,251}\w)?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** What serves a request once the transport has checked it and read its body. */
export type Services = {
  /** Runs before every request that passes the checks (trail delivery on the emulated clock). */
  beforeRequest(): void;
  /** S3's endpoint reads its own body: its refusals (EntityTooLarge) are S3's XML errors. */
  s3(req: IncomingMessage, res: ServerResponse, rawPath: string, rawQuery: string): Promise<void>;
  /** The admin API; `path` is what follows `/_emulator/`. */
  admin(req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string, body: Buffer): void;
  api(
    req: IncomingMessage,
    res: ServerResponse,
    rawPath: string,
    rawQuery: string,
    body: Buffer,
  ): Promise<void>;
  /** Notes a request the transport refused, with the JSON error it answered. */
  refused(status: number, code: string, text: string): void;
};

/** Where and how the transport listens. */
export type TransportOptions = {
  host: string;
  port: number;
  allowedHosts: string[];
  maxBodyBytes: number;
  /** Whether the admin API needs a token: the warning for a non-loopback address says so. */
  adminToken: boolean;
};

/** A listening transport. */
export type Listener = {
  url: string;
  port: number;
  /** Origins of the emulator's own pages (any address it answers on): the admin API accepts calls from these only. */
  origins: string[];
  close(): Promise<void>;
};

/** One header's value (the first, if repeated). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the body, or resolves undefined as soon as it passes `limit` bytes (and stops reading). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size > limit) {
        req.off("data", onData);
        req.pause();
        chunks.length = 0;
        resolve(undefined);
      } else chunks.push(c);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/** Starts listening; resolves once it does. */
export async function listen(options: TransportOptions, services: Services): Promise<Listener> {
  const answersHost = hostAllowed(options.host, options.allowedHosts);
  const server = createServer((req, res) => {
    void serve(req, res, options, services, answersHost).catch((e: unknown) => {
      console.error("cloudtrail-emulator: internal error", e);
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json", connection: "close" });
        res.end(JSON.stringify({ __type: "InternalFailure", message: "The emulator failed." }));
      } else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const bracketed = options.host.includes(":") ? `[${options.host}]` : options.host;
  if (!LOOPBACK.test(options.host)) warnExposed(options, port);
  return {
    url: `http://${bracketed}:${port}`,
    port,
    origins: [bracketed, "127.0.0.1", "localhost", "[::1]"]
      .concat(options.allowedHosts.filter((h) => !h.startsWith(".")))
      .map((h) => `http://${h}:${port}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function warnExposed(options: TransportOptions, port: number): void {
  console.warn(
    `cloudtrail-emulator: listening on ${options.host}:${port}, beyond this machine: anyone who can reach it can ` +
      `call the CloudTrail API and the admin endpoint ${ADMIN} (reset, state, credentials and their secrets)` +
      (options.adminToken
        ? "; admin calls need the admin token."
        : "; set --admin-token to guard admin calls."),
  );
}

/** Checks the request line and Host, reads the body within the limit, then hands over (WIRE-1). */
async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  options: TransportOptions,
  services: Services,
  answersHost: (hostHeader: string) => boolean,
): Promise<void> {
  const refuse = (status: number, code: string, message: string): void => {
    const text = JSON.stringify({ __type: code, message });
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      "x-amzn-errortype": code,
      connection: "close",
    });
    res.end(text);
    services.refused(status, code, text);
  };
  const target = req.url ?? "";
  const hostHeader = header(req, "host");
  if (!target.startsWith("/") || hostHeader === undefined || !HOST_HEADER.test(hostHeader)) {
    return refuse(400, "MalformedHttpRequestException", "The request target or Host header is not valid.");
  }
  if (!answersHost(hostHeader)) {
    return refuse(
      403,
      "AccessDeniedException",
      `Host ${hostHeader} is not one this emulator answers (a guard against DNS rebinding): ` +
        `use localhost or a loopback address, or start it with --allowed-host NAME.`,
    );
  }
  services.beforeRequest();
  const q = target.indexOf("?");
  const rawPath = q < 0 ? target : target.slice(0, q);
  const rawQuery = q < 0 ? "" : target.slice(q + 1);
  if (!rawPath.startsWith(ADMIN) && isS3Request(req, rawPath))
    return services.s3(req, res, rawPath, rawQuery);
  // A declared length over the limit is refused unread; a body that passes it while read, as soon as it does.
  const declared = Number(header(req, "content-length") ?? 0);
  const body = declared <= options.maxBodyBytes ? await readBody(req, options.maxBodyBytes) : undefined;
  if (!body) {
    refuse(
      413,
      "RequestEntityTooLargeException",
      `Request bodies are limited to ${options.maxBodyBytes} bytes.`,
    );
    return void res.once("finish", () => req.destroy());
  }
  if (rawPath.startsWith(ADMIN)) return services.admin(req, res, rawPath.slice(ADMIN.length), rawQuery, body);
  await services.api(req, res, rawPath, rawQuery, body);
}
