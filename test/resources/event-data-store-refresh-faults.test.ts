import { useEmulator } from "../support/emulator";
import { refreshFaultTests } from "./lake-fault-matrix";

describe("EventDataStore and Channel under injected faults: refresh (every read of each)", function () {
  this.timeout(180_000);
  const t = useEmulator();

  refreshFaultTests(t);
});
