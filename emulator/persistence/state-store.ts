import { appendFileSync, existsSync } from "node:fs";
import type { StoreAppend } from "../context";
import { reviveLake } from "../lake/state";
import {
  accountState,
  capEvents,
  emptyState,
  type AccountState,
  type EmulatorState,
  type RecordedEvent,
} from "../state";
import { table } from "../table";
import { readJournal, removeStaleTemps, writeAtomically } from "./files";
import { LakeFiles } from "./lake-files";
import { checkStateDirectory, checkStateShape, readJsonFile } from "./state-file";

/** A recorded event as the journal stores it: one JSON line each. */
type JournalLine = { a: string; r: string; e: RecordedEvent };

/**
 * The state file and its event journals. The file (`--state FILE`) holds everything but recorded
 * events, stored Lake events and objects, and is rewritten atomically after each change; recorded
 * events are appended to `FILE.events`, one line each, and that journal is rewritten only when it
 * has grown to twice the events kept, so a change never rewrites the event history. Lake keeps its
 * stored events and objects beside it the same way (LakeFiles).
 */
export class StateStore {
  private journalLines = 0;
  private readonly lakeFiles: LakeFiles;

  constructor(
    private readonly file: string,
    private readonly eventLimit: number,
  ) {
    this.lakeFiles = new LakeFiles(file);
  }

  private get journal(): string {
    return `${this.file}.events`;
  }

  /**
   * Reads the state and its journal (a torn last line is skipped); removes stale temporary files. A
   * missing directory, or a state file that is not one the emulator wrote, is a StateFileError.
   */
  load(): EmulatorState {
    checkStateDirectory(this.file);
    removeStaleTemps(this.file);
    const state = emptyState();
    if (existsSync(this.file)) {
      const parsed = readJsonFile(this.file);
      checkStateShape(this.file, parsed);
      const saved = parsed as Partial<EmulatorState>;
      if (saved.registry) state.registry = { ...state.registry, ...saved.registry };
      state.organizationAccounts = saved.organizationAccounts ?? [];
      state.organization = saved.organization;
      state.lake = reviveLake(saved.lake);
      state.signingKeys = table(saved.signingKeys ?? {});
      for (const [id, account] of Object.entries(saved.accounts ?? {})) {
        const loaded = accountState(state, id);
        loaded.trails = table(account.trails);
        if (account.delegatedAdmins) loaded.delegatedAdmins = account.delegatedAdmins;
        // State files written before the journal kept events inline.
        for (const [region, events] of Object.entries(account.events ?? {})) loaded.events[region] = events;
      }
    }
    if (existsSync(this.journal)) {
      for (const entry of readJournal<JournalLine>(this.journal)) {
        (accountState(state, entry.a).events[entry.r] ??= []).push(entry.e);
        this.journalLines++;
      }
      for (const account of Object.values(state.accounts)) {
        for (const events of Object.values(account.events)) capEvents(events, this.eventLimit);
      }
    }
    this.lakeFiles.load(state.lake);
    return state;
  }

  /** Rewrites the state file, events aside. */
  save(state: EmulatorState): void {
    const accounts = table<Omit<AccountState, "events"> & { events: undefined }>();
    for (const [id, account] of Object.entries(state.accounts))
      accounts[id] = { ...account, events: undefined };
    writeAtomically(
      this.file,
      JSON.stringify({ ...state, accounts, lake: this.lakeFiles.saved(state.lake) }),
    );
    this.lakeFiles.saveObjects(state.lake);
  }

  /**
   * Makes what an operation did durable before it is answered: first the events it added to stores
   * (appended to the Lake journal), then the state file (or, for `events only`, the objects that
   * changed). When a write fails the journal is cut back to where it was, so a failed operation
   * leaves nothing behind that a restart would bring back, and the error goes to the caller.
   */
  commit(state: EmulatorState, appended: readonly StoreAppend[], scope: "state" | "events only"): void {
    const mark = this.lakeFiles.mark();
    try {
      this.lakeFiles.append(appended);
      if (scope === "state") this.save(state);
      else this.lakeFiles.saveObjects(state.lake);
    } catch (e) {
      this.lakeFiles.truncate(mark);
      throw e;
    }
    try {
      this.lakeFiles.compactIfDue(state.lake);
    } catch (e) {
      // The journal as appended is complete; a rewrite that failed left it as it was.
      console.error(`cloudtrail-emulator: could not compact the Lake journal: ${(e as Error).message}`);
    }
  }

  /** Appends one recorded event to the journal; compacts the journal when it is twice the events kept. */
  appendEvent(state: EmulatorState, account: string, region: string, event: RecordedEvent): void {
    appendFileSync(this.journal, `${JSON.stringify({ a: account, r: region, e: event })}\n`);
    this.journalLines++;
    let kept = 0;
    for (const a of Object.values(state.accounts)) for (const e of Object.values(a.events)) kept += e.length;
    if (this.journalLines > 2 * Math.max(kept, 1000)) this.compact(state);
  }

  /** Rewrites Lake's journal with only the events stores hold, and its objects file. */
  compactLake(state: EmulatorState): void {
    this.lakeFiles.compact(state.lake);
    this.lakeFiles.saveObjects(state.lake, true);
  }

  /** Rewrites the journal with only the events kept in memory. */
  compact(state: EmulatorState): void {
    const lines: string[] = [];
    for (const [a, account] of Object.entries(state.accounts)) {
      for (const [r, events] of Object.entries(account.events)) {
        for (const e of events) lines.push(`${JSON.stringify({ a, r, e })}\n`);
      }
    }
    writeAtomically(this.journal, lines.join(""));
    this.journalLines = lines.length;
  }
}
