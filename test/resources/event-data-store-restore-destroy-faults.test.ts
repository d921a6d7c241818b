import { useEmulator } from "../support/emulator";
import { destroyFaultTests, restoreFaultTests } from "./lake-fault-matrix";

describe("EventDataStore under injected faults: restore and forced destroy", function () {
  this.timeout(180_000);
  const t = useEmulator();

  restoreFaultTests(t);
  destroyFaultTests(t);
});
