import { useEmulator } from "../support/emulator";
import { updateFaultTests } from "./lake-fault-matrix";

describe("EventDataStore under injected faults: updates of a store's settings, tags and ingestion", function () {
  this.timeout(180_000);
  const t = useEmulator();

  updateFaultTests(t, ["UpdateEventDataStore", "AddTags", "RemoveTags", "StopEventDataStoreIngestion"]);
});
