import type { ChannelArgs, EventDataStoreArgs } from "pulumi-cloudtrail";

/** The program's spec (`HarnessStack.setSpec`): event data stores and channels, by resource name. */
export interface LakeSpec {
  /** Stores; `insightsTo` names another store of the spec as insightsDestination. */
  stores?: Record<string, EventDataStoreArgs & { insightsTo?: string }>;
  /** Channels; `to` names stores of the spec (their ARNs become the destinations), `toArns` adds ARNs as given. */
  channels?: Record<string, Omit<ChannelArgs, "destinations"> & { to?: string[]; toArns?: string[] }>;
}
