import * as fs from "node:fs";
import * as path from "node:path";
import type { Props } from "./plugin";

/** One resource as the harness keeps it between runs, like a Pulumi checkpoint entry. */
export interface ResourceState {
  urn: string;
  type: string;
  name: string;
  /** Custom resources go to a provider; components are bookkeeping only. */
  custom: boolean;
  id: string;
  inputs: Props;
  outputs: Props;
  /** URNs this resource depends on: deletes run dependents first. */
  dependencies: string[];
  /** Set when Create or Update reported ErrorResourceInitFailed: the next `up` updates it. */
  initErrors?: string[];
  /** The old half of a create-before-delete replacement, still to be deleted. */
  pendingDelete?: boolean;
  /** Read by the program (`get`), not managed: never created, updated or deleted by the stack. */
  external?: boolean;
}

export interface StackState {
  resources: ResourceState[];
  outputs: Record<string, unknown>;
}

export function loadState(file: string): StackState {
  if (!fs.existsSync(file)) return { resources: [], outputs: {} };
  return JSON.parse(fs.readFileSync(file, "utf8")) as StackState;
}

/** Written whole after every step (tmp + rename) so an interrupted run leaves true state. */
export function saveState(file: string, state: StackState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2));
  fs.renameSync(tmp, file);
}

/** Resources ordered so that each comes after every resource that depends on it. */
export function dependentsFirst(resources: ResourceState[]): ResourceState[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const dependents = new Map<string, string[]>();
  for (const r of resources) {
    for (const d of r.dependencies) dependents.set(d, [...(dependents.get(d) ?? []), r.urn]);
  }
  const ordered: ResourceState[] = [];
  const visited = new Set<ResourceState>();
  const visit = (r: ResourceState): void => {
    if (visited.has(r)) return;
    visited.add(r);
    for (const urn of dependents.get(r.urn) ?? []) {
      const dependent = byUrn.get(urn);
      if (dependent) visit(dependent);
    }
    ordered.push(r);
  };
  for (const r of [...resources].reverse()) visit(r);
  return ordered;
}
