/**
 * The emulator's building blocks, for its own tests and benchmarks: the Lake query engine, the
 * selector rules, trail delivery and the state they work on, usable without a server. Not a stable API: `start` and `EmulatorAdmin` are.
 */
export { QueryEngine, type LakeTable, type QueryResult, type RunOptions } from "./lake/query-engine";
export { selects } from "./lake/selector-evaluation";
export { evaluatePolicy, type PolicyRequest } from "./rules/resource-policy";
export { deliverDue } from "./delivery/trail-delivery";
export { getObject, putObject } from "./lake/object-store";
export { accountState, emptyState, type RecordedEvent } from "./state";
export type { AdvancedEventSelector, FieldSelector } from "./rules/selectors";
import shapes from "./shapes.json";

/** The input shapes of every operation the emulator serves, per service (from scripts/gen-emulator-shapes.mjs). */
export const OPERATION_SHAPES: Readonly<Record<string, unknown>> = shapes;
