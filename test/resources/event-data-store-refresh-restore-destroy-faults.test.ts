import { useEmulator } from "../support/emulator";
import { destroyFaultTests, refreshFaultTests, restoreFaultTests } from "./event-data-store-faults";

describe("EventDataStore and Channel under injected faults: refresh, restore and forced destroy", function () {
  this.timeout(180_000);
  const t = useEmulator();

  refreshFaultTests(t);
  restoreFaultTests(t);
  destroyFaultTests(t);
});
