import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * A state file (or a file beside it) that cannot be used: the emulator does not start, and says
 * which file and what is wrong, rather than start empty and overwrite it at the next change.
 * `code` lets the CLI tell it from a usage mistake (exit 1, no usage text).
 */
export class StateFileError extends Error {
  readonly code = "ESTATEFILE";
}

/** Refuses a `--state` path whose directory is missing or is not a directory: nothing could be saved. */
export function checkStateDirectory(file: string): void {
  const dir = dirname(resolve(file));
  if (!existsSync(dir))
    throw new StateFileError(`--state ${file}: the directory ${dir} does not exist; create it first.`);
  if (!statSync(dir).isDirectory()) throw new StateFileError(`--state ${file}: ${dir} is not a directory.`);
}

/** Reads a JSON file the emulator wrote; anything that does not parse is a StateFileError naming the file. */
export function readJsonFile(file: string): unknown {
  const text = readFileSync(file, "utf8");
  if (text.trim() === "")
    throw new StateFileError(`${file} is empty: it is not a state file the emulator wrote (move it away).`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new StateFileError(`${file} is not valid JSON (${(e as Error).message}); it may be truncated.`);
  }
}

type Check = (value: unknown, path: string) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const object =
  (members: Record<string, Check> = {}): Check =>
  (v, path) => {
    if (!isObject(v)) return `${path} is not an object`;
    for (const [key, check] of Object.entries(members)) {
      if (v[key] === undefined) continue;
      const problem = check(v[key], `${path}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  };

const tableOf =
  (entry: Check): Check =>
  (v, path) => {
    if (!isObject(v)) return `${path} is not an object`;
    for (const [key, value] of Object.entries(v)) {
      const problem = entry(value, `${path}["${key}"]`);
      if (problem) return problem;
    }
    return undefined;
  };

const listOf =
  (entry: Check): Check =>
  (v, path) => {
    if (!Array.isArray(v)) return `${path} is not a list`;
    for (let i = 0; i < v.length; i++) {
      const problem = entry(v[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };

const string: Check = (v, path) => (typeof v === "string" ? undefined : `${path} is not a string`);

const number: Check = (v, path) => (typeof v === "number" ? undefined : `${path} is not a number`);

/** An object of the objects file: its base64 body alone (files of older versions), or with its attributes. */
const storedObject: Check = (v, path) => {
  if (typeof v === "string") return undefined;
  if (!isObject(v) || typeof v.body !== "string")
    return `${path} is neither a base64 body nor an object with one`;
  return object({ modified: number })(v, path);
};

/** The shape of what StateStore.save writes: every table the emulator indexes at start, to the depth it reads. */
const STATE: Check = object({
  accounts: tableOf(
    object({ trails: tableOf(object()), events: tableOf(listOf(object())), delegatedAdmins: listOf(string) }),
  ),
  registry: tableOf(listOf(string)),
  organizationAccounts: listOf(string),
  organization: object({ managementAccount: string, memberAccounts: listOf(string) }),
  lake: object({
    customers: listOf(string),
    regions: tableOf(
      object({
        stores: tableOf(object({ events: listOf(object()) })),
        channels: tableOf(object()),
        queries: tableOf(object()),
        imports: tableOf(object()),
      }),
    ),
  }),
});

/** Checks a parsed state file's shape; a problem is a StateFileError naming the file and the member. */
export function checkStateShape(file: string, saved: unknown): void {
  const problem = STATE(saved, "the state");
  if (problem)
    throw new StateFileError(
      `${file} is not a state file the emulator wrote: ${problem}. Move it away, or give --state another file.`,
    );
}

/** The objects file beside the state file: bucket -> key -> the object (its base64 body and attributes). */
export function checkObjectsShape(file: string, saved: unknown): void {
  const problem = tableOf(tableOf(storedObject))(saved, "the objects");
  if (problem) throw new StateFileError(`${file} is not an objects file the emulator wrote: ${problem}.`);
}
