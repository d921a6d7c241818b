import {
  GetEventSelectorsCommand,
  PutEventSelectorsCommand,
  type EventSelector,
  type GetEventSelectorsResponse,
} from "@aws-sdk/client-cloudtrail";
import type {
  DataResource as DataResourceInput,
  EventSelector as EventSelectorInput,
  TrailEventSelectorsInputs,
} from "../sdk/inputs";
import { cloudTrail } from "./config";
import { normalizeAdvancedSelector, normalizeEventSelector } from "./normalize";
import type { Props } from "./props";
import { toWireAdvancedSelector, wireOperator } from "./selector-shape";
import { ATTACHMENT_REPLACED_BY, trailAttachmentProvider, type AttachmentState } from "./trail-attachment";
import { OPERATORS } from "./rules";

/** A basic selector once check has filled ES-5's defaults (normalize.ts): every member given. */
type CheckedEventSelector = Required<Omit<EventSelectorInput, "dataResources">> & {
  dataResources: Required<DataResourceInput>[];
};

/** The inputs in the form check hands on: basic selectors with their defaults, `validation` filled. */
export interface CheckedTrailEventSelectors extends Omit<
  TrailEventSelectorsInputs,
  "eventSelectors" | "validation"
> {
  eventSelectors?: CheckedEventSelector[];
  validation: NonNullable<TrailEventSelectorsInputs["validation"]>;
}

/** A TrailEventSelectors' state: its checked inputs and the trail's ARN (sdk/trail-event-selectors.ts). */
export type TrailEventSelectorsState = AttachmentState<CheckedTrailEventSelectors>;

/** A selectors resource moves to another trail by replacement. */
export const replacedBy = ATTACHMENT_REPLACED_BY;

// A trail's event selectors, basic or advanced (ES-7), as one resource: create and update are
// one PutEventSelectors; delete puts TRAIL-8's default back; the id is the trail's ARN.

/** TRAIL-8: what a trail logs with no selectors of its own. */
const DEFAULT_SELECTORS: EventSelector[] = [{ ReadWriteType: "All", IncludeManagementEvents: true }];

/** The TrailEventSelectors resource's dynamic provider (see sdk/trail-event-selectors.ts). */
export const trailEventSelectorsProvider = trailAttachmentProvider<CheckedTrailEventSelectors>({
  kind: "TrailEventSelectors",
  label: "event selectors",
  operation: "PutEventSelectors",
  updatable: ["eventSelectors", "advancedEventSelectors"],
  async put(trail, inputs) {
    const params = inputs.advancedEventSelectors
      ? {
          TrailName: trail,
          AdvancedEventSelectors: inputs.advancedEventSelectors.map(toWireAdvancedSelector),
        }
      : // check requires one of the two (ES-7).
        { TrailName: trail, EventSelectors: inputs.eventSelectors!.map(toWireBasic) };
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

function toWireBasic(s: CheckedEventSelector): EventSelector {
  return {
    ReadWriteType: s.readWriteType,
    IncludeManagementEvents: s.includeManagementEvents,
    DataResources: s.dataResources.map((d) => ({ Type: d.type, Values: d.values })),
    ExcludeManagementEventSources: s.excludeManagementEventSources,
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
            const values = f[wireOperator(op)];
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
