import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";

/** The entries of a journal of JSON lines; a line that does not parse (a torn last one) is skipped. */
export function readJournal<T>(file: string): T[] {
  const entries: T[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    try {
      entries.push(JSON.parse(line) as T);
    } catch {
      continue;
    }
  }
  return entries;
}

const TEMP_SUFFIX = ".tmp";

/**
 * Writes to a new temporary file beside the target, created exclusively (`wx`: never through a
 * symlink or over another writer's file), flushes it, then renames it over the target: a crash
 * leaves the old file or the new one, never a torn one. The temporary file is removed on failure.
 */
export function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}${TEMP_SUFFIX}`;
  const fd = openSync(tmp, "wx", 0o600);
  try {
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}

/** Temporary files a killed emulator left beside the state file: those whose process is gone. */
export function removeStaleTemps(file: string): void {
  const dir = dirname(file);
  if (!existsSync(dir)) return;
  const prefix = `${basename(file)}.`;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    const pid = Number(/\.(\d+)\.(?:[0-9a-f]{12}\.)?tmp$/.exec(name)?.[1]);
    if (pid && pid !== process.pid && isAlive(pid)) continue;
    unlinkSync(join(dir, name));
  }
}

/** Whether a process of this id runs (one of another user counts: it may not be signalled, but it is there). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
