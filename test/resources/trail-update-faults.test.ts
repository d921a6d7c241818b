import { useEmulator } from "../support/emulator";
import { CHANGED, faultMatrix } from "./trail-fault-matrix";

describe("Trail resources under injected faults at update (every call it makes)", function () {
  this.timeout(120_000);
  const t = useEmulator();

  faultMatrix(t, "update", ["UpdateTrail", "AddTags", "RemoveTags", "StopLogging"], CHANGED);
});
