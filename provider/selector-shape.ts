import type { AdvancedEventSelector, AdvancedFieldSelector } from "@aws-sdk/client-cloudtrail";
import type { AdvancedEventSelector as Selector } from "../sdk/inputs";
import { capital } from "./props";
import { OPERATORS } from "./rules";

// The wire form of an advanced event selector, shared by trails (TrailEventSelectors) and event
// data stores: AWS's operator names are the inputs' capitalised (startsWith: StartsWith).

/** An advanced selector (AES-*) as PutEventSelectors and Create/UpdateEventDataStore take it. */
export function toWireAdvancedSelector(s: Selector): AdvancedEventSelector {
  return {
    Name: s.name,
    FieldSelectors: s.fieldSelectors.map((f) => {
      const out: AdvancedFieldSelector = { Field: f.field };
      for (const op of OPERATORS) if (f[op] !== undefined) out[capital(op)] = f[op];
      return out;
    }),
  };
}
