import {
  CreateChannelCommand,
  DeleteChannelCommand,
  GetChannelCommand,
  GetResourcePolicyCommand,
  ListChannelsCommand,
  PutResourcePolicyCommand,
  UpdateChannelCommand,
} from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { expectNoChanges } from "../harness/expect";
import { useEmulator } from "../support/emulator";
import { allowPolicy, category, expectRefreshShowsNoChange, lakeStack, tagsOf } from "./support";

// Channel through the engine harness. The Lake example's lifecycle (event-data-store.test.ts) creates,
// renames, re-points and replaces a channel beside its stores; its faults are in channel-faults.test.ts.
describe("Channel through the engine harness", function () {
  this.timeout(180_000);
  const t = useEmulator();

  it("a channel: tags in place, drift undone, deleted out of band then created again, adopted only with adopt and its source", async () => {
    const s = await lakeStack(t);
    const stores = {
      activity: { name: "activity-log", advancedEventSelectors: category("ActivityAuditLog") },
      other: { name: "activity-log-2", advancedEventSelectors: category("ActivityAuditLog") },
    };
    const feed = { name: "partner-feed", source: "Custom", to: ["activity"], tags: { team: "security" } };
    s.set({ stores, channels: { feed } });
    const created = await s.stack.up();
    expect(created.ok, created.summary).to.equal(true);
    const arn = String(created.outputs.feed);
    const activityArn = (created.outputs.activity as { arn: string }).arn;
    const otherArn = (created.outputs.other as { arn: string }).arn;
    await s.calls();

    s.set({ stores, channels: { feed: { ...feed, tags: { team: "audit", env: "prod" } } } });
    const tagged = await s.stack.up();
    expect(tagged.steps.find((x) => x.name === "feed")!.op).to.equal("update");
    expect(await s.calls()).to.have.members(["AddTags"]);
    expect(await tagsOf(s.client, arn)).to.deep.equal({ team: "audit", env: "prod" });
    await s.calls();
    s.set({ stores, channels: { feed: { ...feed, tags: { env: "prod" } } } });
    expect((await s.stack.up()).ok).to.equal(true);
    expect(await s.calls()).to.deep.equal(["RemoveTags"]);
    const declared = { ...feed, tags: { env: "prod" } };

    // Renamed and pointed at the other store out of band: refresh shows both, up puts them back.
    await s.client.send(
      new UpdateChannelCommand({
        Channel: arn,
        Name: "renamed-by-hand",
        Destinations: [{ Type: "EVENT_DATA_STORE", Location: otherArn }],
      }),
    );
    await s.calls();
    const drift = await s.stack.refresh();
    expect(drift.ok, drift.summary).to.equal(true);
    expect(drift.steps.find((x) => x.name === "feed")!.diffs).to.include.members(["name", "destinations"]);
    await s.calls();
    const undone = await s.stack.up();
    expect(undone.steps.find((x) => x.name === "feed")!.op).to.equal("update");
    expect(await s.calls()).to.deep.equal(["UpdateChannel"]);
    const back = await s.client.send(new GetChannelCommand({ Channel: arn }));
    expect(back.Name).to.equal("partner-feed");
    expect(back.Destinations).to.deep.equal([{ Type: "EVENT_DATA_STORE", Location: activityArn }]);
    expectRefreshShowsNoChange(await s.stack.refresh());

    // Deleted out of band: refresh drops it, up creates it again with its tags.
    await s.client.send(new DeleteChannelCommand({ Channel: arn }));
    const gone = await s.stack.refresh();
    expect(gone.steps.find((x) => x.name === "feed")!.op).to.equal("gone");
    await s.calls();
    const recreated = await s.stack.up();
    expect(recreated.steps.find((x) => x.name === "feed")!.op).to.equal("create");
    expect(await s.calls()).to.deep.equal(["CreateChannel"]);
    const newArn = String(recreated.outputs.feed);
    expect(newArn).to.not.equal(arn);
    expect(await tagsOf(s.client, newArn)).to.deep.equal({ env: "prod" });
    expectNoChanges(await s.stack.up());

    // A live channel of the name made elsewhere: refused without adopt, and with adopt when its source differs.
    s.set({ stores });
    expect((await s.stack.up()).ok).to.equal(true);
    const live = await s.client.send(
      new CreateChannelCommand({
        Name: "partner-feed",
        Source: "Custom",
        Destinations: [{ Type: "EVENT_DATA_STORE", Location: otherArn }],
        Tags: [{ Key: "owner", Value: "partner-team" }],
      }),
    );
    const livePolicy = allowPolicy("444455556666", "cloudtrail-data:PutAuditEvents");
    await s.client.send(
      new PutResourcePolicyCommand({
        ResourceArn: live.ChannelArn,
        ResourcePolicy: JSON.stringify(livePolicy),
      }),
    );
    await s.calls();
    s.set({ stores, channels: { feed: declared } });
    const refused = await s.stack.up();
    expect(refused.ok).to.equal(false);
    expect(refused.failure!.message).to.match(
      /channel "partner-feed" already exists \(CH-1\); set adopt: true/,
    );
    s.set({ stores, channels: { feed: { ...declared, source: "ExamplePartnerSource", adopt: true } } });
    const otherSource = await s.stack.up();
    expect(otherSource.ok).to.equal(false);
    expect(otherSource.failure!.message).to.match(
      /exists with source Custom, not ExamplePartnerSource.*CH-1/,
    );
    const untouched = await s.client.send(new GetChannelCommand({ Channel: live.ChannelArn }));
    expect(untouched.Destinations).to.deep.equal([{ Type: "EVENT_DATA_STORE", Location: otherArn }]);
    await s.calls();

    // Adopted declaring no tags and no policy: the channel keeps its own (only what is declared converges).
    const untagged = { name: declared.name, source: declared.source, to: declared.to };
    s.set({ stores, channels: { feed: { ...untagged, adopt: true } } });
    const adopted = await s.stack.up();
    expect(adopted.ok, adopted.summary).to.equal(true);
    expect(String(adopted.outputs.feed)).to.equal(live.ChannelArn);
    expect(await s.calls()).to.deep.equal([
      "CreateChannel",
      "ListChannels",
      "GetChannel",
      "ListTags",
      "GetResourcePolicy",
      "UpdateChannel",
    ]);
    const taken = await s.client.send(new GetChannelCommand({ Channel: live.ChannelArn }));
    expect(taken.Destinations).to.deep.equal([{ Type: "EVENT_DATA_STORE", Location: activityArn }]);
    expect(await tagsOf(s.client, live.ChannelArn!)).to.deep.equal({ owner: "partner-team" });
    const policy = await s.client.send(new GetResourcePolicyCommand({ ResourceArn: live.ChannelArn }));
    expect(JSON.parse(policy.ResourcePolicy!)).to.deep.equal(livePolicy);
    expect((await s.client.send(new ListChannelsCommand({}))).Channels).to.have.length(1);
    expectNoChanges(await s.stack.up());
    expectRefreshShowsNoChange(await s.stack.refresh());
  });
});
