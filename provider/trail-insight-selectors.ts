import {
  GetInsightSelectorsCommand,
  PutInsightSelectorsCommand,
  type InsightType,
} from "@aws-sdk/client-cloudtrail";
import { cloudTrail } from "./config";
import { errorName } from "./aws";
import { ATTACHMENT_REPLACED_BY, trailAttachmentProvider } from "./trail-attachment";

/** An Insights resource moves to another trail by replacement. */
export const replacedBy = ATTACHMENT_REPLACED_BY;

// A trail's Insights (INS-*): create and update are one PutInsightSelectors; delete sends an
// empty list, which turns Insights off (INS-2); the id is the trail's ARN.

/** The TrailInsightSelectors resource's dynamic provider (see sdk/trail-insight-selectors.ts). */
export const trailInsightSelectorsProvider = trailAttachmentProvider({
  kind: "TrailInsightSelectors",
  label: "Insights",
  operation: "PutInsightSelectors",
  updatable: ["insightTypes"],
  async put(trail, inputs) {
    const InsightSelectors = (inputs.insightTypes as InsightType[]).map((InsightType) => ({ InsightType }));
    return (await cloudTrail().send(new PutInsightSelectorsCommand({ TrailName: trail, InsightSelectors })))
      .TrailARN;
  },
  async read(trailArn) {
    try {
      const resp = await cloudTrail().send(new GetInsightSelectorsCommand({ TrailName: trailArn }));
      return { insightTypes: (resp.InsightSelectors ?? []).map((s) => s.InsightType as string).sort() };
    } catch (err) {
      // INS-2: a trail without Insights answers with an error rather than an empty list.
      if (errorName(err) === "InsightNotEnabledException") return { insightTypes: [] };
      throw err;
    }
  },
  async reset(trailArn) {
    await cloudTrail().send(new PutInsightSelectorsCommand({ TrailName: trailArn, InsightSelectors: [] }));
  },
});
