import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import {
  AddTagsCommand,
  CloudTrailClient,
  CreateDashboardCommand,
  DeleteDashboardCommand,
  DeleteResourcePolicyCommand,
  DescribeQueryCommand,
  GetDashboardCommand,
  GetQueryResultsCommand,
  GetResourcePolicyCommand,
  ListDashboardsCommand,
  ListTagsCommand,
  PutResourcePolicyCommand,
  RemoveTagsCommand,
  StartDashboardRefreshCommand,
  UpdateDashboardCommand,
  type CreateDashboardCommandInput,
  type RequestWidget,
} from "@aws-sdk/client-cloudtrail";
import { start } from "cloudtrail-emulator";
import { awsError, TEST_CREDENTIALS, useEmulator } from "../../../test/support/emulator";
import { createStore, storeId } from "../../../test/support/lake";

const ARN = "arn:aws:cloudtrail:us-east-1:123456789012:dashboard/";
const view = { "View.Type": "Table" };
const counts = (store: string): RequestWidget => ({
  QueryStatement: `SELECT eventName, count(*) AS calls FROM ${storeId(store)} WHERE eventTime > '?' GROUP BY eventName`,
  QueryParameters: ["$StartTime$"],
  ViewProperties: view,
});
/** What lets CloudTrail run a dashboard's scheduled refresh (DASH-5). */
const refreshPolicy = (arn: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "cloudtrail:StartDashboardRefresh",
        Resource: arn,
      },
    ],
  });

describe("emulator: Lake dashboards (DASH-1..DASH-6)", () => {
  const t = useEmulator();

  it("creates, reads, lists, updates and deletes a custom dashboard, with tags and a policy on its ARN", async () => {
    const ct = t.client();
    const store = await createStore(ct, "dash-store", { TerminationProtectionEnabled: false });
    const created = await ct.send(
      new CreateDashboardCommand({
        Name: "ops",
        Widgets: [counts(store)],
        RefreshSchedule: { Status: "ENABLED", Frequency: { Unit: "HOURS", Value: 6 } },
        TagsList: [{ Key: "team", Value: "sec" }],
      }),
    );
    expect(created).to.deep.include({ DashboardArn: `${ARN}ops`, Name: "ops", Type: "CUSTOM" });
    expect(created.TerminationProtectionEnabled).to.equal(false);
    // CloudTrail fills in the widget's alias and the schedule's time of day.
    expect(created.Widgets![0].QueryAlias).to.match(/^[a-zA-Z][a-zA-Z0-9._-]*$/);
    expect(created.RefreshSchedule).to.deep.equal({
      Status: "ENABLED",
      Frequency: { Unit: "HOURS", Value: 6 },
      TimeOfDay: "00:00",
    });

    const got = await ct.send(new GetDashboardCommand({ DashboardId: "ops" }));
    expect(got).to.deep.include({ DashboardArn: `${ARN}ops`, Type: "CUSTOM", Status: "CREATED" });
    expect(got.CreatedTimestamp).to.be.instanceOf(Date);
    const listed = await ct.send(new ListDashboardsCommand({ NamePrefix: "op" }));
    expect(listed.Dashboards).to.deep.equal([{ DashboardArn: `${ARN}ops`, Type: "CUSTOM" }]);
    expect((await ct.send(new ListDashboardsCommand({ Type: "MANAGED" }))).Dashboards).to.deep.equal([]);

    await ct.send(new AddTagsCommand({ ResourceId: `${ARN}ops`, TagsList: [{ Key: "env", Value: "prod" }] }));
    await ct.send(new RemoveTagsCommand({ ResourceId: `${ARN}ops`, TagsList: [{ Key: "team" }] }));
    const tags = await ct.send(new ListTagsCommand({ ResourceIdList: [`${ARN}ops`] }));
    expect(tags.ResourceTagList?.[0].TagsList).to.deep.equal([{ Key: "env", Value: "prod" }]);
    await ct.send(
      new PutResourcePolicyCommand({ ResourceArn: `${ARN}ops`, ResourcePolicy: refreshPolicy(`${ARN}ops`) }),
    );
    const policy = await ct.send(new GetResourcePolicyCommand({ ResourceArn: `${ARN}ops` }));
    expect(JSON.parse(policy.ResourcePolicy!).Statement[0].Action).to.equal(
      "cloudtrail:StartDashboardRefresh",
    );
    await ct.send(new DeleteResourcePolicyCommand({ ResourceArn: `${ARN}ops` }));

    const updated = await ct.send(
      new UpdateDashboardCommand({
        DashboardId: `${ARN}ops`,
        Widgets: [
          counts(store),
          { QueryStatement: `SELECT count(*) FROM ${storeId(store)}`, ViewProperties: view },
        ],
        TerminationProtectionEnabled: true,
      }),
    );
    expect(updated.Widgets).to.have.length(2);
    // What the update leaves out stays as it was.
    expect(updated.RefreshSchedule?.Frequency).to.deep.equal({ Unit: "HOURS", Value: 6 });
    expect((await ct.send(new GetDashboardCommand({ DashboardId: "ops" }))).Status).to.equal("UPDATED");

    // DASH-1: termination protection refuses the delete until it is turned off.
    const refused = await awsError(() => ct.send(new DeleteDashboardCommand({ DashboardId: "ops" })));
    expect(refused.name).to.equal("ConflictException");
    expect(refused.message).to.contain("termination protection");
    await ct.send(new UpdateDashboardCommand({ DashboardId: "ops", TerminationProtectionEnabled: false }));
    await ct.send(new DeleteDashboardCommand({ DashboardId: "ops" }));
    const gone = await awsError(() => ct.send(new GetDashboardCommand({ DashboardId: "ops" })));
    expect(gone.name).to.equal("ResourceNotFoundException");
  });

  it("refuses bad input with AWS's errors and creates nothing", async () => {
    const ct = t.client();
    const store = await createStore(ct, "dash-bad", { TerminationProtectionEnabled: false });
    const widget = counts(store);
    const refusals: [Partial<CreateDashboardCommandInput>, string, RegExp][] = [
      [{ Name: "a b" }, "ValidationException", /DASH-1/],
      [{ Name: "AWSCloudTrail-Mine" }, "ValidationException", /DASH-1/],
      [{ Widgets: Array.from({ length: 11 }, () => widget) }, "ValidationException", /DASH-2/],
      [
        { Widgets: [{ ...widget, ViewProperties: { "View.Type": "Bar<chart>" } }] },
        "ValidationException",
        /DASH-2/,
      ],
      [{ Widgets: [{ ...widget, QueryParameters: ["$Region$"] }] }, "ValidationException", /DASH-3/],
      [{ Widgets: [{ ...widget, QueryParameters: undefined }] }, "InvalidQueryStatementException", /DASH-3/],
      [
        { Widgets: [{ QueryStatement: "DROP TABLE x", ViewProperties: view }] },
        "InvalidQueryStatementException",
        /./,
      ],
      [
        {
          Widgets: [
            { QueryStatement: "SELECT * FROM 00000000-0000-0000-0000-000000000000", ViewProperties: view },
          ],
        },
        "EventDataStoreNotFoundException",
        /./,
      ],
      [
        { RefreshSchedule: { Status: "ENABLED", Frequency: { Unit: "HOURS", Value: 2 } } },
        "ValidationException",
        /DASH-4/,
      ],
      [
        { RefreshSchedule: { Status: "ENABLED", Frequency: { Unit: "DAYS", Value: 7 } } },
        "ValidationException",
        /DASH-4/,
      ],
      [{ RefreshSchedule: { Status: "ENABLED" } }, "ValidationException", /DASH-4/],
      [{ RefreshSchedule: { Status: "DISABLED", TimeOfDay: "25:00" } }, "ValidationException", /DASH-4/],
      [{ TagsList: [{ Key: "aws:x", Value: "y" }] }, "InvalidTagParameterException", /NAME-6/],
    ];
    for (const [input, code, message] of refusals) {
      const e = await awsError(() => ct.send(new CreateDashboardCommand({ Name: "bad", ...input })));
      expect([e.name, e.message], JSON.stringify(input)).to.satisfy(
        ([name, text]: string[]) => name === code && message.test(text),
      );
    }
    expect((await ct.send(new ListDashboardsCommand({}))).Dashboards).to.deep.equal([]);
    await ct.send(new CreateDashboardCommand({ Name: "taken" }));
    expect((await awsError(() => ct.send(new CreateDashboardCommand({ Name: "taken" })))).name).to.equal(
      "ConflictException",
    );
    for (const id of ["nope", `${ARN}nope`, "arn:aws:cloudtrail:us-east-1:123456789012:channel/x"]) {
      const e = await awsError(() => ct.send(new UpdateDashboardCommand({ DashboardId: id })));
      expect(e.name, id).to.match(/ResourceNotFoundException|ValidationException/);
    }
  });

  it("DASH-6: a refresh runs each widget's query with the parameter values, found by refresh id and alias", async () => {
    const ct = t.client();
    const store = await createStore(ct, "dash-refresh", { TerminationProtectionEnabled: false });
    const created = await ct.send(new CreateDashboardCommand({ Name: "calls", Widgets: [counts(store)] }));
    const alias = created.Widgets![0].QueryAlias!;
    const { RefreshId } = await ct.send(
      new StartDashboardRefreshCommand({
        DashboardId: "calls",
        QueryParameterValues: { $StartTime$: "2000-01-01 00:00:00" },
      }),
    );
    expect(RefreshId).to.be.a("string");
    const described = await ct.send(new DescribeQueryCommand({ RefreshId, QueryAlias: alias }));
    expect(described.QueryStatus).to.equal("FINISHED");
    // The placeholder was bound: the statement ran with the value given.
    expect(described.QueryString).to.contain("'2000-01-01 00:00:00'");
    const rows = (await ct.send(new GetQueryResultsCommand({ QueryId: described.QueryId }))).QueryResultRows!;
    const names = rows.map((r) => Object.assign({}, ...r) as Record<string, string>).map((r) => r.eventName);
    expect(names).to.include("CreateEventDataStore");
    expect((await ct.send(new GetDashboardCommand({ DashboardId: "calls" }))).LastRefreshId).to.equal(
      RefreshId,
    );

    const bad = await awsError(() =>
      ct.send(
        new StartDashboardRefreshCommand({ DashboardId: "calls", QueryParameterValues: { $Region$: "x" } }),
      ),
    );
    expect([bad.name, bad.message]).to.satisfy(
      ([n, m]: string[]) => n === "ValidationException" && /DASH-6/.test(m),
    );
    const missing = await awsError(() =>
      ct.send(new StartDashboardRefreshCommand({ DashboardId: "absent" })),
    );
    expect(missing.name).to.equal("ResourceNotFoundException");
  });

  it("DASH-5: a scheduled refresh runs on the clock only once the dashboard's policy lets CloudTrail refresh it", async () => {
    const ct = t.client();
    const store = await createStore(ct, "dash-schedule", { TerminationProtectionEnabled: false });
    await ct.send(
      new CreateDashboardCommand({
        Name: "hourly",
        Widgets: [counts(store)],
        RefreshSchedule: { Status: "ENABLED", Frequency: { Unit: "HOURS", Value: 1 } },
      }),
    );
    await t.admin.advanceClock(3600);
    const failed = await ct.send(new GetDashboardCommand({ DashboardId: "hourly" }));
    expect(failed.LastRefreshId).to.equal(undefined);
    expect(failed.LastRefreshFailureReason).to.contain("StartDashboardRefresh");
    await ct.send(
      new PutResourcePolicyCommand({
        ResourceArn: `${ARN}hourly`,
        ResourcePolicy: refreshPolicy(`${ARN}hourly`),
      }),
    );
    await t.admin.advanceClock(3600);
    const refreshed = await ct.send(new GetDashboardCommand({ DashboardId: "hourly" }));
    expect(refreshed.LastRefreshFailureReason).to.equal(undefined);
    const described = await ct.send(
      new DescribeQueryCommand({
        RefreshId: refreshed.LastRefreshId,
        QueryAlias: refreshed.Widgets![0].QueryAlias,
      }),
    );
    expect(described.QueryStatus).to.equal("FINISHED");
    // Nothing more falls due before the next hour.
    expect((await ct.send(new GetDashboardCommand({ DashboardId: "hourly" }))).LastRefreshId).to.equal(
      refreshed.LastRefreshId,
    );
  });

  it("DASH-1, DASH-4, DASH-6: the Highlights dashboard is managed, refreshes every 6 hours and needs a store to refresh", async () => {
    const ct = t.client();
    const name = "AWSCloudTrail-Highlights";
    const unscheduled = await awsError(() => ct.send(new CreateDashboardCommand({ Name: name })));
    expect(unscheduled.name).to.equal("ValidationException");
    const hourly = await awsError(() =>
      ct.send(
        new CreateDashboardCommand({
          Name: name,
          RefreshSchedule: { Status: "ENABLED", Frequency: { Unit: "HOURS", Value: 1 } },
        }),
      ),
    );
    expect(hourly.message).to.contain("DASH-4");
    const created = await ct.send(
      new CreateDashboardCommand({
        Name: name,
        RefreshSchedule: { Status: "ENABLED", Frequency: { Unit: "HOURS", Value: 6 } },
      }),
    );
    expect(created.Type).to.equal("MANAGED");
    const noStore = await awsError(() => ct.send(new StartDashboardRefreshCommand({ DashboardId: name })));
    expect(noStore.message).to.contain("$EventDataStoreId$");
    const store = await createStore(ct, "highlights-store", { TerminationProtectionEnabled: false });
    const { RefreshId } = await ct.send(
      new StartDashboardRefreshCommand({
        DashboardId: name,
        QueryParameterValues: { $EventDataStoreId$: storeId(store) },
      }),
    );
    expect(RefreshId).to.be.a("string");
  });

  it("keeps dashboards in the state file across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dashboards-"));
    const stateFile = join(dir, "state.json");
    const client = (url: string) =>
      new CloudTrailClient({
        endpoint: url,
        region: "us-east-1",
        credentials: TEST_CREDENTIALS,
        maxAttempts: 1,
      });
    try {
      const first = await start({ rateScale: 0, stateFile });
      await client(first.url).send(
        new CreateDashboardCommand({
          Name: "kept",
          TerminationProtectionEnabled: true,
          TagsList: [{ Key: "k", Value: "v" }],
        }),
      );
      await first.stop();
      const second = await start({ rateScale: 0, stateFile });
      try {
        const got = await client(second.url).send(new GetDashboardCommand({ DashboardId: "kept" }));
        expect(got).to.deep.include({ DashboardArn: `${ARN}kept`, TerminationProtectionEnabled: true });
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
