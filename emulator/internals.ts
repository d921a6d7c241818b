/**
 * The emulator's building blocks, for its own tests and benchmarks: the Lake query engine and the
 * selector rules, usable without a server. Not a stable API: `start` and `EmulatorAdmin` are.
 */
export { QueryEngine, type LakeTable, type QueryResult, type RunOptions } from "./lake/query-engine";
export { selects } from "./lake/selector-evaluation";
export type { AdvancedEventSelector, FieldSelector } from "./rules/selectors";
import shapes from "./shapes.json";

/** The input shapes of every operation the emulator serves, per service (from scripts/gen-emulator-shapes.mjs). */
export const OPERATION_SHAPES: Readonly<Record<string, unknown>> = shapes;
