import { useEmulator } from "../support/emulator";
import { adoptFaultTests, createFaultTests } from "./lake-fault-matrix";

describe("EventDataStore under injected faults: create (with Insights), and adopt with the channels that feed the stores", function () {
  this.timeout(180_000);
  const t = useEmulator();

  createFaultTests(t, ["CreateEventDataStore", "PutInsightSelectors"]);
  adoptFaultTests(t);
});
