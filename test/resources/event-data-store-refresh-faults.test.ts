import { useEmulator } from "../support/emulator";
import { refreshFaultTests } from "./event-data-store-faults";

describe("EventDataStore and Channel under injected faults: refresh", function () {
  this.timeout(180_000);
  const t = useEmulator();

  refreshFaultTests(t);
});
