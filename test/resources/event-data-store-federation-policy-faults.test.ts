import { useEmulator } from "../support/emulator";
import { updateFaultTests } from "./lake-fault-matrix";

describe("EventDataStore under injected faults: federation, resource policy and event configuration", function () {
  this.timeout(180_000);
  const t = useEmulator();

  updateFaultTests(t, ["EnableFederation", "PutResourcePolicy", "PutEventConfiguration"]);
});
