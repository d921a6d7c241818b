import { useEmulator } from "../support/emulator";
import { createFaultTests } from "./event-data-store-faults";

describe("EventDataStore and Channel under injected faults: create", function () {
  this.timeout(180_000);
  const t = useEmulator();

  createFaultTests(t);
});
