import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { CreateChannelCommand } from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { packageLink } from "../harness/stack";
import { TEST_CREDENTIALS, useEmulator } from "../support/emulator";
import { category, createStore } from "../support/lake";

const SCRIPT = path.join(__dirname, "..", "..", "examples", "lake-audit", "audit-events.js");

describe("examples/lake-audit/audit-events.ts (run as a user runs it)", () => {
  const t = useEmulator();

  it("sends the application's events through the channel and prints them back in time order", async () => {
    const ct = t.client();
    const store = await createStore(ct, "lake-audit-activity", {
      AdvancedEventSelectors: category("ActivityAuditLog"),
    });
    const channel = await ct.send(
      new CreateChannelCommand({
        Name: "lake-audit-applications",
        Source: "Custom",
        Destinations: [{ Type: "EVENT_DATA_STORE", Location: store }],
      }),
    );
    const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT, channel.ChannelArn!, store], {
      env: {
        PATH: process.env.PATH,
        NODE_PATH: packageLink(),
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        AWS_ENDPOINT_URL: t.emulator.url,
      },
    });
    const printed = [...stdout.matchAll(/'(alice|bob)'\s*│\s*'(\w+)'/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(printed).to.deep.equal([
      "alice Login",
      "alice PlaceOrder",
      "bob Login",
      "bob PlaceOrder",
      "alice CancelOrder",
    ]);
  });
});
