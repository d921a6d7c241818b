import * as fs from "node:fs";

/** The spec the test gave the stack (`HarnessStack.setSpec`), from the file `HARNESS_SPEC_FILE` names. */
export function readSpec<T>(): T {
  const file = process.env.HARNESS_SPEC_FILE;
  if (!file) throw new Error("no spec: the test did not call HarnessStack.setSpec");
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}
