import type { AdvancedEventSelector, AdvancedFieldSelector } from "@aws-sdk/client-cloudtrail";
import type { AdvancedEventSelector as AdvancedEventSelectorInput } from "../sdk/inputs";
import type { Props } from "./props";
import { OPERATORS } from "./rules";

// The wire form of an advanced event selector, shared by trails (TrailEventSelectors) and event
// data stores: AWS's operator names are the inputs' capitalised (startsWith: StartsWith).

type Operator = (typeof OPERATORS)[number];

/** Each operator's API name: the input's capitalised. */
const WIRE_OPERATORS = {
  equals: "Equals",
  startsWith: "StartsWith",
  endsWith: "EndsWith",
  notEquals: "NotEquals",
  notStartsWith: "NotStartsWith",
  notEndsWith: "NotEndsWith",
} satisfies Record<Operator, keyof AdvancedFieldSelector>;

/** An operator's API name: `startsWith` to `StartsWith`. */
export const wireOperator = (op: Operator) => WIRE_OPERATORS[op];

/** An advanced selector (AES-*) as PutEventSelectors and Create/UpdateEventDataStore take it. */
export function toWireAdvancedSelector(s: AdvancedEventSelectorInput): AdvancedEventSelector;
/** The same for a selector still held untyped (event-data-store-shape.ts's `Props`). */
export function toWireAdvancedSelector(s: Props): AdvancedEventSelector;
export function toWireAdvancedSelector(s: AdvancedEventSelectorInput | Props): AdvancedEventSelector {
  // The untyped overload's callers hand check's validated selectors: the typed shape.
  const selector = s as AdvancedEventSelectorInput;
  return {
    Name: selector.name,
    FieldSelectors: selector.fieldSelectors.map((f) => {
      const out: AdvancedFieldSelector = { Field: f.field };
      for (const op of OPERATORS) if (f[op] !== undefined) out[wireOperator(op)] = f[op];
      return out;
    }),
  };
}
