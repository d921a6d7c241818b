import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type { StoreAppend } from "../context";
import { readJournal, table, writeAtomically } from "../state";
import type { EventDataStoreRecord, LakeEvent, LakeState, StoredObject } from "./state";

/** A stored event as the Lake journal keeps it: one JSON line each. */
type JournalLine = { s: string; e: LakeEvent };

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

  /** Puts the journal's events back into their stores (a torn last line and gone stores are skipped), and the objects. */
  load(lake: LakeState): void {
    const stores = new Map<string, EventDataStoreRecord>();
    for (const region of Object.values(lake.regions)) {
      for (const [arn, store] of Object.entries(region.stores)) {
        // State files written before the journal kept events inline.
        store.events ??= [];
        stores.set(arn, store);
      }
    }
    if (existsSync(this.journal)) {
      for (const entry of readJournal<JournalLine>(this.journal)) {
        stores.get(entry.s)?.events.push(entry.e);
        this.journalLines++;
      }
    }
    if (existsSync(this.objects)) {
      const saved = JSON.parse(readFileSync(this.objects, "utf8")) as Record<
        string,
        Record<string, StoredObject | string>
      >;
      for (const [bucket, objects] of Object.entries(saved)) {
        lake.objects[bucket] = table();
        // Objects files written before objects had metadata held the base64 body alone.
        for (const [key, object] of Object.entries(objects))
          lake.objects[bucket][key] = typeof object === "string" ? { body: object, modified: 0 } : object;
      }
    }
  }

  /** Appends a request's stored events; compacts the journal when it is twice the events kept. */
  append(lake: LakeState, appended: readonly StoreAppend[]): void {
    const lines = appended.flatMap(({ store, events }) =>
      events.map((e) => `${JSON.stringify({ s: store, e })}\n`),
    );
    if (lines.length === 0) return;
    appendFileSync(this.journal, lines.join(""));
    this.journalLines += lines.length;
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
