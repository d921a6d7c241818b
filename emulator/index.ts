export { start, type EmulatorOptions, type RunningEmulator, type KnownCredential } from "./server";
export { EmulatorAdmin } from "./admin-client";
export type { Fault, LoggedRequest } from "./controls";
export type { EmulatorState, Organization, StateWithEventCounts } from "./state";
export type { OrganizationInput } from "./organization";
