import { GetEventConfigurationCommand, PutEventConfigurationCommand } from "@aws-sdk/client-cloudtrail";
import type { TrailEventAggregationInputs } from "../sdk/inputs";
import { cloudTrail } from "./config";
import { errorName } from "./aws";
import { ATTACHMENT_REPLACED_BY, trailAttachmentProvider } from "./trail-attachment";

/** An aggregation resource moves to another trail by replacement. */
export const replacedBy = ATTACHMENT_REPLACED_BY;

// A trail's event aggregation (AGG-*), a resource of its own rather than an input of Trail: it
// needs the trail to log data events (AGG-3), which TrailEventSelectors puts after the trail
// exists, so a Trail could not apply it at create. Create and update are one
// PutEventConfiguration; delete sends an empty list, which turns aggregation off (AGG-4); the id is
// the trail's ARN.

/** The TrailEventAggregation resource's dynamic provider (see sdk/trail-event-aggregation.ts). */
export const trailEventAggregationProvider = trailAttachmentProvider<TrailEventAggregationInputs>({
  kind: "TrailEventAggregation",
  label: "event aggregation",
  operation: "PutEventConfiguration",
  updatable: ["aggregationConfigurations"],
  async put(trail, inputs) {
    const AggregationConfigurations = inputs.aggregationConfigurations.map((c) => ({
      EventCategory: c.eventCategory,
      Templates: c.templates,
    }));
    return (
      await cloudTrail().send(
        new PutEventConfigurationCommand({ TrailName: trail, AggregationConfigurations }),
      )
    ).TrailARN;
  },
  async read(trailArn) {
    const resp = await cloudTrail().send(new GetEventConfigurationCommand({ TrailName: trailArn }));
    return {
      aggregationConfigurations: (resp.AggregationConfigurations ?? []).flatMap((c) =>
        c.EventCategory
          ? [{ eventCategory: c.EventCategory, templates: [...(c.Templates ?? [])].sort() }]
          : [],
      ),
    };
  },
  async reset(trailArn) {
    await cloudTrail().send(
      new PutEventConfigurationCommand({ TrailName: trailArn, AggregationConfigurations: [] }),
    );
  },
  hint(err) {
    // AGG-3 spans two resources, so check cannot see it: say which one to fix.
    // check has validated the rest, so the parameter AWS refuses is the trail's selectors.
    return errorName(err) === "InvalidParameterException"
      ? "Aggregation needs the trail to log data events (AGG-3): select them with a TrailEventSelectors and make this resource depend on it"
      : undefined;
  },
});
