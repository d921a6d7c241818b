import { useEmulator } from "../support/emulator";
import { updateFaultTests } from "./event-data-store-faults";

describe("EventDataStore and Channel under injected faults: federation, policies, event configuration and channel updates", function () {
  this.timeout(180_000);
  const t = useEmulator();

  updateFaultTests(t, [
    "EnableFederation",
    "PutResourcePolicy",
    "PutEventConfiguration",
    "UpdateChannel",
    "DeleteChannel",
  ]);
});
