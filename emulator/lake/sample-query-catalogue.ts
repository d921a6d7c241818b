import type { StoreKind } from "./event-data-stores";

/**
 * A sample query as SearchSampleQueries answers it, plus the kind of store it reads and words a
 * user may search with that its name and description do not say.
 */
export type SampleQuery = {
  readonly name: string;
  readonly description: string;
  /** Lake SQL naming its store `$EDS_ID`, as the console's samples do. */
  readonly sql: string;
  readonly kind: StoreKind;
  readonly keywords: string;
};

/** The placeholder every sample names its store with. */
export const STORE_PLACEHOLDER = "$EDS_ID";

/**
 * The emulator's catalogue, modelled on the topics of the CloudTrail console's sample queries and
 * AWS's published Lake samples (sign-ins, errors, IAM and S3 changes, cross-account access, TLS,
 * Regions, ...). The statements are the emulator's own, written so that each runs on its query
 * engine; a test runs every one of them.
 */
export const SAMPLE_QUERIES: readonly SampleQuery[] = [
  {
    name: "Console sign-ins without MFA",
    description: "Console sign-ins of IAM users who did not use multi-factor authentication.",
    sql: `SELECT eventTime, userIdentity.arn AS userArn, sourceIPAddress, awsRegion
FROM $EDS_ID
WHERE eventSource = 'signin.amazonaws.com'
  AND eventName = 'ConsoleLogin'
  AND element_at(additionalEventData, 'MFAUsed') = 'No'
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "login logon mfa 2fa signin console authentication",
  },
  {
    name: "Failed console sign-ins",
    description: "Console sign-in attempts that failed, with the caller's IP address and the reason.",
    sql: `SELECT eventTime, userIdentity.arn AS userArn, sourceIPAddress, errorMessage
FROM $EDS_ID
WHERE eventSource = 'signin.amazonaws.com'
  AND eventName = 'ConsoleLogin'
  AND element_at(responseElements, 'ConsoleLogin') = 'Failure'
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "login logon signin failure brute force password console",
  },
  {
    name: "Console sign-ins in the past week",
    description: "Every console sign-in event of the last seven days.",
    sql: `SELECT eventTime, userIdentity.arn AS userArn, sourceIPAddress, element_at(responseElements, 'ConsoleLogin') AS outcome
FROM $EDS_ID
WHERE eventName = 'ConsoleLogin'
  AND eventTime > date_add('day', -7, now())
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "login logon signin console week recent past",
  },
  {
    name: "Top errors in the past month",
    description: "The error codes returned most often in the last 30 days, by service and API call.",
    sql: `SELECT errorCode, eventSource, eventName, COUNT(*) AS errorCount
FROM $EDS_ID
WHERE errorCode IS NOT NULL
  AND eventTime > date_add('day', -30, now())
GROUP BY errorCode, eventSource, eventName
ORDER BY errorCount DESC
LIMIT 20`,
    kind: "cloudtrail",
    keywords: "error errors failures failed month top common exception",
  },
  {
    name: "Access denied calls",
    description: "Calls refused for lack of permission, with who made them and on which API.",
    sql: `SELECT eventTime, userIdentity.arn AS userArn, eventSource, eventName, errorCode
FROM $EDS_ID
WHERE errorCode IN ('AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Client.UnauthorizedOperation')
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "denied unauthorized forbidden permission permissions refused",
  },
  {
    name: "Most active users",
    description: "The identities that made the most API calls, with their number of calls.",
    sql: `SELECT userIdentity.arn AS userArn, userIdentity.type AS identityType, COUNT(*) AS calls
FROM $EDS_ID
WHERE userIdentity.arn IS NOT NULL
GROUP BY userIdentity.arn, userIdentity.type
ORDER BY calls DESC
LIMIT 50`,
    kind: "cloudtrail",
    keywords: "users principals identities callers who top activity",
  },
  {
    name: "Investigate who made console changes",
    description:
      "Write calls made with console credentials: who changed what from the AWS Management Console.",
    sql: `SELECT eventTime, userIdentity.arn AS userArn, eventSource, eventName, awsRegion
FROM $EDS_ID
WHERE sessionCredentialFromConsole = 'true'
  AND readOnly = false
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "console changes manual write who modified clickops",
  },
  {
    name: "Root user activity",
    description: "Every call made by the account's root user.",
    sql: `SELECT eventTime, eventSource, eventName, sourceIPAddress, awsRegion
FROM $EDS_ID
WHERE userIdentity.type = 'Root'
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "root account owner superuser",
  },
  {
    name: "IAM users and access keys created or deleted",
    description: "Creation and deletion of IAM users and of their access keys.",
    sql: `SELECT eventTime, userIdentity.arn AS actor, eventName, element_at(requestParameters, 'userName') AS userName
FROM $EDS_ID
WHERE eventSource = 'iam.amazonaws.com'
  AND eventName IN ('CreateUser', 'DeleteUser', 'CreateAccessKey', 'DeleteAccessKey')
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "iam user users access key keys credentials created deleted",
  },
  {
    name: "IAM policy changes",
    description:
      "Policies attached, detached, put, deleted or given a new version, on users, groups and roles.",
    sql: `SELECT eventTime, userIdentity.arn AS actor, eventName, element_at(requestParameters, 'policyArn') AS policyArn
FROM $EDS_ID
WHERE eventSource = 'iam.amazonaws.com'
  AND eventName IN ('AttachUserPolicy', 'DetachUserPolicy', 'PutUserPolicy', 'DeleteUserPolicy',
                    'AttachGroupPolicy', 'DetachGroupPolicy', 'PutGroupPolicy', 'DeleteGroupPolicy',
                    'AttachRolePolicy', 'DetachRolePolicy', 'PutRolePolicy', 'DeleteRolePolicy',
                    'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion')
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "iam policy policies permissions attached detached privilege",
  },
  {
    name: "Users added to groups",
    description: "IAM users added to a group, and by whom.",
    sql: `SELECT eventTime, userIdentity.arn AS actor, element_at(requestParameters, 'userName') AS userName,
       element_at(requestParameters, 'groupName') AS groupName
FROM $EDS_ID
WHERE eventSource = 'iam.amazonaws.com'
  AND eventName = 'AddUserToGroup'
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "iam group groups admin administrators membership",
  },
  {
    name: "Roles assumed",
    description: "AssumeRole calls: which roles were assumed, by whom, and from where.",
    sql: `SELECT eventTime, userIdentity.arn AS caller, element_at(requestParameters, 'roleArn') AS roleArn,
       sourceIPAddress
FROM $EDS_ID
WHERE eventSource = 'sts.amazonaws.com'
  AND eventName = 'AssumeRole'
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "sts role roles assume assumed federation sessions",
  },
  {
    name: "Activity of an access key",
    description: "Every call made with one access key ID (replace the example key).",
    sql: `SELECT eventTime, eventSource, eventName, sourceIPAddress, errorCode
FROM $EDS_ID
WHERE userIdentity.accessKeyId = 'AKIAIOSFODNN7EXAMPLE'
ORDER BY eventTime`,
    kind: "cloudtrail",
    keywords: "access key accesskeyid credentials compromised leaked",
  },
  {
    name: "Activity from an IP address",
    description: "Every call made from one source IP address (replace the example address).",
    sql: `SELECT eventTime, userIdentity.arn AS userArn, eventSource, eventName, errorCode
FROM $EDS_ID
WHERE sourceIPAddress = '192.0.2.1'
ORDER BY eventTime`,
    kind: "cloudtrail",
    keywords: "ip address source network location",
  },
  {
    name: "Events by Region",
    description: "The number of events in each AWS Region, by service.",
    sql: `SELECT awsRegion, eventSource, COUNT(*) AS events
FROM $EDS_ID
GROUP BY awsRegion, eventSource
ORDER BY events DESC`,
    kind: "cloudtrail",
    keywords: "region regions count where",
  },
  {
    name: "Events outside approved Regions",
    description: "Calls made in Regions other than the ones you use (edit the list).",
    sql: `SELECT eventTime, awsRegion, userIdentity.arn AS userArn, eventSource, eventName
FROM $EDS_ID
WHERE awsRegion NOT IN ('us-east-1', 'us-west-2')
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "region regions unapproved unauthorized unexpected unused",
  },
  {
    name: "Top services",
    description: "The AWS services called most often.",
    sql: `SELECT eventSource, COUNT(*) AS calls
FROM $EDS_ID
GROUP BY eventSource
ORDER BY calls DESC
LIMIT 25`,
    kind: "cloudtrail",
    keywords: "services service eventsource top most used popular",
  },
  {
    name: "Top API calls",
    description: "The API calls made most often, by service.",
    sql: `SELECT eventSource, eventName, COUNT(*) AS calls
FROM $EDS_ID
GROUP BY eventSource, eventName
ORDER BY calls DESC
LIMIT 25`,
    kind: "cloudtrail",
    keywords: "api calls actions operations eventname top most frequent",
  },
  {
    name: "Cross-account access",
    description: "Calls made into this account by identities of other accounts.",
    sql: `SELECT eventTime, userIdentity.accountId AS callerAccount, recipientAccountId, userIdentity.arn AS userArn,
       eventSource, eventName
FROM $EDS_ID
WHERE userIdentity.accountId <> recipientAccountId
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "cross account external third party other accounts",
  },
  {
    name: "CloudTrail configuration changes",
    description: "Trails and event data stores stopped, deleted or changed: calls that could blind auditing.",
    sql: `SELECT eventTime, userIdentity.arn AS actor, eventName, element_at(requestParameters, 'name') AS trail
FROM $EDS_ID
WHERE eventSource = 'cloudtrail.amazonaws.com'
  AND eventName IN ('StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors',
                    'DeleteEventDataStore', 'UpdateEventDataStore', 'StopEventDataStoreIngestion')
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "cloudtrail trail logging stopped disabled audit tampering",
  },
  {
    name: "Security groups opened to the internet",
    description: "Ingress rules added for 0.0.0.0/0.",
    sql: `SELECT eventTime, userIdentity.arn AS actor, element_at(requestParameters, 'groupId') AS securityGroup,
       element_at(requestParameters, 'ipPermissions') AS rules
FROM $EDS_ID
WHERE eventName = 'AuthorizeSecurityGroupIngress'
  AND element_at(requestParameters, 'ipPermissions') LIKE '%0.0.0.0/0%'
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "security group ec2 public internet ingress firewall open",
  },
  {
    name: "EC2 instances launched",
    description: "RunInstances calls: who launched instances, of which type, where.",
    sql: `SELECT eventTime, userIdentity.arn AS actor, awsRegion, element_at(requestParameters, 'instanceType') AS instanceType
FROM $EDS_ID
WHERE eventSource = 'ec2.amazonaws.com'
  AND eventName = 'RunInstances'
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "ec2 instance instances launched started run compute",
  },
  {
    name: "S3 bucket policy and access changes",
    description: "Bucket policies, ACLs and public access blocks put or deleted.",
    sql: `SELECT eventTime, userIdentity.arn AS actor, eventName, element_at(requestParameters, 'bucketName') AS bucket
FROM $EDS_ID
WHERE eventSource = 's3.amazonaws.com'
  AND eventName IN ('PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketAcl',
                    'PutBucketPublicAccessBlock', 'DeleteBucketPublicAccessBlock')
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "s3 bucket buckets policy acl public access block",
  },
  {
    name: "Top S3 objects",
    description: "The S3 objects read or written most often (needs S3 data events).",
    sql: `SELECT element_at(requestParameters, 'bucketName') AS bucket, element_at(requestParameters, 'key') AS objectKey,
       COUNT(*) AS requests
FROM $EDS_ID
WHERE eventSource = 's3.amazonaws.com'
  AND eventName IN ('GetObject', 'PutObject')
GROUP BY element_at(requestParameters, 'bucketName'), element_at(requestParameters, 'key')
ORDER BY requests DESC
LIMIT 50`,
    kind: "cloudtrail",
    keywords: "s3 object objects files downloads uploads data events",
  },
  {
    name: "S3 errors",
    description: "S3 requests that failed, by error code, bucket and caller.",
    sql: `SELECT errorCode, element_at(requestParameters, 'bucketName') AS bucket, userIdentity.arn AS userArn,
       COUNT(*) AS failures
FROM $EDS_ID
WHERE eventSource = 's3.amazonaws.com'
  AND errorCode IS NOT NULL
GROUP BY errorCode, element_at(requestParameters, 'bucketName'), userIdentity.arn
ORDER BY failures DESC`,
    kind: "cloudtrail",
    keywords: "s3 bucket errors failed failures denied",
  },
  {
    name: "KMS keys disabled or scheduled for deletion",
    description: "KMS keys disabled or scheduled for deletion, and by whom.",
    sql: `SELECT eventTime, userIdentity.arn AS actor, eventName, element_at(requestParameters, 'keyId') AS keyId
FROM $EDS_ID
WHERE eventSource = 'kms.amazonaws.com'
  AND eventName IN ('DisableKey', 'ScheduleKeyDeletion')
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "kms key keys encryption deletion disabled",
  },
  {
    name: "Resources deleted",
    description: "Delete calls that succeeded, by service and caller.",
    sql: `SELECT eventTime, userIdentity.arn AS actor, eventSource, eventName
FROM $EDS_ID
WHERE eventName LIKE 'Delete%'
  AND errorCode IS NULL
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "delete deleted removed destroyed resources",
  },
  {
    name: "Events by day of the week",
    description: "How many events each day of the week sees (1 is Monday).",
    sql: `SELECT day_of_week(eventTime) AS weekday, COUNT(*) AS events
FROM $EDS_ID
GROUP BY day_of_week(eventTime)
ORDER BY weekday`,
    kind: "cloudtrail",
    keywords: "day week weekday weekend daily pattern",
  },
  {
    name: "Calls over outdated TLS",
    description: "Calls made over TLS 1.0 or 1.1, by service and caller.",
    sql: `SELECT tlsDetails.tlsVersion AS tlsVersion, eventSource, userIdentity.arn AS userArn, COUNT(*) AS calls
FROM $EDS_ID
WHERE tlsDetails.tlsVersion IN ('TLSv1', 'TLSv1.1')
GROUP BY tlsDetails.tlsVersion, eventSource, userIdentity.arn
ORDER BY calls DESC`,
    kind: "cloudtrail",
    keywords: "tls ssl version outdated deprecated insecure encryption transit",
  },
  {
    name: "Users of Amazon SNS",
    description: "The identities that called Amazon SNS, with their number of calls.",
    sql: `SELECT userIdentity.arn AS userArn, COUNT(*) AS calls
FROM $EDS_ID
WHERE eventSource = 'sns.amazonaws.com'
GROUP BY userIdentity.arn
ORDER BY calls DESC`,
    kind: "cloudtrail",
    keywords: "sns notification topics users used",
  },
  {
    name: "Lambda function changes",
    description: "Lambda functions created, updated or deleted.",
    sql: `SELECT eventTime, userIdentity.arn AS actor, eventName, element_at(requestParameters, 'functionName') AS functionName
FROM $EDS_ID
WHERE eventSource = 'lambda.amazonaws.com'
  AND (eventName LIKE 'CreateFunction%' OR eventName LIKE 'UpdateFunction%' OR eventName LIKE 'DeleteFunction%')
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "lambda function functions serverless code deployed",
  },
  {
    name: "RDS databases deleted without a final snapshot",
    description: "DB instances and clusters deleted with skipFinalSnapshot.",
    sql: `SELECT eventTime, userIdentity.arn AS actor, eventName,
       element_at(requestParameters, 'dBInstanceIdentifier') AS instance,
       element_at(requestParameters, 'dBClusterIdentifier') AS cluster
FROM $EDS_ID
WHERE eventSource = 'rds.amazonaws.com'
  AND eventName IN ('DeleteDBInstance', 'DeleteDBCluster')
  AND element_at(requestParameters, 'skipFinalSnapshot') = 'true'
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "rds database databases aurora snapshot backup deleted",
  },
  {
    name: "VPC endpoint access denied",
    description: "Network activity events that a VPC endpoint policy denied.",
    sql: `SELECT eventTime, eventSource, eventName, vpcEndpointId, sourceIPAddress
FROM $EDS_ID
WHERE eventCategory = 'NetworkActivity'
  AND errorCode = 'VpceAccessDenied'
ORDER BY eventTime DESC`,
    kind: "cloudtrail",
    keywords: "vpc endpoint network activity denied private link",
  },
  {
    name: "Audit events by event name",
    description: "Events from outside AWS (a channel's audit events) counted by source and name.",
    sql: `SELECT eventData.eventSource AS eventSource, eventData.eventName AS eventName, COUNT(*) AS events
FROM $EDS_ID
GROUP BY eventData.eventSource, eventData.eventName
ORDER BY events DESC`,
    kind: "channel",
    keywords: "audit events application channel integration custom external",
  },
  {
    name: "Audit events by user",
    description: "Events from outside AWS (a channel's audit events) counted by the user who caused them.",
    sql: `SELECT eventData.userIdentity.principalId AS principal, COUNT(*) AS events
FROM $EDS_ID
GROUP BY eventData.userIdentity.principalId
ORDER BY events DESC`,
    kind: "channel",
    keywords: "audit events users principals who channel integration custom external",
  },
  {
    name: "Configuration items by resource type",
    description: "AWS Config configuration items counted by resource type.",
    sql: `SELECT eventData.resourceType AS resourceType, COUNT(*) AS items
FROM $EDS_ID
GROUP BY eventData.resourceType
ORDER BY items DESC`,
    kind: "config",
    keywords: "config configuration items resources inventory types",
  },
  {
    name: "Insights events by type",
    description: "CloudTrail Insights events: unusual API call or error rates, by API and state.",
    sql: `SELECT insightDetails.insightType AS insightType, insightDetails.eventSource AS eventSource,
       insightDetails.eventName AS eventName, insightDetails.state AS state, COUNT(*) AS events
FROM $EDS_ID
GROUP BY insightDetails.insightType, insightDetails.eventSource, insightDetails.eventName, insightDetails.state
ORDER BY events DESC`,
    kind: "insight",
    keywords: "insights insight unusual anomaly anomalies rate spike",
  },
];
