import { appendFileSync, existsSync, statSync, truncateSync } from "node:fs";
import type { StoreAppend } from "../context";
import type { EventDataStoreRecord, LakeEvent, LakeState, StoredObject } from "../lake/state";
import { table } from "../table";
import { readJournal, writeAtomically } from "./files";
import { checkObjectsShape, readJsonFile } from "./state-file";

/** A stored event as the Lake journal keeps it: one JSON line each; `i` names the import that delivered it. */
type JournalLine = { s: string; e: LakeEvent; i?: string };

/** What the state file keeps of Lake: everything but stored events and objects. */
export type SavedLake = Omit<LakeState, "objects" | "objectsVersion">;

/**
 * Lake's part of `--state FILE`, within the same bounded cost as the trail journal: the stores'
 * events are appended to `FILE.lake-events`, one line each, as they arrive (rewritten only when the
 * journal has grown to twice the events kept); objects live in `FILE.objects`, rewritten only after
 * an object changed. The state file itself holds the Lake resources without either, so a change
 * rewrites neither the stored events nor the objects.
 */
export class LakeFiles {
  private journalLines = 0;
  private savedObjectsVersion = 0;

  constructor(private readonly file: string) {}

  private get journal(): string {
    return `${this.file}.lake-events`;
  }

  private get objects(): string {
    return `${this.file}.objects`;
  }

  /** The Lake resources for the state file: stores without their events, no objects. */
  saved(lake: LakeState): SavedLake {
    const regions = table<SavedLake["regions"][string]>();
    for (const [key, region] of Object.entries(lake.regions)) {
      const stores = table<EventDataStoreRecord>();
      for (const [arn, store] of Object.entries(region.stores))
        stores[arn] = { ...store, events: undefined as unknown as LakeEvent[] };
      regions[key] = { ...region, stores };
    }
    return { regions, customers: lake.customers };
  }

  /**
   * Puts the journal's events back into their stores (a torn last line and gone stores are skipped),
   * and the objects. An import's events count only if the state file has that import finished: a
   * crash between the journal and the state file leaves the import to run again, and deliver once.
   */
  load(lake: LakeState): void {
    const stores = new Map<string, EventDataStoreRecord>();
    const finished = new Set<string>();
    for (const region of Object.values(lake.regions)) {
      for (const [arn, store] of Object.entries(region.stores)) {
        // State files written before the journal kept events inline.
        store.events ??= [];
        stores.set(arn, store);
      }
      for (const imp of Object.values(region.imports))
        if (imp.status === "COMPLETED" || imp.status === "FAILED") finished.add(imp.ImportId);
    }
    if (existsSync(this.journal)) {
      for (const entry of readJournal<JournalLine>(this.journal)) {
        if (entry.i !== undefined && !finished.has(entry.i)) continue;
        stores.get(entry.s)?.events.push(entry.e);
        this.journalLines++;
      }
    }
    if (existsSync(this.objects)) {
      const parsed = readJsonFile(this.objects);
      checkObjectsShape(this.objects, parsed);
      const saved = parsed as Record<string, Record<string, StoredObject | string>>;
      for (const [bucket, objects] of Object.entries(saved)) {
        lake.objects[bucket] = table();
        // Objects files written before objects had metadata held the base64 body alone.
        for (const [key, object] of Object.entries(objects))
          lake.objects[bucket][key] = typeof object === "string" ? { body: object, modified: 0 } : object;
      }
    }
  }

  /** The journal's length in bytes: where `truncate` cuts an append back to. */
  mark(): number {
    return existsSync(this.journal) ? statSync(this.journal).size : 0;
  }

  /** Cuts the journal back to a length `mark` gave, undoing the appends of an operation that failed after them. */
  truncate(size: number): void {
    if (existsSync(this.journal)) truncateSync(this.journal, size);
  }

  /** Appends a request's stored events (after which `compactIfDue` may rewrite the journal). */
  append(appended: readonly StoreAppend[]): void {
    const lines = appended.flatMap(({ store, events, importId }) =>
      events.map((e) => `${JSON.stringify({ s: store, e, i: importId })}\n`),
    );
    if (lines.length === 0) return;
    appendFileSync(this.journal, lines.join(""));
    this.journalLines += lines.length;
  }

  /**
   * Rewrites the journal when it has grown to twice the events kept. Called once the state file is
   * written: the rewrite drops import tags, which must by then be backed by a finished import.
   */
  compactIfDue(lake: LakeState): void {
    let kept = 0;
    for (const region of Object.values(lake.regions))
      for (const store of Object.values(region.stores)) kept += store.events.length;
    if (this.journalLines > 2 * Math.max(kept, 1000)) this.compact(lake);
  }

  /** Rewrites the journal with only the events of the stores that exist. */
  compact(lake: LakeState): void {
    const lines: string[] = [];
    for (const region of Object.values(lake.regions)) {
      for (const [s, store] of Object.entries(region.stores))
        for (const e of store.events) lines.push(`${JSON.stringify({ s, e })}\n`);
    }
    writeAtomically(this.journal, lines.join(""));
    this.journalLines = lines.length;
  }

  /** Rewrites the objects file when an object changed since it was last written. */
  saveObjects(lake: LakeState, force = false): void {
    if (!force && lake.objectsVersion === this.savedObjectsVersion) return;
    writeAtomically(this.objects, JSON.stringify(lake.objects));
    this.savedObjectsVersion = lake.objectsVersion;
  }
}
