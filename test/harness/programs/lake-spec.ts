import type { ChannelArgs, DashboardArgs, EventDataStoreArgs } from "pulumi-cloudtrail";

/** The program's spec (`HarnessStack.setSpec`): event data stores, channels and dashboards, by resource name. */
export interface LakeSpec {
  /** Stores; `insightsTo` names another store of the spec as insightsDestination. */
  stores?: Record<string, EventDataStoreArgs & { insightsTo?: string }>;
  /** Channels; `to` names stores of the spec (their ARNs become the destinations), `toArns` adds ARNs as given. */
  channels?: Record<string, Omit<ChannelArgs, "destinations"> & { to?: string[]; toArns?: string[] }>;
  /** Dashboards, as declared. */
  dashboards?: Record<string, DashboardArgs>;
}
