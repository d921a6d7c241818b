/**
 * The queries the engine runs for one emulator, and their results: what lives only in memory and
 * never in the state file (issue 23). StartQuery hands a prepared query here and answers at once;
 * the query executes in the background (other calls, CancelQuery included, answer meanwhile),
 * within its time limit, and its rows are kept within a byte budget shared by every account.
 */
import {
  QueryEngine,
  type EngineOptions,
  type PreparedQuery,
  type QueryOutcome,
  type RunningQuery,
} from "./query-engine";

/** The engine's bounds and the result budget, fixed when the emulator starts. */
export interface QueryRunOptions extends EngineOptions {
  /**
   * Bytes (estimated, as they sit in memory) that the results of every account's queries may hold
   * together; the oldest results expire to make room, and a query whose own rows would not fit
   * FAILS with a message saying so.
   * @default 268435456 (256 MiB)
   */
  readonly resultBytes?: number;
}

/** One query's run: the engine's handle, then how it ended and when (epoch ms, real clock). */
interface Run {
  /** The engine's handle until the query ends: its settled promise would keep the rows alive. */
  running?: RunningQuery;
  readonly began: number;
  outcome?: QueryOutcome;
  executionMs?: number;
}

/** Results kept for GetQueryResults; `bytes` counts against the budget. */
export interface KeptResult {
  readonly columns: string[];
  readonly rows: (string | null)[][];
  readonly bytes: number;
}

export const DEFAULT_RESULT_BYTES = 256 * 1024 * 1024;

export class QueryRuns {
  private engine?: Promise<QueryEngine>;
  private readonly runs = new Map<string, Run>();
  /** Finished results, oldest first (Map keeps insertion order): the first to expire. */
  private readonly results = new Map<string, KeptResult>();
  /** Bytes held by kept results and by the rows of queries still running. */
  private held = 0;
  private readonly budget: number;

  constructor(private readonly options: QueryRunOptions = {}) {
    this.budget = options.resultBytes ?? DEFAULT_RESULT_BYTES;
  }

  /** The engine, opened (DuckDB loaded) on first use. */
  open(): Promise<QueryEngine> {
    this.engine ??= QueryEngine.open(this.options);
    return this.engine;
  }

  /** Starts a prepared query under `queryId`; it runs until it ends, times out or is cancelled. */
  start(queryId: string, prepared: PreparedQuery, timeoutMs: number): void {
    let reserved = 0;
    const running = prepared.execute({
      // setTimeout fires at once past 2^31 - 1 ms.
      timeoutMs: Math.min(timeoutMs, 2 ** 31 - 1),
      reserve: (bytes) => {
        if (!this.reserve(bytes)) return false;
        reserved += bytes;
        return true;
      },
    });
    const run: Run = { running, began: Date.now() };
    this.runs.set(queryId, run);
    void running.outcome.then((outcome) => {
      // The rows live in `results` only, where the budget can expire them.
      run.outcome = { ...outcome, rows: [] };
      run.running = undefined;
      run.executionMs = Date.now() - run.began;
      // Rows the outcome drops (FAILED, CANCELLED) or that were reserved but not kept give their bytes back.
      this.held -= reserved - outcome.bytes;
      if (this.runs.get(queryId) !== run) {
        this.held -= outcome.bytes;
        return;
      }
      if (outcome.status === "FINISHED" || outcome.status === "TIMED_OUT") {
        this.results.set(queryId, { columns: outcome.columns, rows: outcome.rows, bytes: outcome.bytes });
      }
    });
  }

  /** How the query's run stands: undefined when this process never ran it (a restart since). */
  status(
    queryId: string,
  ):
    | { state: "QUEUED" | "RUNNING" }
    | { state: "ENDED"; outcome: QueryOutcome; executionMs: number }
    | undefined {
    const run = this.runs.get(queryId);
    if (!run) return undefined;
    if (run.outcome) return { state: "ENDED", outcome: run.outcome, executionMs: run.executionMs ?? 0 };
    return { state: run.running?.queued ? "QUEUED" : "RUNNING" };
  }

  /** The query's rows, while they are kept. */
  result(queryId: string): KeptResult | undefined {
    return this.results.get(queryId);
  }

  /** Drops a query's rows (Lake keeps them seven days after the query finishes). */
  expire(queryId: string): void {
    const kept = this.results.get(queryId);
    if (!kept) return;
    this.results.delete(queryId);
    this.held -= kept.bytes;
  }

  /** Interrupts a running query; it ends CANCELLED. */
  cancel(queryId: string): void {
    this.runs.get(queryId)?.running?.cancel();
  }

  /** Waits until the query's run ends, at most `ms`. */
  async settled(queryId: string, ms: number): Promise<void> {
    const run = this.runs.get(queryId);
    if (!run?.running) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([run.running.outcome, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  /** Forgets every query (the admin reset): running ones are cancelled, results dropped. */
  reset(): void {
    for (const run of this.runs.values()) run.running?.cancel();
    this.runs.clear();
    for (const id of [...this.results.keys()]) this.expire(id);
  }

  /** Cancels every query, waits for them to end, and closes the engine (its temp directory goes). */
  async close(): Promise<void> {
    const ending = [...this.runs.values()].flatMap((run) => (run.running ? [run.running.outcome] : []));
    this.reset();
    await Promise.allSettled(ending);
    if (this.engine) (await this.engine).close();
    this.engine = undefined;
  }

  /** Makes room for `bytes` more, expiring the oldest results; false when even that is not enough. */
  private reserve(bytes: number): boolean {
    for (const [id, kept] of this.results) {
      if (this.held + bytes <= this.budget) break;
      this.results.delete(id);
      this.held -= kept.bytes;
    }
    if (this.held + bytes > this.budget) return false;
    this.held += bytes;
    return true;
  }
}
