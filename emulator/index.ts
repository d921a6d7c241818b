export {
  start,
  type EmulatorOptions,
  type RunningEmulator,
  type LoggedRequest,
  type KnownCredential,
} from "./server";
export { EmulatorAdmin } from "./admin-client";
export type { Fault } from "./controls";
