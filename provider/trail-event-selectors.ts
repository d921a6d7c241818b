import {
  GetEventSelectorsCommand,
  PutEventSelectorsCommand,
  type EventSelector,
  type GetEventSelectorsResponse,
} from "@aws-sdk/client-cloudtrail";
import type {
  DataResource as DataResourceInput,
  FieldSelector,
  TrailEventSelectorsInputs,
} from "../sdk/inputs";
import { cloudTrail } from "./config";
import { normalizeAdvancedSelector, normalizeEventSelector, type NormalizedEventSelector } from "./normalize";
import { capital } from "./props";
import { toWireAdvancedSelector } from "./selector-shape";
import { ATTACHMENT_REPLACED_BY, trailAttachmentProvider } from "./trail-attachment";
import { OPERATORS } from "./rules";

/** The inputs in the form check hands on: basic selectors with their defaults, `validation` filled. */
export interface CheckedTrailEventSelectors extends Omit<
  TrailEventSelectorsInputs,
  "eventSelectors" | "validation"
> {
  eventSelectors?: NormalizedEventSelector[];
  validation: NonNullable<TrailEventSelectorsInputs["validation"]>;
}

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

function toWireBasic(s: NormalizedEventSelector): EventSelector {
  return {
    ReadWriteType: s.readWriteType,
    IncludeManagementEvents: s.includeManagementEvents,
    DataResources: s.dataResources.map((d) => ({ Type: d.type, Values: d.values })),
    ExcludeManagementEventSources: s.excludeManagementEventSources,
  };
}

/** The selectors CloudTrail reports, in check's normalised form, so that no refresh flaps. */
function fromWire(resp: GetEventSelectorsResponse): Partial<CheckedTrailEventSelectors> {
  if (resp.AdvancedEventSelectors?.length) {
    return {
      advancedEventSelectors: resp.AdvancedEventSelectors.map((s) => {
        const fieldSelectors = (s.FieldSelectors ?? []).map((f) => {
          const out: FieldSelector = { field: f.Field ?? "" };
          for (const op of OPERATORS) {
            const values = f[capital(op)];
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
        // AWS reports the types and sources it was given: schema.json's (ES-3, ES-6).
        dataResources: (s.DataResources ?? []).map((d) => ({
          type: d.Type as DataResourceInput["type"],
          values: d.Values ?? [],
        })),
        excludeManagementEventSources: (s.ExcludeManagementEventSources ??
          []) as NormalizedEventSelector["excludeManagementEventSources"],
      }),
    ),
  };
}
