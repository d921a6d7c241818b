import { expect } from "chai";
import { athenaTrailTable } from "../../sdk/athena-table";
import { InvalidArgumentsError } from "../../sdk/lake-client";
import { useEmulator } from "../support/emulator";
import { BUCKET, deliveredTrail, getObject } from "../support/trail-delivery";

// The statement's shape: Athena cannot run here and DuckDB does not parse Hive DDL, so the test
// reads the statement back (columns, partitions, properties) and holds it against files a trail
// delivered.

/** The top-level column names of a CREATE EXTERNAL TABLE: the lines indented by exactly four spaces. */
const columns = (ddl: string) => [...ddl.matchAll(/^ {4}([a-z0-9_]+) /gm)].map((m) => m[1]);

/** TBLPROPERTIES as a map. */
const properties = (ddl: string) =>
  Object.fromEntries([...ddl.matchAll(/^ {4}'([^']+)'='([^']*)'/gm)].map((m) => [m[1], m[2]]));

describe("athenaTrailTable (Athena's CREATE EXTERNAL TABLE for a trail's logs)", () => {
  const t = useEmulator();

  it("reads the folder a trail delivered to, with a column for every field of its records", async () => {
    const d = await deliveredTrail(t, 1);
    const ddl = athenaTrailTable({
      s3BucketName: BUCKET,
      accountId: d.account,
      regions: ["us-east-1"],
      startDate: "2026/01/01",
    });
    expect(ddl).to.match(/^CREATE EXTERNAL TABLE cloudtrail_logs \(\n/);
    expect(ddl)
      .to.contain("PARTITIONED BY (`timestamp` STRING)")
      .and.contain("ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'")
      .and.contain("STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'");
    const props = properties(ddl);
    expect(props["projection.enabled"]).to.equal("true");
    expect(props["projection.timestamp.range"]).to.equal("2026/01/01,NOW");
    expect(props["projection.timestamp.format"]).to.equal("yyyy/MM/dd");
    // The template, with the day of a delivered file, is that file's folder.
    const logKey = d.logs[0];
    const day = /\/(\d{4}\/\d{2}\/\d{2})\/[^/]+$/.exec(logKey)![1];
    const folder = props["storage.location.template"].replace("${timestamp}", day);
    expect(`s3://${BUCKET}/${logKey}`.startsWith(`${folder}/`), `${folder} holds ${logKey}`).to.equal(true);
    expect(ddl).to.contain(`LOCATION '${folder.slice(0, -day.length)}'`);
    // Athena matches JSON keys case-insensitively: every field of a delivered record has a column.
    const { json } = await getObject(d.s3, logKey);
    const fields = (JSON.parse(json.toString()) as { Records: Record<string, unknown>[] }).Records.flatMap(
      (r) => Object.keys(r).map((k) => k.toLowerCase()),
    );
    expect(fields.length).to.be.greaterThan(0);
    expect([...new Set(fields)].filter((f) => !columns(ddl).includes(f))).to.deep.equal([]);
  });

  it("projects region and account for an organization trail of several regions", () => {
    const ddl = athenaTrailTable({
      s3BucketName: BUCKET,
      s3KeyPrefix: "org/",
      organizationId: "o-abcdefghij",
      accountIds: ["444455556666", "111122223333"],
      regions: ["us-east-1", "eu-west-1"],
      startDate: "2025/06/01",
      tableName: "org_trail",
    });
    expect(ddl).to.match(/^CREATE EXTERNAL TABLE org_trail \(/);
    expect(ddl).to.contain("PARTITIONED BY (`account` STRING, `region` STRING, `timestamp` STRING)");
    expect(ddl).to.contain(`LOCATION 's3://${BUCKET}/org/AWSLogs/o-abcdefghij/'`);
    const props = properties(ddl);
    expect(props["projection.account.type"]).to.equal("enum");
    expect(props["projection.account.values"]).to.equal("111122223333,444455556666");
    expect(props["projection.region.values"]).to.equal("eu-west-1,us-east-1");
    expect(props["storage.location.template"]).to.equal(
      `s3://${BUCKET}/org/AWSLogs/o-abcdefghij/\${account}/CloudTrail/\${region}/\${timestamp}`,
    );
  });

  it("refuses bad arguments, naming each, and a prefix the statement's quotes cannot hold", () => {
    let error: unknown;
    try {
      athenaTrailTable({
        s3BucketName: "Bad_Bucket",
        s3KeyPrefix: "x' OR '1",
        regions: [],
        startDate: "2026-01-01",
        organizationId: "o-abcdefghij",
      });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(InvalidArgumentsError);
    expect((error as InvalidArgumentsError).failures.map((f) => f.property).sort()).to.deep.equal([
      "accountIds",
      "regions",
      "s3BucketName",
      "s3KeyPrefix",
      "startDate",
    ]);
  });
});
