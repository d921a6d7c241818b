import { useEmulator } from "../support/emulator";
import { destroyFaultTests, restoreFaultTests } from "./event-data-store-faults";

describe("EventDataStore and Channel under injected faults: restore and forced destroy", function () {
  this.timeout(180_000);
  const t = useEmulator();

  restoreFaultTests(t);
  destroyFaultTests(t);
});
