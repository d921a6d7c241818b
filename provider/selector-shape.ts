import type { AdvancedEventSelector } from "@aws-sdk/client-cloudtrail";
import { capital, type Props } from "./props";
import { OPERATORS } from "./rules";

// The wire form of an advanced event selector, shared by trails (TrailEventSelectors) and event
// data stores: AWS's operator names are the inputs' capitalised (startsWith: StartsWith).

/** An advanced selector (AES-*) as PutEventSelectors and Create/UpdateEventDataStore take it. */
export function toWireAdvancedSelector(s: Props): AdvancedEventSelector {
  return {
    Name: s.name as string | undefined,
    FieldSelectors: (s.fieldSelectors as Props[]).map((f) => {
      const out: Props = { Field: f.field };
      for (const op of OPERATORS) if (f[op] !== undefined) out[capital(op)] = f[op];
      return out as never;
    }),
  };
}
