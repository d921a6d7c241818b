import * as pulumi from "@pulumi/pulumi";
import { warnOfInputs } from "./input-warnings";
import { lazyProvider } from "./lazy-provider";
import type { ResourcePolicyDocument } from "./resource-policy";

/** One widget of a {@link Dashboard}: a Lake query and how its results are shown (DASH-2). */
export interface DashboardWidget {
  /** The widget's Lake SQL, 1 to 10000 characters; each `?` (`'?'` with eventTime) takes the next of `queryParameters` (DASH-3). */
  queryStatement: pulumi.Input<string>;
  /** What each `?` stands for, in order: `$StartTime$`, `$EndTime$` or `$Period$` (DASH-3). @default none */
  queryParameters?: pulumi.Input<pulumi.Input<"$StartTime$" | "$EndTime$" | "$Period$">[]>;
  /** How the widget shows its results, e.g. `{ "View.Type": "Table" }`: names 3-128 and values 1-128 letters, digits, `.`, `_`, `-` (values also spaces) (DASH-2). */
  viewProperties: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** When CloudTrail refreshes a {@link Dashboard} on its own (DASH-4). */
export interface DashboardRefreshSchedule {
  /** Every 1, 6, 12 or 24 `HOURS`, or every 1 `DAYS`; the Highlights dashboard every 6 `HOURS` (DASH-4). */
  frequency: pulumi.Input<{ unit: pulumi.Input<"HOURS" | "DAYS">; value: pulumi.Input<number> }>;
  /** `DISABLED` keeps the schedule but runs nothing. @default "ENABLED" */
  status?: pulumi.Input<"ENABLED" | "DISABLED">;
  /** `HH:MM` in UTC; an hourly schedule uses the minutes only (DASH-4). @default "00:00" */
  timeOfDay?: pulumi.Input<string>;
}

/** Inputs of a {@link Dashboard}. */
export interface DashboardArgs {
  /**
   * The dashboard's name: 3 to 128 letters, digits, `_` or `-` (DASH-1); `AWSCloudTrail-Highlights`
   * makes the Highlights dashboard, which CloudTrail manages. A new name replaces the dashboard.
   * @default the resource name, a dash and 7 hex digits derived from the project, stack and resource name
   */
  name?: pulumi.Input<string>;
  /** At most 10 widgets, shown in this order; changed in place (DASH-2). The Highlights dashboard takes none. @default [] */
  widgets?: pulumi.Input<pulumi.Input<DashboardWidget>[]>;
  /**
   * A refresh schedule (DASH-4); it runs only while `resourcePolicy` lets `cloudtrail.amazonaws.com`
   * call `cloudtrail:StartDashboardRefresh` (DASH-5). Removing it turns the schedule off.
   * @default none: refreshed by {@link startDashboardRefresh} only
   */
  refreshSchedule?: pulumi.Input<DashboardRefreshSchedule>;
  /** Refuse deletion while true: destroy fails before any call unless `forceDestroy` (DASH-1). @default false */
  terminationProtectionEnabled?: pulumi.Input<boolean>;
  /** Let destroy delete a protected dashboard, turning protection off first (DASH-1). @default false */
  forceDestroy?: pulumi.Input<boolean>;
  /** Tags, at most 50 (NAME-6). @default {} */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Resource-based policy of the dashboard (PutResourcePolicy), as an object or its JSON text;
   * compared as JSON; removing it deletes the policy. A scheduled refresh needs one that lets
   * `cloudtrail.amazonaws.com` call `cloudtrail:StartDashboardRefresh` (DASH-5).
   * @default none
   */
  resourcePolicy?: pulumi.Input<string | ResourcePolicyDocument>;
  /**
   * Take over an existing dashboard of this name at create (DASH-1), bringing it to the declared
   * settings; undeclared widgets, schedule, tags and policy stay as the dashboard has them. @default false
   */
  adopt?: pulumi.Input<boolean>;
}

const provider = lazyProvider("pulumi-cloudtrail/dist/provider/dashboard", "dashboardProvider");

/**
 * A CloudTrail Lake dashboard: widgets of Lake queries over your event data stores, refreshed by
 * hand ({@link startDashboardRefresh}) or on a schedule (DASH-1..DASH-6).
 */
export class Dashboard extends pulumi.dynamic.Resource {
  /** The dashboard's name (DASH-1). */
  declare readonly name: pulumi.Output<string>;
  /** The dashboard's ARN, `arn:aws:cloudtrail:<region>:<account>:dashboard/<name>`; also the resource id. */
  declare readonly arn: pulumi.Output<string>;
  /** `CUSTOM`, or `MANAGED` for the Highlights dashboard (DASH-1). */
  declare readonly type: pulumi.Output<"CUSTOM" | "MANAGED">;
  /** CREATED, UPDATED, ... as GetDashboard last reported it. */
  declare readonly status: pulumi.Output<string>;
  /** When the dashboard was created, ISO 8601. */
  declare readonly createdTimestamp: pulumi.Output<string>;
  /** When the dashboard was last updated, ISO 8601. */
  declare readonly updatedTimestamp: pulumi.Output<string>;
  /** The widgets (DASH-2). */
  declare readonly widgets: pulumi.Output<
    { queryStatement: string; queryParameters?: string[]; viewProperties: Record<string, string> }[]
  >;
  /** The refresh schedule (DASH-4); undefined when none. */
  declare readonly refreshSchedule: pulumi.Output<
    { frequency: { unit: string; value: number }; status: string; timeOfDay?: string } | undefined
  >;
  /** Whether deletion is refused (DASH-1). */
  declare readonly terminationProtectionEnabled: pulumi.Output<boolean>;
  /** The dashboard's tags (NAME-6). */
  declare readonly tags: pulumi.Output<Record<string, string>>;
  /** The dashboard's resource policy as compact JSON with sorted keys; undefined when it has none. */
  declare readonly resourcePolicy: pulumi.Output<string | undefined>;
  /** True when create took over an existing dashboard (`adopt`). */
  declare readonly adopted: pulumi.Output<boolean | undefined>;

  /**
   * Reads an existing dashboard into the program without managing it.
   * @param name the resource name in this stack
   * @param id the dashboard's ARN
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Dashboard {
    return new Dashboard(name, {} as DashboardArgs, { ...opts, id });
  }

  constructor(name: string, args: DashboardArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.fromEntries(
      [
        "name",
        "arn",
        "type",
        "status",
        "createdTimestamp",
        "updatedTimestamp",
        "widgets",
        "refreshSchedule",
        "terminationProtectionEnabled",
        "tags",
        "resourcePolicy",
        "adopted",
      ].map((k) => [k, undefined]),
    );
    const naming = { __autoName: name, __stack: `${pulumi.getProject()}/${pulumi.getStack()}` };
    super(provider, name, { ...outputs, ...args, ...naming }, opts, "cloudtrail", "Dashboard");
    // DASH-5: a schedule without a policy that lets CloudTrail refresh is logged on the resource.
    if (!opts?.id) warnOfInputs("Dashboard", args, this);
  }
}
