import { StartDashboardRefreshCommand } from "@aws-sdk/client-cloudtrail";
import { checkArguments, lakeClient, type LakeClientOptions } from "./lake-client";

/** The names a dashboard's query parameters go by (DASH-3, DASH-6). */
export type DashboardQueryParameter = "$StartTime$" | "$EndTime$" | "$Period$" | "$EventDataStoreId$";

/** Options of {@link startDashboardRefresh}. */
export interface StartDashboardRefreshOptions extends LakeClientOptions {
  /**
   * Values for the widgets' query parameters: `$StartTime$`, `$EndTime$` (such as
   * `2026-01-31 00:00:00`), `$Period$`; a managed dashboard also needs `$EventDataStoreId$` (DASH-6).
   * @default none: CloudTrail's defaults
   */
  queryParameterValues?: Partial<Record<DashboardQueryParameter, string>>;
}

/**
 * Starts a refresh of a Lake dashboard (StartDashboardRefresh): CloudTrail runs each widget's query
 * (DASH-6). Returns the refresh id; DescribeQuery with it and a widget's QueryAlias finds that
 * widget's query. Arguments are checked before any call ({@link InvalidArgumentsError}).
 * @param dashboard the dashboard's name or ARN
 */
export async function startDashboardRefresh(
  dashboard: string,
  options: StartDashboardRefreshOptions = {},
): Promise<string> {
  checkArguments("startDashboardRefresh", "DashboardRefresh", {
    dashboard,
    queryParameterValues: options.queryParameterValues,
  });
  const ct = await lakeClient("startDashboardRefresh", options);
  const { RefreshId } = await ct.send(
    new StartDashboardRefreshCommand({
      DashboardId: dashboard,
      QueryParameterValues: options.queryParameterValues as Record<string, string> | undefined,
    }),
  );
  return RefreshId!;
}
