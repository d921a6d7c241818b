import { useEmulator } from "../support/emulator";
import { updateFaultTests } from "./event-data-store-faults";

describe("EventDataStore and Channel under injected faults: updates of a store's settings, tags and ingestion", function () {
  this.timeout(180_000);
  const t = useEmulator();

  updateFaultTests(t, ["UpdateEventDataStore", "AddTags", "RemoveTags", "StopEventDataStoreIngestion"]);
});
