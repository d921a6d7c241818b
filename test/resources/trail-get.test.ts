import * as path from "node:path";
import {
  CreateTrailCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  PutEventSelectorsCommand,
  PutInsightSelectorsCommand,
  StartLoggingCommand,
} from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { HarnessStack } from "../harness/stack";
import { TEST_CREDENTIALS, useEmulator } from "../support/emulator";

const PROGRAM = path.join(__dirname, "..", "harness", "programs", "trail-get.js");

describe("Trail.get, TrailEventSelectors.get, TrailInsightSelectors.get", function () {
  this.timeout(120_000);
  const t = useEmulator();

  it("read an existing trail by ARN through the provider's read, and never change or delete it", async () => {
    const client = t.client();
    const { TrailARN: arn } = await client.send(
      new CreateTrailCommand({
        Name: "made-elsewhere",
        S3BucketName: "logs",
        TagsList: [{ Key: "team", Value: "sec" }],
      }),
    );
    await client.send(new StartLoggingCommand({ Name: arn }));
    await client.send(
      new PutEventSelectorsCommand({
        TrailName: arn,
        AdvancedEventSelectors: [{ FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }] }],
      }),
    );
    await client.send(
      new PutInsightSelectorsCommand({
        TrailName: arn,
        InsightSelectors: [{ InsightType: "ApiCallRateInsight" }],
      }),
    );
    await t.admin.clearLog();

    const stack = new HarnessStack({
      program: PROGRAM,
      env: {
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      },
      config: { "aws:region": "us-east-1", "cloudtrail:endpoint": t.emulator.url, "test:arn": arn! },
    });
    const up = await stack.up();
    expect(up.ok, up.summary).to.equal(true);
    expect(up.outputs).to.deep.equal({
      name: "made-elsewhere",
      bucket: "logs",
      isLogging: true,
      tags: { team: "sec" },
      selectorsTrail: arn,
      selectorFields: ["eventCategory"],
      insightTypes: ["ApiCallRateInsight"],
    });
    expect(up.steps.map((s) => `${s.op} ${s.name}`)).to.have.members([
      "read existing",
      "read existing-selectors",
      "read existing-insights",
    ]);
    expect(up.rpcs).to.deep.equal({ read: 3 });
    expect(up.summary).to.match(/> 3 read/);
    const operations = (await t.admin.log()).map((e) => e.operation);
    expect(operations.filter((op) => !/^(Get|List|Describe)/.test(op))).to.deep.equal([]);
    expect(stack.state().resources.every((r) => r.external)).to.equal(true);

    const destroyed = await stack.destroy();
    expect(destroyed.ok, destroyed.summary).to.equal(true);
    expect(destroyed.rpcs).to.deep.equal({});
    expect((await client.send(new GetTrailCommand({ Name: arn }))).Trail?.Name).to.equal("made-elsewhere");
    const selectors = await client.send(new GetEventSelectorsCommand({ TrailName: arn }));
    expect(selectors.AdvancedEventSelectors).to.have.length(1);
  });

  it("fails naming the id when no trail has it", async () => {
    const stack = new HarnessStack({
      program: PROGRAM,
      env: {
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      },
      config: {
        "aws:region": "us-east-1",
        "cloudtrail:endpoint": t.emulator.url,
        "test:arn": "arn:aws:cloudtrail:us-east-1:123456789012:trail/nowhere",
      },
    });
    const preview = await stack.preview();
    expect(preview.ok).to.equal(false);
    expect(preview.failures.map((f) => f.operation)).to.include("read");
    expect(preview.summary).to.match(
      /resource 'arn:aws:cloudtrail:us-east-1:123456789012:trail\/nowhere' does not exist/,
    );
  });
});
