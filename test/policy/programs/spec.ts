import type { TrailArgs, TrailEventSelectorsArgs, TrailInsightSelectorsArgs } from "pulumi-cloudtrail";

/** The run's spec (`HarnessStack.setSpec`): this package's trails, and other providers' resources. */
export interface PolicyProgramSpec {
  trails?: {
    resource: string;
    args: TrailArgs;
    selectors?: Omit<TrailEventSelectorsArgs, "trail"> & { by?: "name" | "arn" };
    insights?: Omit<TrailInsightSelectorsArgs, "trail">;
  }[];
  /**
   * pulumi-aws and aws-native resources, registered with their type token and inputs as their
   * generated classes register them (their SDKs and plugins are not installed here).
   */
  resources?: { type: string; name: string; props: Record<string, unknown> }[];
}
