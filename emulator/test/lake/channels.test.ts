import { expect } from "chai";
import { createHash } from "node:crypto";
import {
  CreateChannelCommand,
  DeleteChannelCommand,
  DeleteEventDataStoreCommand,
  GetChannelCommand,
  ListChannelsCommand,
  ListTagsCommand,
  PutResourcePolicyCommand,
  UpdateChannelCommand,
  type CloudTrailClient,
} from "@aws-sdk/client-cloudtrail";
import { awsError, useEmulator } from "../../../test/support/emulator";
import { category, createStore, query, storeId } from "../../../test/support/lake";
import { putAuditEvents } from "../../../test/support/cloudtrail-data";

const auditStore = (ct: CloudTrailClient, name: string) =>
  createStore(ct, name, {
    AdvancedEventSelectors: category("ActivityAuditLog"),
    TerminationProtectionEnabled: false,
  });

const destination = (arn: string) => [{ Type: "EVENT_DATA_STORE" as const, Location: arn }];

const eventData = (n: number) =>
  JSON.stringify({
    version: "1.0",
    UID: `user-${n}`,
    eventSource: "app.example.com",
    eventName: n % 2 === 0 ? "Login" : "Logout",
    eventTime: "2026-11-20T10:00:00Z",
    userIdentity: { type: "User", principalId: `user-${n}` },
    recipientAccountId: "123456789012",
  });

describe("emulator: channels and audit events", () => {
  const t = useEmulator();

  describe("CH-1, CH-2 channels", () => {
    it("creates, reads, lists, renames and deletes a channel to an ActivityAuditLog store", async () => {
      const ct = t.client();
      const store = await auditStore(ct, "app-events");
      const created = await ct.send(
        new CreateChannelCommand({
          Name: "app-channel",
          Source: "Custom",
          Destinations: destination(store),
          Tags: [{ Key: "team", Value: "app" }],
        }),
      );
      expect(created.ChannelArn).to.match(
        /^arn:aws:cloudtrail:us-east-1:123456789012:channel\/[0-9a-f-]{36}$/,
      );
      expect(created).to.deep.include({
        Name: "app-channel",
        Source: "Custom",
        Destinations: destination(store),
      });
      const got = await ct.send(new GetChannelCommand({ Channel: storeId(created.ChannelArn!) }));
      expect(got).to.deep.include({
        Source: "Custom",
        Destinations: destination(store),
        IngestionStatus: {},
      });
      expect((await ct.send(new ListChannelsCommand({}))).Channels).to.deep.equal([
        { ChannelArn: created.ChannelArn, Name: "app-channel" },
      ]);
      expect(
        (await ct.send(new ListTagsCommand({ ResourceIdList: [created.ChannelArn!] }))).ResourceTagList![0]
          .TagsList,
      ).to.deep.equal([{ Key: "team", Value: "app" }]);
      const updated = await ct.send(
        new UpdateChannelCommand({ Channel: created.ChannelArn, Name: "renamed" }),
      );
      expect(updated).to.include({ Name: "renamed", Source: "Custom" });
      await ct.send(new DeleteChannelCommand({ Channel: created.ChannelArn }));
      expect(
        (await awsError(() => ct.send(new GetChannelCommand({ Channel: created.ChannelArn })))).name,
      ).to.equal("ChannelNotFoundException");
    });

    it("CH-1: a duplicate name, a store of another category and a bad name are refused", async () => {
      const ct = t.client();
      const store = await auditStore(ct, "audit");
      const management = await createStore(ct, "management");
      await ct.send(
        new CreateChannelCommand({ Name: "one", Source: "Custom", Destinations: destination(store) }),
      );
      expect(
        (
          await awsError(() =>
            ct.send(
              new CreateChannelCommand({ Name: "one", Source: "Custom", Destinations: destination(store) }),
            ),
          )
        ).name,
      ).to.equal("ChannelAlreadyExistsException");
      const wrong = await awsError(() =>
        ct.send(
          new CreateChannelCommand({ Name: "two", Source: "Custom", Destinations: destination(management) }),
        ),
      );
      expect(wrong.name).to.equal("InvalidEventDataStoreCategoryException");
      expect(wrong.message).to.contain("CH-1");
      expect(
        (
          await awsError(() =>
            ct.send(
              new CreateChannelCommand({ Name: "x y", Source: "Custom", Destinations: destination(store) }),
            ),
          )
        ).name,
      ).to.equal("InvalidParameterException");
    });

    it("CH-1: at most 25 channels", async () => {
      const ct = t.client();
      const store = await auditStore(ct, "many");
      for (let i = 0; i < 25; i++)
        await ct.send(
          new CreateChannelCommand({
            Name: `channel-${i}`,
            Source: "Custom",
            Destinations: destination(store),
          }),
        );
      const e = await awsError(() =>
        ct.send(
          new CreateChannelCommand({
            Name: "channel-25",
            Source: "Custom",
            Destinations: destination(store),
          }),
        ),
      );
      expect(e.name).to.equal("ChannelMaxLimitExceededException");
    });

    it("EDS-11: a store a channel delivers to is not deleted until the channel is", async () => {
      const ct = t.client();
      const store = await auditStore(ct, "delivered-to");
      const { ChannelArn } = await ct.send(
        new CreateChannelCommand({ Name: "feeder", Source: "Custom", Destinations: destination(store) }),
      );
      const e = await awsError(() => ct.send(new DeleteEventDataStoreCommand({ EventDataStore: store })));
      expect(e.name).to.equal("ChannelExistsForEDSException");
      expect(e.message).to.contain("EDS-11");
      await ct.send(new DeleteChannelCommand({ Channel: ChannelArn }));
      await ct.send(new DeleteEventDataStoreCommand({ EventDataStore: store }));
    });
  });

  describe("AUD-1 to AUD-4 PutAuditEvents", () => {
    async function channel(ct: CloudTrailClient) {
      const store = await auditStore(ct, "audit-events");
      const { ChannelArn } = await ct.send(
        new CreateChannelCommand({
          Name: "audit-channel",
          Source: "Custom",
          Destinations: destination(store),
        }),
      );
      return { store, channelArn: ChannelArn! };
    }

    it("delivers accepted events to the channel's store, where a query finds them (round trip)", async () => {
      const ct = t.client();
      const { store, channelArn } = await channel(ct);
      const events = [0, 1, 2].map((n) => ({ id: `event-${n}`, eventData: eventData(n) }));
      const answer = await putAuditEvents(t.emulator.url, { channelArn, auditEvents: events });
      expect(answer.status).to.equal(200);
      expect(answer.body.failed).to.deep.equal([]);
      expect(answer.body.successful!.map((s) => s.id)).to.deep.equal(["event-0", "event-1", "event-2"]);
      for (const s of answer.body.successful!) expect(s.eventID).to.match(/^[0-9a-f-]{36}$/);
      const rows = await query(
        ct,
        `SELECT eventData.eventName AS name, count(*) AS n FROM ${storeId(store)} GROUP BY eventData.eventName ORDER BY name`,
      );
      expect(rows).to.deep.equal([
        { name: "Login", n: "2" },
        { name: "Logout", n: "1" },
      ]);
      const channelRows = await query(
        ct,
        `SELECT DISTINCT metadata.channelARN AS channel FROM ${storeId(store)}`,
      );
      expect(channelRows).to.deep.equal([{ channel: channelArn }]);
      const status = (await ct.send(new GetChannelCommand({ Channel: channelArn }))).IngestionStatus!;
      expect(status.LatestIngestionSuccessEventID).to.equal(answer.body.successful![2].eventID);
      expect(status.LatestIngestionSuccessTime).to.be.instanceOf(Date);
    });

    it("AUD-1: 100 events pass, 101 and a bad id are refused", async () => {
      const ct = t.client();
      const { channelArn } = await channel(ct);
      const batch = (n: number) =>
        Array.from({ length: n }, (_, i) => ({ id: `e${i}`, eventData: eventData(i) }));
      expect(
        (await putAuditEvents(t.emulator.url, { channelArn, auditEvents: batch(100) })).body.successful,
      ).to.have.length(100);
      const over = await putAuditEvents(t.emulator.url, { channelArn, auditEvents: batch(101) });
      expect(over.status).to.equal(400);
      expect(over.errorType).to.equal("ValidationException");
      const badId = await putAuditEvents(t.emulator.url, {
        channelArn,
        auditEvents: [{ id: "not ok!", eventData: eventData(1) }],
      });
      expect(badId.errorType).to.equal("ValidationException");
    });

    it("AUD-2: a duplicated id fails the whole request", async () => {
      const ct = t.client();
      const { store, channelArn } = await channel(ct);
      const answer = await putAuditEvents(t.emulator.url, {
        channelArn,
        auditEvents: [
          { id: "same", eventData: eventData(1) },
          { id: "same", eventData: eventData(2) },
        ],
      });
      expect(answer.status).to.equal(400);
      expect(answer.errorType).to.equal("DuplicatedAuditEventId");
      expect(await query(ct, `SELECT count(*) AS n FROM ${storeId(store)}`)).to.deep.equal([{ n: "0" }]);
    });

    it("AUD-3: a wrong checksum fails that event only; a right one passes", async () => {
      const ct = t.client();
      const { channelArn } = await channel(ct);
      const data = eventData(1);
      const answer = await putAuditEvents(t.emulator.url, {
        channelArn,
        auditEvents: [
          {
            id: "good",
            eventData: data,
            eventDataChecksum: createHash("sha256").update(data).digest("base64"),
          },
          {
            id: "bad",
            eventData: data,
            eventDataChecksum: createHash("sha256").update("other").digest("base64"),
          },
          { id: "not-json", eventData: "{" },
        ],
      });
      expect(answer.body.successful!.map((s) => s.id)).to.deep.equal(["good"]);
      expect(answer.body.failed!.map((f) => [f.id, f.errorCode])).to.deep.equal([
        ["bad", "InvalidChecksum"],
        ["not-json", "InvalidData"],
      ]);
    });

    it("AUD-4: unknown channel, malformed ARN, external ID the policy requires, wrong signing name", async () => {
      const ct = t.client();
      const { channelArn } = await channel(ct);
      const events = [{ id: "one", eventData: eventData(1) }];
      const unknown = await putAuditEvents(t.emulator.url, {
        channelArn: "arn:aws:cloudtrail:us-east-1:123456789012:channel/00000000-0000-0000-0000-000000000000",
        auditEvents: events,
      });
      expect(unknown.errorType).to.equal("ChannelNotFound");
      expect(
        (await putAuditEvents(t.emulator.url, { channelArn: "arn:aws:s3:::bucket", auditEvents: events }))
          .errorType,
      ).to.equal("InvalidChannelARN");
      await ct.send(
        new PutResourcePolicyCommand({
          ResourceArn: channelArn,
          ResourcePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::123456789012:root" },
                Action: "cloudtrail-data:PutAuditEvents",
                Resource: channelArn,
                Condition: { StringEquals: { "cloudtrail:ExternalId": "partner-secret" } },
              },
            ],
          }),
        }),
      );
      const missing = await putAuditEvents(t.emulator.url, { channelArn, auditEvents: events });
      expect(missing.errorType).to.equal("ChannelInsufficientPermission");
      const wrong = await putAuditEvents(t.emulator.url, {
        channelArn,
        externalId: "guess",
        auditEvents: events,
      });
      expect(wrong.errorType).to.equal("ChannelInsufficientPermission");
      const right = await putAuditEvents(t.emulator.url, {
        channelArn,
        externalId: "partner-secret",
        auditEvents: events,
      });
      expect(right.body.successful).to.have.length(1);
      const misSigned = await putAuditEvents(
        t.emulator.url,
        { channelArn, auditEvents: events },
        { service: "cloudtrail" },
      );
      expect(misSigned.status).to.equal(403);
      expect(misSigned.errorType).to.equal("InvalidSignatureException");
    });

    it("AUD-4: once its channel is deleted, PutAuditEvents answers ChannelNotFound", async () => {
      const ct = t.client();
      const { channelArn } = await channel(ct);
      await putAuditEvents(t.emulator.url, {
        channelArn,
        auditEvents: [{ id: "kept", eventData: eventData(1) }],
      });
      await ct.send(new DeleteChannelCommand({ Channel: channelArn }));
      const after = await putAuditEvents(t.emulator.url, {
        channelArn,
        auditEvents: [{ id: "gone", eventData: eventData(2) }],
      });
      expect(after.errorType).to.equal("ChannelNotFound");
    });
  });
});
