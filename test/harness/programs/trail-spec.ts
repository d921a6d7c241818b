import type {
  TrailArgs,
  TrailEventAggregationArgs,
  TrailEventSelectorsArgs,
  TrailInsightSelectorsArgs,
} from "pulumi-cloudtrail";

/** The program's spec (`HarnessStack.setSpec`): one trail, optionally its selectors, Insights and aggregation. */
export interface TrailSpec {
  /** Resource name of the trail. Default "audit". */
  resource?: string;
  trail: TrailArgs;
  /**
   * Selectors; `by` says whether they name the trail by name (default) or ARN, and `trailRef`
   * names some other trail instead.
   */
  selectors?: Omit<TrailEventSelectorsArgs, "trail"> & {
    by?: "name" | "arn";
    trailRef?: string;
    resource?: string;
    /** Pass the advanced selectors through an output of the trail, so they are known only once it is. */
    late?: boolean;
  };
  /** Insights; they follow the selectors, as Insights on data events need (INS-5). */
  insights?: Omit<TrailInsightSelectorsArgs, "trail">;
  /** Event aggregation; it follows the selectors, as it needs data events (AGG-3). */
  aggregation?: Omit<TrailEventAggregationArgs, "trail">;
}
