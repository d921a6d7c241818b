import { CreateDashboardCommand, DescribeQueryCommand } from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { InvalidArgumentsError, startDashboardRefresh } from "../../sdk";
import { useEmulator } from "../support/emulator";
import { createStore, storeId } from "../support/lake";
import { runCli } from "./cli-run";
import { emulatorOptions } from "./lake-fixtures";

describe("startDashboardRefresh and cloudtrail-lake dashboard-refresh", () => {
  const t = useEmulator();

  /** A dashboard of one widget counting the store's events since `$StartTime$`; its widget's alias. */
  async function dashboard(name: string): Promise<string> {
    const store = await createStore(t.client(), `${name}-events`, { TerminationProtectionEnabled: false });
    const created = await t.client().send(
      new CreateDashboardCommand({
        Name: name,
        Widgets: [
          {
            QueryStatement: `SELECT count(*) AS n FROM ${storeId(store)} WHERE eventTime > '?'`,
            QueryParameters: ["$StartTime$"],
            ViewProperties: { "View.Type": "Table" },
          },
        ],
      }),
    );
    return created.Widgets![0].QueryAlias!;
  }

  it("DASH-6: returns the refresh id, by which each widget's query is found with the values given", async () => {
    const alias = await dashboard("refreshed");
    const refreshId = await startDashboardRefresh("refreshed", {
      ...emulatorOptions(t),
      queryParameterValues: { $StartTime$: "2001-02-03 04:05:06" },
    });
    const query = await t
      .client()
      .send(new DescribeQueryCommand({ RefreshId: refreshId, QueryAlias: alias }));
    expect(query.QueryString).to.contain("'2001-02-03 04:05:06'");
  });

  it("DASH-1, DASH-6: refuses a bad dashboard or parameter before any call", async () => {
    await t.admin.clearLog();
    for (const [dashboard, values, path] of [
      ["x", {}, "dashboard"],
      ["ok-name", { $Region$: "us-east-1" }, "queryParameterValues.$Region$"],
      ["ok-name", { $Period$: "" }, "queryParameterValues.$Period$"],
    ] as const) {
      const refused = await startDashboardRefresh(dashboard, {
        ...emulatorOptions(t),
        queryParameterValues: values as Record<string, string>,
      }).catch((e: unknown) => e);
      expect(refused, path).to.be.instanceOf(InvalidArgumentsError);
      expect((refused as InvalidArgumentsError).failures[0].property).to.equal(path);
    }
    expect(await t.admin.log()).to.deep.equal([]);
  });

  it("the CLI prints the dashboard and refresh id as JSON; a missing dashboard is the service's refusal (exit 1)", async () => {
    await dashboard("from-cli");
    const run = await runCli(t, ["dashboard-refresh", "from-cli", "--param", "$Period$=day"]);
    expect(run.code, run.stderr).to.equal(0);
    const printed = JSON.parse(run.stdout) as { dashboard: string; refreshId: string };
    expect(printed.dashboard).to.equal("from-cli");
    expect(printed.refreshId).to.be.a("string").and.not.equal("");
    const missing = await runCli(t, ["dashboard-refresh", "absent"]);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.contain("The dashboard absent does not exist");
    const usage = await runCli(t, ["dashboard-refresh", "from-cli", "--param", "no-equals"]);
    expect(usage.code).to.equal(2);
  });
});
