/**
 * pulumi-cloudtrail: what a Pulumi program imports. The resource classes (Trail, selectors, event
 * data stores, …) arrive with their issues; today the package offers the local CloudTrail emulator
 * and the CloudTrail client the providers share.
 */
export { start as startEmulator, EmulatorAdmin } from "../emulator";
export type { EmulatorOptions, RunningEmulator, LoggedRequest, Fault } from "../emulator";
export { createCloudTrailClient, type CloudTrailConfig } from "../provider/client";
export { validate, KINDS, type Kind, type CheckFailure, type ValidationResult } from "../provider/validate";
