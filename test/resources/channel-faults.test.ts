import { useEmulator } from "../support/emulator";
import { createFaultTests, updateFaultTests } from "./lake-fault-matrix";

describe("Channel under injected faults: create (with a resource policy), update and replace", function () {
  this.timeout(180_000);
  const t = useEmulator();

  createFaultTests(t, ["CreateChannel", "PutResourcePolicy"]);
  updateFaultTests(t, ["UpdateChannel", "DeleteChannel"]);
});
