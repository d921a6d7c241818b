import { expect } from "chai";
import {
  CreateTrailCommand,
  DescribeTrailsCommand,
  GetTrailCommand,
  StopEventDataStoreIngestionCommand,
} from "@aws-sdk/client-cloudtrail";
import { useEmulator } from "../../../test/support/emulator";
import { createStore, query, storeId } from "../../../test/support/lake";
import { selects } from "cloudtrail-emulator/internals";
import type { AdvancedEventSelector, FieldSelector } from "cloudtrail-emulator/internals";

const management = (...fields: FieldSelector[]): AdvancedEventSelector[] => [
  { FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }, ...fields] },
];

describe("emulator: events reach stores by their selectors", () => {
  const t = useEmulator();

  it("management calls reach the stores whose selectors select them, and no store that stopped ingesting", async () => {
    const ct = t.client();
    const all = await createStore(ct, "all-management");
    const writes = await createStore(ct, "writes-only", {
      AdvancedEventSelectors: management({ Field: "readOnly", Equals: ["false"] }),
    });
    const reads = await createStore(ct, "reads-only", {
      AdvancedEventSelectors: management({ Field: "readOnly", Equals: ["true"] }),
    });
    const stopped = await createStore(ct, "stopped");
    await ct.send(new StopEventDataStoreIngestionCommand({ EventDataStore: stopped }));
    await ct.send(new CreateTrailCommand({ Name: "audit", S3BucketName: "audit-bucket" }));
    await ct.send(new GetTrailCommand({ Name: "audit" }));
    await ct.send(new DescribeTrailsCommand({}));
    const names = async (store: string) =>
      (
        await query(
          ct,
          `SELECT eventName FROM ${storeId(store)} WHERE eventName IN ('CreateTrail', 'GetTrail', 'DescribeTrails') ORDER BY eventName`,
        )
      ).map((r) => r.eventName);
    // Event times are to the second, so the three may share one: ordered by name.
    expect(await names(all)).to.deep.equal(["CreateTrail", "DescribeTrails", "GetTrail"]);
    expect(await names(writes)).to.deep.equal(["CreateTrail"]);
    expect(await names(reads)).to.deep.equal(["DescribeTrails", "GetTrail"]);
    expect(await names(stopped)).to.deep.equal([]);
    const [created] = await query(
      ct,
      `SELECT eventSource, awsRegion, userIdentity.accountid AS account, requestParameters['Name'] AS trail, readOnly FROM ${storeId(all)} WHERE eventName = 'CreateTrail'`,
    );
    expect(created).to.deep.equal({
      eventSource: "cloudtrail.amazonaws.com",
      awsRegion: "us-east-1",
      account: "123456789012",
      trail: "audit",
      readOnly: "false",
    });
  });

  it("a multi-region store sees every region's events; a single-region store only its own", async () => {
    const ct = t.client();
    const everywhere = await createStore(ct, "everywhere");
    const here = await createStore(ct, "here-only", { MultiRegionEnabled: false });
    await t.client("eu-west-1").send(new DescribeTrailsCommand({}));
    const regions = async (store: string) =>
      (await query(ct, `SELECT DISTINCT awsRegion FROM ${storeId(store)} ORDER BY awsRegion`)).map(
        (r) => r.awsRegion,
      );
    expect(await regions(everywhere)).to.deep.equal(["eu-west-1", "us-east-1"]);
    expect(await regions(here)).to.deep.equal(["us-east-1"]);
  });

  describe("the selector evaluator, operator by operator", () => {
    const event = {
      eventCategory: "Data",
      eventSource: "s3.amazonaws.com",
      eventName: "GetObject",
      readOnly: true,
      userIdentity: { arn: "arn:aws:iam::123456789012:user/alice" },
      resources: [
        { type: "AWS::S3::Object", ARN: "arn:aws:s3:::logs-bucket/2026/app.log" },
        { type: "AWS::S3::Bucket", ARN: "arn:aws:s3:::logs-bucket" },
      ],
    };
    const data = (...fields: FieldSelector[]): AdvancedEventSelector[] => [
      { FieldSelectors: [{ Field: "eventCategory", Equals: ["Data"] }, ...fields] },
    ];
    const cases: [string, AdvancedEventSelector[], boolean][] = [
      ["Equals", data({ Field: "eventName", Equals: ["PutObject", "GetObject"] }), true],
      ["Equals, no value matches", data({ Field: "eventName", Equals: ["PutObject"] }), false],
      ["StartsWith", data({ Field: "resources.ARN", StartsWith: ["arn:aws:s3:::logs-bucket/2026/"] }), true],
      ["EndsWith", data({ Field: "resources.ARN", EndsWith: [".log"] }), true],
      ["NotEquals", data({ Field: "eventName", NotEquals: ["GetObject"] }), false],
      [
        "NotStartsWith",
        data({ Field: "userIdentity.arn", NotStartsWith: ["arn:aws:iam::999999999999:"] }),
        true,
      ],
      ["NotEndsWith", data({ Field: "eventSource", NotEndsWith: [".amazonaws.com"] }), false],
      ["readOnly as a string", data({ Field: "readOnly", Equals: ["true"] }), true],
      [
        "resources.type of any resource",
        data({ Field: "resources.type", Equals: ["AWS::S3::Object"] }),
        true,
      ],
      [
        "every field selector must match",
        data({ Field: "eventName", Equals: ["GetObject"] }, { Field: "readOnly", Equals: ["false"] }),
        false,
      ],
      ["another category", management(), false],
      ["any selector may match", [...management(), ...data()], true],
      ["a field the event lacks, with Equals", data({ Field: "errorCode", Equals: ["AccessDenied"] }), false],
      [
        "a field the event lacks, with NotEquals",
        data({ Field: "errorCode", NotEquals: ["AccessDenied"] }),
        true,
      ],
    ];
    for (const [name, selectors, expected] of cases) {
      it(`${name}: ${expected ? "selected" : "not selected"}`, () => {
        expect(selects(selectors, event)).to.equal(expected);
      });
    }
  });
});
