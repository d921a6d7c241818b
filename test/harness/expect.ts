import type { RunResult } from "./engine";

/**
 * The check every resource of this package must pass: an `up` of an unchanged program reports
 * no create, update, replace or delete. Throws with the steps that changed.
 */
export function expectNoChanges(result: RunResult): void {
  if (!result.ok) throw new Error(`the up failed:\n${result.summary}`);
  const changes = result.steps
    .filter((s) => s.op !== "same")
    .map((s) => `${s.op} ${s.name}${s.diffs?.length ? ` [diff: ${s.diffs.join(", ")}]` : ""}`);
  if (changes.length > 0)
    throw new Error(`expected no changes, got:\n${changes.join("\n")}\n${result.summary}`);
  if (result.rpcs.create || result.rpcs.update || result.rpcs.delete) {
    throw new Error(`expected no provider writes, got ${JSON.stringify(result.rpcs)}`);
  }
}
