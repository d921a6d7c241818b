import {
  GetEventSelectorsCommand,
  PutEventSelectorsCommand,
  type EventSelector,
  type GetEventSelectorsResponse,
} from "@aws-sdk/client-cloudtrail";
import { cloudTrail } from "./config";
import { normalizeAdvancedSelector, normalizeEventSelector } from "./normalize";
import { capital, type Props } from "./props";
import { toWireAdvancedSelector } from "./selector-shape";
import { ATTACHMENT_REPLACED_BY, trailAttachmentProvider } from "./trail-attachment";
import { OPERATORS } from "./rules";

/** A selectors resource moves to another trail by replacement. */
export const replacedBy = ATTACHMENT_REPLACED_BY;

// A trail's event selectors, basic or advanced (ES-7), as one resource: create and update are
// one PutEventSelectors; delete puts TRAIL-8's default back; the id is the trail's ARN.

/** TRAIL-8: what a trail logs with no selectors of its own. */
const DEFAULT_SELECTORS: EventSelector[] = [{ ReadWriteType: "All", IncludeManagementEvents: true }];

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
          AdvancedEventSelectors: (inputs.advancedEventSelectors as Props[]).map(toWireAdvancedSelector),
        }
      : { TrailName: trail, EventSelectors: (inputs.eventSelectors as Props[]).map(toWireBasic) };
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

function toWireBasic(s: Props): EventSelector {
  return {
    ReadWriteType: s.readWriteType as EventSelector["ReadWriteType"],
    IncludeManagementEvents: s.includeManagementEvents as boolean,
    DataResources: (s.dataResources as Props[]).map((d) => ({
      Type: d.type as string,
      Values: d.values as string[],
    })),
    ExcludeManagementEventSources: s.excludeManagementEventSources as string[],
  };
}

/** The selectors CloudTrail reports, in check's normalised form, so that no refresh flaps. */
function fromWire(resp: GetEventSelectorsResponse): Props {
  if (resp.AdvancedEventSelectors?.length) {
    return {
      advancedEventSelectors: resp.AdvancedEventSelectors.map((s) => {
        const fieldSelectors = (s.FieldSelectors ?? []).map((f) => {
          const out: Props = { field: f.Field };
          for (const op of OPERATORS) {
            const values = (f as unknown as Props)[capital(op)];
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
