import {
  GetEventSelectorsCommand,
  PutEventSelectorsCommand,
  type AdvancedEventSelector,
  type EventSelector,
  type GetEventSelectorsResponse,
} from "@aws-sdk/client-cloudtrail";
import { cloudTrail } from "./config";
import { normalizeAdvancedSelector, normalizeEventSelector } from "./normalize";
import { ATTACHMENT_REPLACED_BY, trailAttachmentProvider, type Props } from "./resource";
import { OPERATORS } from "./rules";

// A trail's event selectors, basic or advanced (ES-7), as one resource: create and update are
// one PutEventSelectors; delete puts TRAIL-8's default back; the id is the trail's ARN.

type Json = Record<string, unknown>;

const WIRE_OPERATORS: Record<(typeof OPERATORS)[number], string> = {
  equals: "Equals",
  startsWith: "StartsWith",
  endsWith: "EndsWith",
  notEquals: "NotEquals",
  notStartsWith: "NotStartsWith",
  notEndsWith: "NotEndsWith",
};

/** TRAIL-8: what a trail logs with no selectors of its own. */
const DEFAULT_SELECTORS: EventSelector[] = [{ ReadWriteType: "All", IncludeManagementEvents: true }];

function toWireBasic(s: Json): EventSelector {
  return {
    ReadWriteType: s.readWriteType as EventSelector["ReadWriteType"],
    IncludeManagementEvents: s.includeManagementEvents as boolean,
    DataResources: (s.dataResources as Json[]).map((d) => ({
      Type: d.type as string,
      Values: d.values as string[],
    })),
    ExcludeManagementEventSources: s.excludeManagementEventSources as string[],
  };
}

function toWireAdvanced(s: Json): AdvancedEventSelector {
  const fieldSelectors = (s.fieldSelectors as Json[]).map((f) => {
    const out: Json = { Field: f.field };
    for (const op of OPERATORS) if (f[op] !== undefined) out[WIRE_OPERATORS[op]] = f[op];
    return out;
  });
  return { Name: s.name as string | undefined, FieldSelectors: fieldSelectors as never };
}

/** The selectors CloudTrail reports, in check's normalised form, so that no refresh flaps. */
function fromWire(resp: GetEventSelectorsResponse): Props {
  if (resp.AdvancedEventSelectors?.length) {
    return {
      advancedEventSelectors: resp.AdvancedEventSelectors.map((s) => {
        const fieldSelectors = (s.FieldSelectors ?? []).map((f) => {
          const out: Json = { field: f.Field };
          for (const op of OPERATORS) {
            const values = (f as unknown as Record<string, unknown>)[WIRE_OPERATORS[op]];
            if (Array.isArray(values) && values.length > 0) out[op] = values;
          }
          return out;
        });
        return normalizeAdvancedSelector(s.Name ? { name: s.Name, fieldSelectors } : { fieldSelectors });
      }),
    };
  }
  return {
    eventSelectors: (resp.EventSelectors ?? []).map((s) =>
      normalizeEventSelector({
        readWriteType: s.ReadWriteType,
        includeManagementEvents: s.IncludeManagementEvents,
        dataResources: (s.DataResources ?? []).map((d) => ({ type: d.Type, values: d.Values ?? [] })),
        excludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
      }),
    ),
  };
}

/** A selectors resource moves to another trail by replacement. */
export const replacedBy = ATTACHMENT_REPLACED_BY;

/** The TrailEventSelectors resource's dynamic provider (see sdk/trail-event-selectors.ts). */
export const trailEventSelectorsProvider = trailAttachmentProvider({
  kind: "TrailEventSelectors",
  label: "event selectors",
  operation: "PutEventSelectors",
  updatable: ["eventSelectors", "advancedEventSelectors"],
  async put(trail, inputs) {
    const params = inputs.advancedEventSelectors
      ? {
          TrailName: trail,
          AdvancedEventSelectors: (inputs.advancedEventSelectors as Json[]).map(toWireAdvanced),
        }
      : { TrailName: trail, EventSelectors: (inputs.eventSelectors as Json[]).map(toWireBasic) };
    return (await cloudTrail().send(new PutEventSelectorsCommand(params))).TrailARN;
  },
  async read(trailArn) {
    return fromWire(await cloudTrail().send(new GetEventSelectorsCommand({ TrailName: trailArn })));
  },
  async reset(trailArn) {
    await cloudTrail().send(
      new PutEventSelectorsCommand({ TrailName: trailArn, EventSelectors: DEFAULT_SELECTORS }),
    );
  },
});
