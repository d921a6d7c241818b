import { CreateChannelCommand } from "@aws-sdk/client-cloudtrail";
import type { LakeClientOptions } from "../../sdk";
import { TEST_CREDENTIALS, type TestEmulator } from "../support/emulator";
import { category, createStore, storeId } from "../support/lake";

/** The data-plane functions' options for the test emulator. */
export const emulatorOptions = (t: TestEmulator): LakeClientOptions => ({
  endpoint: t.emulator.url,
  region: "us-east-1",
  credentials: TEST_CREDENTIALS,
});

/** An ActivityAuditLog store and a Custom channel into it, created with the SDK. */
export async function channelWithStore(t: TestEmulator): Promise<{ channelArn: string; store: string }> {
  const ct = t.client();
  const storeArn = await createStore(ct, "app-events", {
    AdvancedEventSelectors: category("ActivityAuditLog"),
  });
  const channel = await ct.send(
    new CreateChannelCommand({
      Name: "app-channel",
      Source: "Custom",
      Destinations: [{ Type: "EVENT_DATA_STORE", Location: storeArn }],
    }),
  );
  return { channelArn: channel.ChannelArn!, store: storeId(storeArn) };
}
