import { randomUUID } from "node:crypto";
import { partitionOf } from "../context";
import { accountState, capEvents, type EmulatorState, type RecordedEvent } from "../state";

/** An object-level call the S3 endpoint served: what its data event records. */
export type ObjectCall = {
  account: string;
  region: string;
  accessKeyId: string;
  operation: "GetObject" | "HeadObject" | "PutObject" | "DeleteObject";
  bucket: string;
  key: string;
  /** The S3 error code answered, when the call failed. */
  errorCode?: string;
};

/**
 * Records an S3 object-level call as a CloudTrail data event (eventCategory Data, resources the
 * object and its bucket, as the user guide's S3 data event examples show) in the account's event
 * journal, so trails whose selectors select it deliver it. LookupEvents never shows data events
 * (`DataEvent`), as CloudTrail's does not. Returns the event recorded.
 */
export function recordObjectCall(
  state: EmulatorState,
  call: ObjectCall,
  now: Date,
  limit: number,
): RecordedEvent {
  const readOnly = call.operation === "GetObject" || call.operation === "HeadObject";
  const partition = partitionOf(call.region);
  const eventId = randomUUID();
  const record = {
    eventVersion: "1.09",
    eventID: eventId,
    eventTime: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: "s3.amazonaws.com",
    eventName: call.operation,
    awsRegion: call.region,
    recipientAccountId: call.account,
    userIdentity: { type: "IAMUser", accountId: call.account, accessKeyId: call.accessKeyId },
    requestParameters: { bucketName: call.bucket, key: call.key },
    errorCode: call.errorCode,
    readOnly,
    managementEvent: false,
    eventCategory: "Data",
    eventType: "AwsApiCall",
    resources: [
      { type: "AWS::S3::Object", ARN: `arn:${partition}:s3:::${call.bucket}/${call.key}` },
      { accountId: call.account, type: "AWS::S3::Bucket", ARN: `arn:${partition}:s3:::${call.bucket}` },
    ],
  };
  const event: RecordedEvent = {
    EventId: eventId,
    EventName: call.operation,
    ReadOnly: readOnly ? "true" : "false",
    AccessKeyId: call.accessKeyId,
    EventTime: now.getTime(),
    EventSource: "s3.amazonaws.com",
    Username: "",
    Resources: [],
    CloudTrailEvent: JSON.stringify(record),
    DataEvent: true,
  };
  const events = (accountState(state, call.account).events[call.region] ??= []);
  events.push(event);
  capEvents(events, limit);
  return event;
}
