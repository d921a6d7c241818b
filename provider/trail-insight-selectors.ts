import {
  GetInsightSelectorsCommand,
  PutInsightSelectorsCommand,
  type InsightSelector,
} from "@aws-sdk/client-cloudtrail";
import type { TrailInsightSelectorsInputs } from "../sdk/inputs";
import { cloudTrail } from "./config";
import { errorName } from "./aws";
import { insightCategories } from "./normalize";
import { ATTACHMENT_REPLACED_BY, trailAttachmentProvider } from "./trail-attachment";

/** An Insights resource moves to another trail by replacement. */
export const replacedBy = ATTACHMENT_REPLACED_BY;

// A trail's Insights (INS-*): create and update are one PutInsightSelectors; delete sends an
// empty list, which turns Insights off (INS-2); the id is the trail's ARN.

/** The TrailInsightSelectors resource's dynamic provider (see sdk/trail-insight-selectors.ts). */
export const trailInsightSelectorsProvider = trailAttachmentProvider<TrailInsightSelectorsInputs>({
  kind: "TrailInsightSelectors",
  label: "Insights",
  operation: "PutInsightSelectors",
  updatable: ["insightTypes", "eventCategories"],
  async put(trail, inputs) {
    const InsightSelectors = toApi(inputs.insightTypes, inputs.eventCategories);
    return (await cloudTrail().send(new PutInsightSelectorsCommand({ TrailName: trail, InsightSelectors })))
      .TrailARN;
  },
  async read(trailArn) {
    try {
      const resp = await cloudTrail().send(new GetInsightSelectorsCommand({ TrailName: trailArn }));
      return fromApi(resp.InsightSelectors ?? []);
    } catch (err) {
      // INS-2: a trail without Insights answers with an error rather than an empty list.
      if (errorName(err) === "InsightNotEnabledException") return { insightTypes: [] };
      throw err;
    }
  },
  async reset(trailArn) {
    await cloudTrail().send(new PutInsightSelectorsCommand({ TrailName: trailArn, InsightSelectors: [] }));
  },
  hint(err, inputs) {
    // INS-5 spans two resources, so check cannot see it: say which one to fix.
    const data = Object.values(inputs.eventCategories ?? {}).some((c) => c?.includes("Data"));
    return data && errorName(err) === "InvalidInsightSelectorsException"
      ? "Insights on data events need the trail to log data events (INS-5): select them with a TrailEventSelectors and make this resource depend on it"
      : undefined;
  },
});

/** Each type with its categories; a type without any is sent without, which AWS reads as Management (INS-4). */
function toApi(
  types: TrailInsightSelectorsInputs["insightTypes"],
  categories: TrailInsightSelectorsInputs["eventCategories"],
): InsightSelector[] {
  const byType = categories ?? {};
  return types.map((InsightType) =>
    byType[InsightType] ? { InsightType, EventCategories: byType[InsightType] } : { InsightType },
  );
}

/** What AWS holds, in check's canonical form (INS-4), so that a default it reports is no drift. */
function fromApi(selectors: InsightSelector[]): Partial<TrailInsightSelectorsInputs> {
  const categories = insightCategories(
    Object.fromEntries(selectors.map((s) => [s.InsightType, s.EventCategories ?? ["Management"]])),
  );
  return {
    insightTypes: selectors.flatMap((s) => (s.InsightType ? [s.InsightType] : [])).sort(),
    ...(categories ? { eventCategories: categories } : {}),
  };
}
