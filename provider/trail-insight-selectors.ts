import {
  GetInsightSelectorsCommand,
  PutInsightSelectorsCommand,
  type InsightType,
} from "@aws-sdk/client-cloudtrail";
import type * as pulumi from "@pulumi/pulumi";
import { cloudTrail, configureFromStack, stackRegion } from "./config";
import {
  assertHomeRegion,
  assertTrailReferenceRegion,
  changedInputs,
  checkInputs,
  describeError,
  errorName,
  sameTrail,
  userInputs,
  type Props,
} from "./resource";

// A trail's Insights (INS-*): create and update are one PutInsightSelectors; delete sends an
// empty list, which turns Insights off (INS-2); the id is the trail's ARN.

async function put(trail: string, inputs: Props): Promise<Props> {
  const types = inputs.insightTypes as InsightType[];
  try {
    const resp = await cloudTrail().send(
      new PutInsightSelectorsCommand({
        TrailName: trail,
        InsightSelectors: types.map((InsightType) => ({ InsightType })),
      }),
    );
    return { ...inputs, trailArn: resp.TrailARN };
  } catch (err) {
    throw describeError(`PutInsightSelectors on trail "${trail}"`, err);
  }
}

/** The TrailInsightSelectors resource's dynamic provider (see sdk/trail-insight-selectors.ts). */
export const trailInsightSelectorsProvider: pulumi.dynamic.ResourceProvider = {
  configure: configureFromStack,

  async check(_olds: Props, news: Props) {
    return checkInputs("TrailInsightSelectors", userInputs(news));
  },

  async diff(_id: string, olds: Props, news: Props) {
    const replaces = sameTrail(olds, news) ? [] : ["trail"];
    const changed = changedInputs(olds, news, ["insightTypes"]);
    return { changes: replaces.length > 0 || changed.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs: Props) {
    const trail = String(inputs.trail);
    await assertTrailReferenceRegion(trail, `Insights of trail "${trail}"`, await stackRegion());
    const outs = await put(trail, inputs);
    return { id: String(outs.trailArn), outs };
  },

  async read(id: string, props: Props) {
    try {
      const resp = await cloudTrail().send(new GetInsightSelectorsCommand({ TrailName: id }));
      const types = (resp.InsightSelectors ?? []).map((s) => s.InsightType as string).sort();
      return { id, props: { ...props, insightTypes: types } };
    } catch (err) {
      const name = errorName(err);
      if (name === "TrailNotFoundException") return { id: "", props: {} };
      // INS-2: a trail without Insights answers with an error rather than an empty list.
      if (name === "InsightNotEnabledException") return { id, props: { ...props, insightTypes: [] } };
      throw describeError(`GetInsightSelectors of trail ${id}`, err);
    }
  },

  async update(id: string, _olds: Props, news: Props) {
    await assertHomeRegion(id, `Insights of trail "${String(news.trail)}"`, await stackRegion());
    return { outs: await put(id, news) };
  },

  async delete(id: string) {
    await assertHomeRegion(id, `Insights of trail ${id}`, await stackRegion());
    try {
      await cloudTrail().send(new PutInsightSelectorsCommand({ TrailName: id, InsightSelectors: [] }));
    } catch (err) {
      if (errorName(err) !== "TrailNotFoundException")
        throw describeError(`PutInsightSelectors ([]) on ${id}`, err);
    }
  },
};
