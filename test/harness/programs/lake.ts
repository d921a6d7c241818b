import * as pulumi from "@pulumi/pulumi";
import { Channel, Dashboard, EventDataStore } from "pulumi-cloudtrail";
import type { LakeSpec } from "./lake-spec";
import { readSpec } from "./spec";

/** Stores, channels and dashboards as a user writes them, shaped by the test's spec so that each run of a test can change it. */
export = function program(): Record<string, pulumi.Output<unknown>> {
  const spec = readSpec<LakeSpec>();
  const stores: Record<string, EventDataStore> = {};
  const outputs: Record<string, pulumi.Output<unknown>> = {};
  // Insight stores first, so that a source store can name one.
  const entries = Object.entries(spec.stores ?? {}).sort(([, a], [, b]) =>
    a.insightsTo === undefined ? -1 : b.insightsTo === undefined ? 1 : 0,
  );
  for (const [name, { insightsTo, ...args }] of entries) {
    const destination = insightsTo === undefined ? {} : { insightsDestination: stores[insightsTo].arn };
    const store = new EventDataStore(name, { ...args, ...destination });
    stores[name] = store;
    outputs[name] = pulumi
      .all([store.arn, store.name, store.restored, store.adopted, store.partitionKeys])
      .apply(([arn, storeName, restored, adopted, partitionKeys]) => ({
        arn,
        name: storeName,
        restored,
        adopted,
        partitionKeys,
      }));
  }
  for (const [name, { to, toArns, ...args }] of Object.entries(spec.channels ?? {})) {
    const locations = [...(to ?? []).map((s) => stores[s].arn), ...(toArns ?? [])];
    const channel = new Channel(name, {
      ...args,
      destinations: locations.map((location) => ({ type: "EVENT_DATA_STORE" as const, location })),
    });
    outputs[name] = channel.arn;
  }
  for (const [name, args] of Object.entries(spec.dashboards ?? {})) {
    const dashboard = new Dashboard(name, args);
    outputs[name] = pulumi
      .all([dashboard.arn, dashboard.type, dashboard.status, dashboard.adopted])
      .apply(([arn, type, status, adopted]) => ({ arn, type, status, adopted }));
  }
  return outputs;
};
