import * as pulumi from "@pulumi/pulumi";
import { warnOfInputs } from "./input-warnings";
import { lazyProvider } from "./lazy-provider";
import type { Inputs } from "./input";
import type {
  DashboardWidget as PlainDashboardWidget,
  DashboardRefreshSchedule as PlainDashboardRefreshSchedule,
  DashboardInputs,
} from "./inputs";

/** sdk/inputs.ts's DashboardWidget as a program may pass it: every value may be a Pulumi `Input`. */
export interface DashboardWidget extends Inputs<PlainDashboardWidget> {}

/** sdk/inputs.ts's DashboardRefreshSchedule as a program may pass it: every value may be a Pulumi `Input`. */
export interface DashboardRefreshSchedule extends Inputs<PlainDashboardRefreshSchedule> {}

/** Inputs of a {@link Dashboard}: every value may be a Pulumi `Input` (shape and docs: schema.json). */
export interface DashboardArgs extends Inputs<DashboardInputs> {}

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
