/**
 * Transactions and journalling. Operations run one at a time, each a transaction on a snapshot of
 * its account's state that is put back if the handler or the state file fails; then the call is
 * recorded for LookupEvents and what it delivered to stores is appended to the journals. Trail
 * delivery and the S3 endpoint's changes are saved here too.
 */
import type { RequestContext } from "../context";
import { internalFailure, ServiceError } from "../errors";
import { isReadOperation, recordCall } from "../lookup";
import { beforeRead } from "../lake/queries";
import { deliverDue } from "../delivery/trail-delivery";
import { snapshotAccount, type EmulatorState, type RecordedEvent } from "../state";
import type { StateStore } from "../persistence/state-store";
import type { EmulatorInstance } from "./instance";
import type { Route } from "./router";

/**
 * Reads that bring imports up to date with the clock, so may complete one and deliver its events;
 * and GetDashboard, which runs a scheduled refresh that fell due (DASH-5).
 */
const IMPORT_READS = new Set(["GetImport", "ListImports", "ListImportFailures", "GetDashboard"]);

type Result = Record<string, unknown>;

/**
 * A write that loses only history when it fails (the journal of recorded events, a delivery): the
 * call it belongs to has been answered or is answered regardless, so the failure is reported, not thrown.
 */
function bestEffort(what: string, write: () => void): void {
  try {
    write();
  } catch (e) {
    console.error(`cloudtrail-emulator: could not ${what}: ${(e as Error).message}`);
  }
}

/** The one queue operations run in, and the journals they write, for one emulator. */
export class Transactions {
  /**
   * Operations run one at a time. Most handlers never await, but StartQuery awaits the query engine:
   * were another call to run meanwhile, a rollback of the query could undo that call's change, or
   * cut off the events its recorded call delivered to stores.
   */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly emulator: EmulatorInstance) {}

  private get store(): StateStore | undefined {
    return this.emulator.store;
  }

  /**
   * Runs an operation as a transaction: a mutating one on a snapshot of the account's state (trails
   * and Lake) that is put back if the handler or the state file fails, so it applies completely or
   * not at all. Then records the call for LookupEvents (failed calls too, as CloudTrail does).
   */
  async apply(ctx: RequestContext, route: Route, params: Result): Promise<Result> {
    // A read of a query the engine still runs waits for it here, outside the queue.
    await beforeRead(ctx, route.operation, params);
    const next = this.queue.then(() => this.run(ctx, route, params, !isReadOperation(route.operation)));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async run(ctx: RequestContext, route: Route, params: Result, mutating: boolean): Promise<Result> {
    // Reading an import can finish it and deliver its events: that read commits like a write.
    const commits = mutating || IMPORT_READS.has(route.operation);
    const restore = commits ? snapshotAccount(ctx.state, ctx.account) : undefined;
    let result: Result;
    try {
      result = await route.handler(ctx, params as never);
      // Durable before answered (with --state): an acknowledged write survives a crash.
      if (restore) this.store?.commit(ctx.state, ctx.lakeAppended, "state");
    } catch (e) {
      if (restore) restore();
      ctx.lakeAppended.length = 0;
      if (route.recorded)
        this.record(ctx, route.operation, params, e instanceof ServiceError ? e : internalFailure());
      this.journalLake(ctx);
      throw e;
    }
    ctx.lakeAppended.length = 0;
    if (route.recorded) this.record(ctx, route.operation, params, undefined);
    this.journalLake(ctx);
    return result;
  }

  /**
   * Appends the recorded call's delivery to stores to the Lake journal. It is the emulator's own
   * event, not a caller's write, so a journal that cannot be written loses it and nothing else.
   */
  private journalLake(ctx: RequestContext): void {
    bestEffort("append to the Lake journal", () =>
      this.store?.commit(ctx.state, ctx.lakeAppended, "events only"),
    );
  }

  private record(
    ctx: RequestContext,
    operation: string,
    params: Result,
    error: ServiceError | undefined,
  ): void {
    const event = recordCall(ctx, operation, params, error && { code: error.code, message: error.message });
    if (event) this.appendEvent(ctx.state, ctx.account, ctx.region, event);
  }

  /** Appends a recorded event to the event journal. */
  appendEvent(state: EmulatorState, account: string, region: string, event: RecordedEvent): void {
    // The call itself succeeded or failed already; a journal that cannot be written loses history only.
    bestEffort("append to the event journal", () => this.store?.appendEvent(state, account, region, event));
  }

  /** Saves what the S3 endpoint changed: objects (with the Lake journal) or the bucket registry (the state file). */
  saveObjects(what: "objects" | "buckets"): void {
    const { state } = this.emulator;
    bestEffort("save the object store", () =>
      this.store?.commit(state, [], what === "objects" ? "events only" : "state"),
    );
  }

  /**
   * Trails deliver on the emulated clock: whatever has come due since the last request is delivered
   * before this one is served, so a request sees the objects and trail status of its time.
   */
  deliver(): void {
    const { state, clock } = this.emulator;
    if (deliverDue(state, clock.now().getTime()) === 0) return;
    bestEffort("save delivered files", () => this.store?.commit(state, [], "state"));
  }
}
