/**
 * The admin API, `/_emulator/…` (client: EmulatorAdmin): health, the request log, reset, faults,
 * the clock, the registry, settings, credentials, the state, Lake controls and the object store.
 * Every call is checked for its caller (origin, token, content type) before its input.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { mergeLakeSettings } from "../lake/state";
import * as objectStore from "../lake/object-store";
import { delegatedAdmins, organizationFrom } from "../organization";
import { SEED_RESOURCE_TYPES } from "../rules/selectors";
import type { EmulatorState, StateWithEventCounts } from "../state";
import {
  AdminError,
  adminInput,
  clockInput,
  configInput,
  credentialInput,
  faultInput,
  integerParam,
  registerInput,
} from "./admin-input";
import { header } from "./http";
import type { EmulatorInstance } from "./instance";

/** An admin call: its input (the JSON body) and its query string. */
type AdminCall = { input: Record<string, unknown>; rawQuery: string };

/** An admin route: `METHOD path` to what it does; its return value is the JSON answered. */
type AdminRoutes = Record<string, (call: AdminCall) => unknown>;

function routes(emulator: EmulatorInstance): AdminRoutes {
  const { clock, faults, log, store } = emulator;
  return {
    "GET health": () => ({
      ok: true,
      now: clock.now().toISOString(),
      retryableAnswers: emulator.retryableAnswers,
    }),
    "GET log": ({ rawQuery }) => {
      const query = new URLSearchParams(rawQuery);
      const after = integerParam(query.get("after"), -1, Number.MAX_SAFE_INTEGER, -1, "after");
      const limit = integerParam(query.get("limit"), 1, 10_000, 1000, "limit");
      return log.page(after, limit);
    },
    "DELETE log": () => {
      log.clear();
      return {};
    },
    "POST reset": () => {
      emulator.reset();
      return {};
    },
    "GET faults": () => faults.pending(),
    "POST faults": ({ input }) => {
      faults.add(faultInput(input));
      return faults.pending();
    },
    "DELETE faults": () => {
      faults.clear();
      return {};
    },
    "POST clock": ({ input }) => ({ now: clock.advance(clockInput(input)).toISOString() }),
    "POST register": ({ input }) => {
      emulator.register(registerInput(input));
      store?.save(emulator.state);
      return { registry: emulator.state.registry, organizationAccounts: emulator.state.organizationAccounts };
    },
    "POST organization": ({ input }) => {
      try {
        emulator.state.organization = organizationFrom(input);
      } catch (e) {
        throw new AdminError(400, (e as Error).message);
      }
      store?.save(emulator.state);
      return { ...emulator.state.organization, delegatedAdmins: delegatedAdmins(emulator.state) };
    },
    "POST config": ({ input }) => configure(emulator, input),
    "POST credentials": ({ input }) => {
      const { accessKeyId, ...credential } = credentialInput(input);
      emulator.settings.credentials.set(accessKeyId, credential);
      return {};
    },
    "GET state": ({ rawQuery }) =>
      new URLSearchParams(rawQuery).get("events") === "count"
        ? withEventCounts(emulator.state)
        : emulator.state,
    "POST lake": ({ input }) => {
      try {
        emulator.settings.lake = mergeLakeSettings(emulator.settings.lake, input);
      } catch (e) {
        throw new AdminError(400, (e as Error).message);
      }
      return emulator.settings.lake;
    },
  };
}

/**
 * The state with each event data store's events replaced by their number: what a test compares
 * resources by, without sending every stored event on each read.
 */
function withEventCounts(state: EmulatorState): StateWithEventCounts {
  const regions = Object.entries(state.lake.regions).map(([key, region]) => [
    key,
    {
      ...region,
      stores: Object.fromEntries(
        Object.entries(region.stores).map(([id, store]) => [id, { ...store, events: store.events.length }]),
      ),
    },
  ]);
  return { ...state, lake: { ...state.lake, regions: Object.fromEntries(regions) } };
}

/** Changes the rate scale, page size or extra resource types; rate limits start over. */
function configure(emulator: EmulatorInstance, input: Record<string, unknown>): unknown {
  const { rateScale, pageSize, extraResourceTypes } = configInput(input);
  const { limiter, settings } = emulator;
  if (rateScale !== undefined) limiter.scale = rateScale;
  if (pageSize !== undefined) settings.pageSize = pageSize;
  if (extraResourceTypes !== undefined)
    settings.resourceTypes = [...SEED_RESOURCE_TYPES, ...extraResourceTypes];
  limiter.reset();
  return { rateScale: limiter.scale, pageSize: settings.pageSize, resourceTypes: settings.resourceTypes };
}

/**
 * Refuses an admin call, read or write, from a page of another origin (its Origin header, or a
 * browser's Sec-Fetch-Site when it sends no Origin), or without the admin token when one is set.
 */
function checkAdminCaller(
  req: IncomingMessage,
  origins: readonly string[],
  adminToken: string | undefined,
): void {
  const origin = header(req, "origin");
  if (origin !== undefined && !origins.includes(origin)) {
    throw new AdminError(403, `admin calls are refused from origin ${origin}`);
  }
  if (header(req, "sec-fetch-site") === "cross-site") {
    throw new AdminError(403, "admin calls are refused from pages of another site");
  }
  if (adminToken !== undefined) {
    const expected = Buffer.from(`Bearer ${adminToken}`);
    const given = Buffer.from(header(req, "authorization") ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AdminError(401, "admin calls need authorization: Bearer <admin token>");
    }
  }
}

/** Refuses a write whose content type is not `type`. */
function checkContentType(req: IncomingMessage, type: RegExp, message: string): void {
  if (req.method !== "GET" && !type.test(header(req, "content-type") ?? ""))
    throw new AdminError(415, message);
}

/**
 * The admin API's handler. `origins` are the emulator's own (known once it listens): calls from
 * pages of any other origin are refused.
 */
export function adminApi(
  emulator: EmulatorInstance,
  origins: () => readonly string[],
): (req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string, body: Buffer) => void {
  const table = routes(emulator);
  const reply = (res: ServerResponse, status: number, payload: unknown): void => {
    const text = typeof payload === "string" ? payload : JSON.stringify(payload);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  return (req, res, path, rawQuery, body) => {
    try {
      checkAdminCaller(req, origins(), emulator.options.adminToken);
      if (path.startsWith(objectStore.ADMIN_PREFIX)) {
        const answer = objectRoute(
          emulator,
          req,
          path.slice(objectStore.ADMIN_PREFIX.length),
          rawQuery,
          body,
        );
        if (!("bytes" in answer)) return reply(res, answer.status, answer.json);
        res.writeHead(200, {
          "content-type": "application/octet-stream",
          "content-length": answer.bytes.length,
        });
        return void res.end(answer.bytes);
      }
      checkContentType(
        req,
        /^application\/json\s*(;|$)/i,
        "admin writes need content-type: application/json",
      );
      const input = adminInput(body);
      const route = `${req.method} ${path}`;
      const handler = Object.hasOwn(table, route) ? table[route] : undefined;
      if (!handler) throw new AdminError(404, `no admin route ${route}`);
      reply(res, 200, handler({ input, rawQuery }));
    } catch (e) {
      if (e instanceof AdminError) return reply(res, e.status, { error: e.message });
      console.error("cloudtrail-emulator: admin error", e);
      reply(res, 500, { error: "the emulator failed to process the admin call" });
    }
  };
}

/**
 * The object store's admin calls. Their bodies are raw bytes, so a write must say
 * `content-type: application/octet-stream`: a browser form cannot send that type, and a page's
 * script cannot without a preflight the emulator never grants.
 */
function objectRoute(
  emulator: EmulatorInstance,
  req: IncomingMessage,
  path: string,
  rawQuery: string,
  body: Buffer,
): objectStore.ObjectAdminReply {
  const method = req.method ?? "GET";
  checkContentType(
    req,
    /^application\/octet-stream\s*(;|$)/i,
    "object store writes need content-type: application/octet-stream",
  );
  const { state } = emulator;
  const answer = objectStore.objectAdmin(
    state.lake,
    emulator.settings.lake.objectBytes,
    method,
    path,
    rawQuery,
    body,
  );
  if (method !== "GET" && answer.status === 200) emulator.store?.save(state);
  return answer;
}
