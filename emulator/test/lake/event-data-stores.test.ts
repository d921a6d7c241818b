import { expect } from "chai";
import {
  AddTagsCommand,
  CreateEventDataStoreCommand,
  DeleteEventDataStoreCommand,
  DeleteResourcePolicyCommand,
  DisableFederationCommand,
  EnableFederationCommand,
  GetEventConfigurationCommand,
  GetEventDataStoreCommand,
  GetInsightSelectorsCommand,
  GetResourcePolicyCommand,
  ListEventDataStoresCommand,
  ListTagsCommand,
  PutEventConfigurationCommand,
  PutInsightSelectorsCommand,
  PutResourcePolicyCommand,
  RemoveTagsCommand,
  RestoreEventDataStoreCommand,
  StartEventDataStoreIngestionCommand,
  StopEventDataStoreIngestionCommand,
  UpdateEventDataStoreCommand,
  type CloudTrailClient,
} from "@aws-sdk/client-cloudtrail";
import { awsError, useEmulator } from "../../../test/support/emulator";
import { category } from "../../../test/support/lake";

async function createStore(
  ct: CloudTrailClient,
  name: string,
  extra: Partial<ConstructorParameters<typeof CreateEventDataStoreCommand>[0]> = {},
) {
  return ct.send(new CreateEventDataStoreCommand({ Name: name, ...extra }));
}

describe("emulator: event data stores", () => {
  const t = useEmulator();

  it("creates a store with AWS's defaults and reads it back by ARN and by ID", async () => {
    const ct = t.client();
    const created = await createStore(ct, "audit-store");
    expect(created.EventDataStoreArn).to.match(
      /^arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore\/[0-9a-f-]{36}$/,
    );
    expect(created).to.include({
      Status: "CREATED",
      MultiRegionEnabled: true,
      OrganizationEnabled: false,
      RetentionPeriod: 2557,
      TerminationProtectionEnabled: true,
      BillingMode: "EXTENDABLE_RETENTION_PRICING",
    });
    expect(created.AdvancedEventSelectors).to.deep.equal([
      {
        Name: "Default management events",
        FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }],
      },
    ]);
    const id = created.EventDataStoreArn!.split("/")[1];
    const got = await ct.send(new GetEventDataStoreCommand({ EventDataStore: id }));
    expect(got.Status).to.equal("ENABLED");
    expect(got.FederationStatus).to.equal("DISABLED");
    expect(got.Name).to.equal("audit-store");
  });

  it("NAME-2: a malformed name or ARN is refused; an unknown store is not found", async () => {
    const ct = t.client();
    expect((await awsError(() => createStore(ct, "no spaces"))).name).to.equal("InvalidParameterException");
    expect((await awsError(() => createStore(ct, "ab"))).name).to.equal("InvalidParameterException");
    expect(
      (await awsError(() => ct.send(new GetEventDataStoreCommand({ EventDataStore: "bad id!" })))).name,
    ).to.equal("EventDataStoreARNInvalidException");
    expect(
      (await awsError(() => ct.send(new GetEventDataStoreCommand({ EventDataStore: "missing-store-id" }))))
        .name,
    ).to.equal("EventDataStoreNotFoundException");
  });

  it("EDS-1: ten stores per region counting those pending deletion; an eleventh and a duplicate name are refused", async () => {
    const ct = t.client();
    const first = await createStore(ct, "store-0", { TerminationProtectionEnabled: false });
    for (let i = 1; i < 10; i++) await createStore(ct, `store-${i}`);
    await ct.send(new DeleteEventDataStoreCommand({ EventDataStore: first.EventDataStoreArn }));
    const over = await awsError(() => createStore(ct, "store-10"));
    expect(over.name).to.equal("EventDataStoreMaxLimitExceededException");
    expect(over.message).to.contain("EDS-1");
    expect((await awsError(() => createStore(ct, "store-3"))).name).to.equal(
      "EventDataStoreAlreadyExistsException",
    );
    // Another region has its own ten.
    await createStore(t.client("us-west-2"), "store-10");
    const page = await ct.send(new ListEventDataStoresCommand({ MaxResults: 4 }));
    expect(page.EventDataStores).to.have.length(4);
    expect(page.NextToken).to.be.a("string");
  });

  it("EDS-2: retention 7 to 3653 days with extendable billing, 7 to 2557 with fixed", async () => {
    const ct = t.client();
    await createStore(ct, "seven", { RetentionPeriod: 7 });
    await createStore(ct, "longest", { RetentionPeriod: 3653 });
    await createStore(ct, "fixed", { RetentionPeriod: 2557, BillingMode: "FIXED_RETENTION_PRICING" });
    for (const [days, mode] of [
      [6, "EXTENDABLE_RETENTION_PRICING"],
      [3654, "EXTENDABLE_RETENTION_PRICING"],
      [2558, "FIXED_RETENTION_PRICING"],
    ] as const) {
      const e = await awsError(() =>
        createStore(ct, `r-${days}`, { RetentionPeriod: days, BillingMode: mode }),
      );
      expect(e.name).to.equal("InvalidParameterException");
      expect(e.message).to.contain("EDS-2");
    }
  });

  it("EDS-3: a protected store is not deleted; turned off, it is", async () => {
    const ct = t.client();
    const { EventDataStoreArn: arn } = await createStore(ct, "protected");
    const e = await awsError(() => ct.send(new DeleteEventDataStoreCommand({ EventDataStore: arn })));
    expect(e.name).to.equal("EventDataStoreTerminationProtectedException");
    expect((await ct.send(new GetEventDataStoreCommand({ EventDataStore: arn }))).Status).to.equal("ENABLED");
    await ct.send(
      new UpdateEventDataStoreCommand({ EventDataStore: arn, TerminationProtectionEnabled: false }),
    );
    await ct.send(new DeleteEventDataStoreCommand({ EventDataStore: arn }));
    expect((await ct.send(new GetEventDataStoreCommand({ EventDataStore: arn }))).Status).to.equal(
      "PENDING_DELETION",
    );
  });

  it("EDS-4, EDS-5: pending deletion refuses updates, restores within 7 days, is purged after", async () => {
    const ct = t.client();
    const { EventDataStoreArn: arn } = await createStore(ct, "lifecycle", {
      TerminationProtectionEnabled: false,
      RetentionPeriod: 30,
    });
    expect(
      (await awsError(() => ct.send(new RestoreEventDataStoreCommand({ EventDataStore: arn })))).name,
    ).to.equal("InvalidEventDataStoreStatusException");
    await ct.send(new DeleteEventDataStoreCommand({ EventDataStore: arn }));
    const inactive = await awsError(() =>
      ct.send(new UpdateEventDataStoreCommand({ EventDataStore: arn, RetentionPeriod: 90 })),
    );
    expect(inactive.name).to.equal("InactiveEventDataStoreException");
    expect(
      (await awsError(() => ct.send(new DeleteEventDataStoreCommand({ EventDataStore: arn })))).name,
    ).to.equal("InactiveEventDataStoreException");
    await t.admin.advanceClock(6 * 24 * 3600);
    const restored = await ct.send(new RestoreEventDataStoreCommand({ EventDataStore: arn }));
    expect(restored.Status).to.equal("ENABLED");
    expect(restored.RetentionPeriod).to.equal(30);
    await ct.send(new DeleteEventDataStoreCommand({ EventDataStore: arn }));
    await t.admin.advanceClock(7 * 24 * 3600);
    expect(
      (await awsError(() => ct.send(new RestoreEventDataStoreCommand({ EventDataStore: arn })))).name,
    ).to.equal("EventDataStoreNotFoundException");
    expect((await ct.send(new ListEventDataStoresCommand({}))).EventDataStores).to.deep.equal([]);
  });

  it("EDS-6: an update with no setting is refused; one setting is enough", async () => {
    const ct = t.client();
    const { EventDataStoreArn: arn } = await createStore(ct, "update-me");
    const e = await awsError(() => ct.send(new UpdateEventDataStoreCommand({ EventDataStore: arn })));
    expect(e.name).to.equal("InvalidParameterException");
    expect(e.message).to.contain("EDS-6");
    const updated = await ct.send(new UpdateEventDataStoreCommand({ EventDataStore: arn, Name: "renamed" }));
    expect(updated.Name).to.equal("renamed");
  });

  it("EDS-8, EDS-9: ingestion stops and starts through the transient statuses on the clock", async () => {
    const ct = t.client();
    await t.admin.lake({ transitionSeconds: 60 });
    const created = await createStore(ct, "ingest");
    const arn = created.EventDataStoreArn;
    expect((await ct.send(new GetEventDataStoreCommand({ EventDataStore: arn }))).Status).to.equal("CREATED");
    await t.admin.advanceClock(61);
    expect((await ct.send(new GetEventDataStoreCommand({ EventDataStore: arn }))).Status).to.equal("ENABLED");
    expect(
      (await awsError(() => ct.send(new StartEventDataStoreIngestionCommand({ EventDataStore: arn })))).name,
    ).to.equal("InvalidEventDataStoreStatusException");
    await ct.send(new StopEventDataStoreIngestionCommand({ EventDataStore: arn }));
    expect((await ct.send(new GetEventDataStoreCommand({ EventDataStore: arn }))).Status).to.equal(
      "STOPPING_INGESTION",
    );
    await t.admin.advanceClock(61);
    expect((await ct.send(new GetEventDataStoreCommand({ EventDataStore: arn }))).Status).to.equal(
      "STOPPED_INGESTION",
    );
    await ct.send(new StartEventDataStoreIngestionCommand({ EventDataStore: arn }));
    expect((await ct.send(new GetEventDataStoreCommand({ EventDataStore: arn }))).Status).to.equal(
      "STARTING_INGESTION",
    );
    await t.admin.advanceClock(61);
    expect((await ct.send(new GetEventDataStoreCommand({ EventDataStore: arn }))).Status).to.equal("ENABLED");
    const stopped = await createStore(ct, "not-ingesting", { StartIngestion: false });
    expect(stopped.Status).to.equal("STOPPED_INGESTION");
  });

  it("EDS-9: ingestion of ConfigurationItem stores stops and starts; ActivityAuditLog and Insight stores refuse", async () => {
    const ct = t.client();
    const config = await createStore(ct, "config-items", {
      AdvancedEventSelectors: category("ConfigurationItem"),
    });
    await ct.send(new StopEventDataStoreIngestionCommand({ EventDataStore: config.EventDataStoreArn }));
    expect(
      (await ct.send(new GetEventDataStoreCommand({ EventDataStore: config.EventDataStoreArn }))).Status,
    ).to.equal("STOPPED_INGESTION");
    for (const c of ["ActivityAuditLog", "Insight"]) {
      const store = await createStore(ct, `${c.toLowerCase()}-store`, {
        AdvancedEventSelectors: category(c),
      });
      const e = await awsError(() =>
        ct.send(new StopEventDataStoreIngestionCommand({ EventDataStore: store.EventDataStoreArn })),
      );
      expect(e.name).to.equal("InvalidEventDataStoreCategoryException");
      expect(e.message).to.contain("EDS-9");
    }
  });

  it("EDS-10: federation enabled blocks delete until disabled", async () => {
    const ct = t.client();
    const { EventDataStoreArn: arn } = await createStore(ct, "federated", {
      TerminationProtectionEnabled: false,
    });
    const role = "arn:aws:iam::123456789012:role/lake-federation";
    const enabled = await ct.send(
      new EnableFederationCommand({ EventDataStore: arn, FederationRoleArn: role }),
    );
    expect(enabled).to.include({ FederationStatus: "ENABLED", FederationRoleArn: role });
    expect(
      (
        await awsError(() =>
          ct.send(new EnableFederationCommand({ EventDataStore: arn, FederationRoleArn: role })),
        )
      ).name,
    ).to.equal("EventDataStoreFederationEnabledException");
    const e = await awsError(() => ct.send(new DeleteEventDataStoreCommand({ EventDataStore: arn })));
    expect(e.name).to.equal("EventDataStoreFederationEnabledException");
    expect(e.message).to.contain("EDS-10");
    await ct.send(new DisableFederationCommand({ EventDataStore: arn }));
    await ct.send(new DeleteEventDataStoreCommand({ EventDataStore: arn }));
  });

  it("EDS-10: federation is ENABLING and DISABLING for the transition time; no change and no delete meanwhile", async () => {
    const ct = t.client();
    await t.admin.lake({ transitionSeconds: 60 });
    const { EventDataStoreArn: arn } = await createStore(ct, "federating", {
      TerminationProtectionEnabled: false,
    });
    const role = "arn:aws:iam::123456789012:role/lake-federation";
    const enabling = await ct.send(
      new EnableFederationCommand({ EventDataStore: arn, FederationRoleArn: role }),
    );
    expect(enabling.FederationStatus).to.equal("ENABLING");
    const busy = await awsError(() => ct.send(new DisableFederationCommand({ EventDataStore: arn })));
    expect(busy.name).to.equal("ConcurrentModificationException");
    await t.admin.advanceClock(61);
    expect((await ct.send(new GetEventDataStoreCommand({ EventDataStore: arn }))).FederationStatus).to.equal(
      "ENABLED",
    );
    const disabling = await ct.send(new DisableFederationCommand({ EventDataStore: arn }));
    expect(disabling.FederationStatus).to.equal("DISABLING");
    const early = await awsError(() => ct.send(new DeleteEventDataStoreCommand({ EventDataStore: arn })));
    expect(early.name).to.equal("EventDataStoreFederationEnabledException");
    expect(early.message).to.contain("DISABLING");
    await t.admin.advanceClock(61);
    expect((await ct.send(new GetEventDataStoreCommand({ EventDataStore: arn }))).FederationStatus).to.equal(
      "DISABLED",
    );
    await ct.send(new DeleteEventDataStoreCommand({ EventDataStore: arn }));
  });

  it("EDS-12: billing mode only widens; a KMS key cannot be removed or changed", async () => {
    const ct = t.client();
    const { EventDataStoreArn: arn } = await createStore(ct, "billing", {
      BillingMode: "FIXED_RETENTION_PRICING",
      KmsKeyId: "alias/lake",
    });
    const widened = await ct.send(
      new UpdateEventDataStoreCommand({ EventDataStore: arn, BillingMode: "EXTENDABLE_RETENTION_PRICING" }),
    );
    expect(widened.BillingMode).to.equal("EXTENDABLE_RETENTION_PRICING");
    expect(widened.KmsKeyId).to.equal("arn:aws:kms:us-east-1:123456789012:alias/lake");
    for (const change of [
      { BillingMode: "FIXED_RETENTION_PRICING" as const },
      { KmsKeyId: "" },
      { KmsKeyId: "alias/other" },
    ]) {
      const e = await awsError(() =>
        ct.send(new UpdateEventDataStoreCommand({ EventDataStore: arn, ...change })),
      );
      expect(e.name).to.equal("InvalidParameterException");
      expect(e.message).to.contain("EDS-12");
    }
    // The same key again, by alias or by ARN, is no change.
    for (const KmsKeyId of ["alias/lake", "arn:aws:kms:us-east-1:123456789012:alias/lake"]) {
      const same = await ct.send(new UpdateEventDataStoreCommand({ EventDataStore: arn, KmsKeyId }));
      expect(same.KmsKeyId).to.equal("arn:aws:kms:us-east-1:123456789012:alias/lake");
    }
  });

  describe("EDS-13 and AES for stores", () => {
    it("CloudTrail categories combine; ActivityAuditLog, ConfigurationItem and Insight stand alone", async () => {
      const ct = t.client();
      await createStore(ct, "mgmt-and-data", {
        AdvancedEventSelectors: [
          ...category("Management"),
          {
            FieldSelectors: [
              { Field: "eventCategory", Equals: ["Data"] },
              { Field: "resources.type", Equals: ["AWS::S3::Object"] },
            ],
          },
        ],
      });
      for (const c of ["ActivityAuditLog", "ConfigurationItem", "Insight"])
        await createStore(ct, `only-${c}`, { AdvancedEventSelectors: category(c) });
      const mixed = await awsError(() =>
        createStore(ct, "mixed", {
          AdvancedEventSelectors: [...category("Management"), ...category("ActivityAuditLog")],
        }),
      );
      expect(mixed.name).to.equal("InvalidEventSelectorsException");
      expect(mixed.message).to.contain("EDS-13");
      const field = await awsError(() =>
        createStore(ct, "bad-field", {
          AdvancedEventSelectors: [
            {
              FieldSelectors: [
                { Field: "eventCategory", Equals: ["ActivityAuditLog"] },
                { Field: "readOnly", Equals: ["true"] },
              ],
            },
          ],
        }),
      );
      expect(field.name).to.equal("InvalidEventSelectorsException");
    });

    it("AES-10: five selectors per store, not six; AES-3 refuses an unknown category", async () => {
      const ct = t.client();
      const selectors = (n: number) => Array.from({ length: n }, () => category("Management")[0]);
      await createStore(ct, "five", { AdvancedEventSelectors: selectors(5) });
      const six = await awsError(() => createStore(ct, "six", { AdvancedEventSelectors: selectors(6) }));
      expect(six.name).to.equal("InvalidEventSelectorsException");
      expect(six.message).to.contain("AES-10");
      const unknown = await awsError(() =>
        createStore(ct, "unknown", { AdvancedEventSelectors: category("Everything") }),
      );
      expect(unknown.message).to.contain("AES-3");
    });

    it("a store's category cannot change on update", async () => {
      const ct = t.client();
      const { EventDataStoreArn: arn } = await createStore(ct, "fixed-category");
      const e = await awsError(() =>
        ct.send(
          new UpdateEventDataStoreCommand({
            EventDataStore: arn,
            AdvancedEventSelectors: category("ActivityAuditLog"),
          }),
        ),
      );
      expect(e.name).to.equal("InvalidEventSelectorsException");
      const data = await ct.send(
        new UpdateEventDataStoreCommand({
          EventDataStore: arn,
          AdvancedEventSelectors: [
            {
              FieldSelectors: [
                { Field: "eventCategory", Equals: ["Management"] },
                { Field: "readOnly", Equals: ["false"] },
              ],
            },
          ],
        }),
      );
      expect(data.AdvancedEventSelectors![0].FieldSelectors).to.have.length(2);
    });
  });

  it("EDS-14: Insights on a store need a management source and an Insight destination", async () => {
    const ct = t.client();
    const source = (await createStore(ct, "insight-source")).EventDataStoreArn!;
    const destination = (
      await createStore(ct, "insight-destination", { AdvancedEventSelectors: category("Insight") })
    ).EventDataStoreArn!;
    expect(
      (await awsError(() => ct.send(new GetInsightSelectorsCommand({ EventDataStore: source })))).name,
    ).to.equal("InsightNotEnabledException");
    const wrong = await awsError(() =>
      ct.send(
        new PutInsightSelectorsCommand({
          EventDataStore: source,
          InsightsDestination: source,
          InsightSelectors: [{ InsightType: "ApiCallRateInsight" }],
        }),
      ),
    );
    expect(wrong.name).to.equal("InvalidParameterException");
    expect(wrong.message).to.contain("EDS-14");
    const put = await ct.send(
      new PutInsightSelectorsCommand({
        EventDataStore: source,
        InsightsDestination: destination,
        InsightSelectors: [{ InsightType: "ApiCallRateInsight" }, { InsightType: "ApiErrorRateInsight" }],
      }),
    );
    expect(put).to.deep.include({ EventDataStoreArn: source, InsightsDestination: destination });
    const got = await ct.send(new GetInsightSelectorsCommand({ EventDataStore: source }));
    expect(got.InsightSelectors).to.have.length(2);
  });

  it("EDS-15: closed to new customers refuses an account that never had a store, not an existing customer", async () => {
    const ct = t.client();
    await createStore(ct, "existing");
    await t.admin.lake({ closedToNewCustomers: true });
    await createStore(ct, "existing-customer-second");
    await t.admin.addCredential({
      accessKeyId: "AKIDNEWCUSTOMER",
      secretAccessKey: "new-secret",
      account: "210987654321",
    });
    const newcomer = t.client("us-east-1", {
      credentials: { accessKeyId: "AKIDNEWCUSTOMER", secretAccessKey: "new-secret" },
    });
    const e = await awsError(() => createStore(newcomer, "first-store"));
    expect(e.$metadata?.httpStatusCode).to.equal(400);
    expect(e.message).to.contain(
      "CloudTrail Lake is no longer accepting new customers. Existing customers can continue to use their event data stores.",
    );
  });

  it("tags on a store: add, list, remove; NAME-6 applies", async () => {
    const ct = t.client();
    const { EventDataStoreArn: arn } = await createStore(ct, "tagged", {
      TagsList: [{ Key: "team", Value: "sec" }],
    });
    await ct.send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: "env", Value: "prod" }] }));
    const listed = await ct.send(new ListTagsCommand({ ResourceIdList: [arn!] }));
    expect(listed.ResourceTagList![0].TagsList).to.deep.equal([
      { Key: "team", Value: "sec" },
      { Key: "env", Value: "prod" },
    ]);
    await ct.send(new RemoveTagsCommand({ ResourceId: arn, TagsList: [{ Key: "team" }] }));
    expect(
      (await ct.send(new ListTagsCommand({ ResourceIdList: [arn!] }))).ResourceTagList![0].TagsList,
    ).to.deep.equal([{ Key: "env", Value: "prod" }]);
    expect(
      (
        await awsError(() =>
          ct.send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: "aws:reserved", Value: "x" }] })),
        )
      ).name,
    ).to.equal("InvalidTagParameterException");
  });

  it("resource policies on a store: put, get, delete; not on a trail", async () => {
    const ct = t.client();
    const { EventDataStoreArn: arn } = await createStore(ct, "with-policy");
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111122223333:root" },
          Action: "cloudtrail:StartQuery",
          Resource: arn,
        },
      ],
    });
    expect((await awsError(() => ct.send(new GetResourcePolicyCommand({ ResourceArn: arn })))).name).to.equal(
      "ResourcePolicyNotFoundException",
    );
    expect(
      (
        await awsError(() =>
          ct.send(new PutResourcePolicyCommand({ ResourceArn: arn, ResourcePolicy: "{not json" })),
        )
      ).name,
    ).to.equal("ResourcePolicyNotValidException");
    await ct.send(new PutResourcePolicyCommand({ ResourceArn: arn, ResourcePolicy: policy }));
    expect((await ct.send(new GetResourcePolicyCommand({ ResourceArn: arn }))).ResourcePolicy).to.equal(
      policy,
    );
    await ct.send(new DeleteResourcePolicyCommand({ ResourceArn: arn }));
    expect((await awsError(() => ct.send(new GetResourcePolicyCommand({ ResourceArn: arn })))).name).to.equal(
      "ResourcePolicyNotFoundException",
    );
    expect(
      (
        await awsError(() =>
          ct.send(
            new PutResourcePolicyCommand({
              ResourceArn: "arn:aws:cloudtrail:us-east-1:123456789012:trail/x",
              ResourcePolicy: policy,
            }),
          ),
        )
      ).name,
    ).to.equal("ResourceTypeNotSupportedException");
  });

  it("event configuration of a store: size and context keys", async () => {
    const ct = t.client();
    const { EventDataStoreArn: arn } = await createStore(ct, "configured");
    expect((await ct.send(new GetEventConfigurationCommand({ EventDataStore: arn }))).MaxEventSize).to.equal(
      "Standard",
    );
    const small = await awsError(() =>
      ct.send(
        new PutEventConfigurationCommand({
          EventDataStore: arn,
          ContextKeySelectors: [{ Type: "TagContext", Equals: ["team"] }],
        }),
      ),
    );
    expect(small.name).to.equal("InvalidParameterException");
    const put = await ct.send(
      new PutEventConfigurationCommand({
        EventDataStore: arn,
        MaxEventSize: "Large",
        ContextKeySelectors: [{ Type: "RequestContext", Equals: ["aws:SourceIp"] }],
      }),
    );
    expect(put.MaxEventSize).to.equal("Large");
    const got = await ct.send(new GetEventConfigurationCommand({ EventDataStore: arn }));
    expect(got.ContextKeySelectors).to.deep.equal([{ Type: "RequestContext", Equals: ["aws:SourceIp"] }]);
    const channelStore = (
      await createStore(ct, "audit-log", { AdvancedEventSelectors: category("ActivityAuditLog") })
    ).EventDataStoreArn;
    expect(
      (await awsError(() => ct.send(new GetEventConfigurationCommand({ EventDataStore: channelStore }))))
        .name,
    ).to.equal("InvalidEventDataStoreCategoryException");
  });
});
