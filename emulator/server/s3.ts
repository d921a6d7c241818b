/**
 * The S3 endpoint (emulator/s3/) wired to one emulator: its state, credentials and clock; its
 * object calls recorded as data events, its changes saved, its requests logged.
 */
import { recordObjectCall } from "../delivery/data-events";
import { createS3Endpoint } from "../s3/endpoint";
import { readBody } from "./http";
import type { EmulatorInstance } from "./instance";
import type { Transactions } from "./transactions";

/** The S3 endpoint's request handler for this emulator. */
export function s3Endpoint(
  emulator: EmulatorInstance,
  transactions: Transactions,
): ReturnType<typeof createS3Endpoint> {
  const { clock } = emulator;
  return createS3Endpoint({
    state: () => emulator.state,
    credential: (accessKeyId) => emulator.settings.credentials.get(accessKeyId),
    defaultAccount: () => emulator.settings.defaultAccount,
    recordObjectCall: (call) => {
      const event = recordObjectCall(emulator.state, call, clock.now(), emulator.eventLimit);
      transactions.appendEvent(emulator.state, call.account, call.region, event);
    },
    strictCredentials: emulator.options.strictCredentials ?? false,
    now: () => clock.now(),
    maxBodyBytes: emulator.maxBodyBytes,
    objectBytes: () => emulator.settings.lake.objectBytes,
    readBody,
    changed: (what) => transactions.saveObjects(what),
    log: (operation, status, outcome) =>
      emulator.logRequest({ operation, account: "", region: "", params: "{}", outcome, status }),
  });
}
