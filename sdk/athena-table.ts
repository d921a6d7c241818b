import { checkArguments } from "./lake-client";

/** Options of {@link athenaTrailTable}: where the trail delivers, as its `Trail` resource says. */
export interface AthenaTrailTableOptions {
  /** The trail's bucket (NAME-4). */
  s3BucketName: string;
  /** The trail's key prefix (NAME-4). @default none */
  s3KeyPrefix?: string;
  /** The account whose logs the table reads; for an organization trail, leave it out and give `accountIds`. @default none */
  accountId?: string;
  /** The regions whose logs the table reads: the home region, or every region of a multi-region trail. */
  regions: string[];
  /** An organization trail's organization (`o-...`): the table reads `AWSLogs/<organizationId>/<account>/`. @default none */
  organizationId?: string;
  /** An organization trail's member accounts, projected as the `account` partition. @default none */
  accountIds?: string[];
  /** The first day the table reads, `yyyy/MM/dd` (partition projection's range starts there, ends NOW). */
  startDate: string;
  /** The table's name: lowercase letters, digits and underscores. @default "cloudtrail_logs" */
  tableName?: string;
}

/**
 * CloudTrail's record fields as Athena reads them (the Athena user guide's CloudTrail table):
 * nested objects that vary by service stay JSON strings (requestparameters, responseelements).
 * `managementevent`, which records carry and the guide's table leaves out, is added.
 */
export const ATHENA_CLOUDTRAIL_COLUMNS = `    eventversion STRING,
    useridentity STRUCT<
        type: STRING,
        principalid: STRING,
        arn: STRING,
        accountid: STRING,
        invokedby: STRING,
        accesskeyid: STRING,
        username: STRING,
        onbehalfof: STRUCT<
            userid: STRING,
            identitystorearn: STRING>,
        sessioncontext: STRUCT<
            attributes: STRUCT<
                mfaauthenticated: STRING,
                creationdate: STRING>,
            sessionissuer: STRUCT<
                type: STRING,
                principalid: STRING,
                arn: STRING,
                accountid: STRING,
                username: STRING>,
            ec2roledelivery: STRING,
            webidfederationdata: STRUCT<
                federatedprovider: STRING,
                attributes: MAP<STRING, STRING>>
        >
    >,
    eventtime STRING,
    eventsource STRING,
    eventname STRING,
    awsregion STRING,
    sourceipaddress STRING,
    useragent STRING,
    errorcode STRING,
    errormessage STRING,
    requestparameters STRING,
    responseelements STRING,
    additionaleventdata STRING,
    requestid STRING,
    eventid STRING,
    readonly STRING,
    resources ARRAY<STRUCT<
        arn: STRING,
        accountid: STRING,
        type: STRING>>,
    eventtype STRING,
    apiversion STRING,
    recipientaccountid STRING,
    serviceeventdetails STRING,
    sharedeventid STRING,
    vpcendpointid STRING,
    vpcendpointaccountid STRING,
    managementevent STRING,
    eventcategory STRING,
    addendum STRUCT<
        reason: STRING,
        updatedfields: STRING,
        originalrequestid: STRING,
        originaleventid: STRING>,
    sessioncredentialfromconsole STRING,
    edgedevicedetails STRING,
    tlsdetails STRUCT<
        tlsversion: STRING,
        ciphersuite: STRING,
        clientprovidedhostheader: STRING>`;

/**
 * The Athena `CREATE EXTERNAL TABLE` statement for a trail's log files, with partition
 * projection so that Athena finds each day's files without `ALTER TABLE ADD PARTITION`: a
 * `timestamp` partition (`yyyy/MM/dd`, from `startDate` to NOW), a `region` partition when the
 * table reads several regions, and an `account` partition for an organization trail. Records are
 * read with CloudTrail's input format and the Hive JSON SerDe, as the Athena user guide does.
 * Arguments are checked first (InvalidArgumentsError naming each).
 *
 * ```ts
 * const ddl = athenaTrailTable({ s3BucketName: "audit-logs", accountId: "111122223333", regions: ["us-east-1"], startDate: "2026/01/01" });
 * ```
 */
export function athenaTrailTable(options: AthenaTrailTableOptions): string {
  checkArguments("athenaTrailTable", "AthenaTrailTable", { ...options });
  const prefix = options.s3KeyPrefix ? `${options.s3KeyPrefix.replace(/\/+$/, "")}/` : "";
  const organization = options.organizationId !== undefined;
  const root = `s3://${options.s3BucketName}/${prefix}AWSLogs/${organization ? `${options.organizationId}/` : ""}`;
  const regions = [...new Set(options.regions)].sort();
  const byRegion = regions.length > 1;
  const account = organization ? "${account}" : options.accountId;
  const region = byRegion ? "${region}" : regions[0];
  // The location is the deepest folder every partition shares, as Athena's own examples set it.
  const location = organization
    ? root
    : byRegion
      ? `${root}${account}/CloudTrail/`
      : `${root}${account}/CloudTrail/${region}/`;
  const partitions = [organization && "account", byRegion && "region", "timestamp"].filter(
    (p): p is string => typeof p === "string",
  );
  const properties: [string, string][] = [["projection.enabled", "true"]];
  if (organization)
    properties.push(
      ["projection.account.type", "enum"],
      ["projection.account.values", [...new Set(options.accountIds)].sort().join(",")],
    );
  if (byRegion)
    properties.push(["projection.region.type", "enum"], ["projection.region.values", regions.join(",")]);
  properties.push(
    ["projection.timestamp.type", "date"],
    ["projection.timestamp.format", "yyyy/MM/dd"],
    ["projection.timestamp.range", `${options.startDate},NOW`],
    ["projection.timestamp.interval", "1"],
    ["projection.timestamp.interval.unit", "DAYS"],
    ["storage.location.template", `${root}${account}/CloudTrail/${region}/\${timestamp}`],
  );
  return [
    `CREATE EXTERNAL TABLE ${options.tableName ?? "cloudtrail_logs"} (`,
    ATHENA_CLOUDTRAIL_COLUMNS,
    `)`,
    `PARTITIONED BY (${partitions.map((p) => `\`${p}\` STRING`).join(", ")})`,
    `ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'`,
    `STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'`,
    `OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'`,
    `LOCATION '${location}'`,
    `TBLPROPERTIES (`,
    properties.map(([k, v]) => `    '${k}'='${v}'`).join(",\n"),
    `)`,
  ].join("\n");
}
