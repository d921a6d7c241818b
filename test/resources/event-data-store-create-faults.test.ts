import { useEmulator } from "../support/emulator";
import { adoptFaultTests, createFaultTests } from "./event-data-store-faults";

describe("EventDataStore and Channel under injected faults: create and adopt", function () {
  this.timeout(180_000);
  const t = useEmulator();

  createFaultTests(t);
  adoptFaultTests(t);
});
