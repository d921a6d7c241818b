import { expect } from "chai";
import fc from "fast-check";
import { CreateChannelCommand, PutResourcePolicyCommand } from "@aws-sdk/client-cloudtrail";
import { TEST_CREDENTIALS, useEmulator } from "../../../test/support/emulator";
import { category, createStore } from "../../../test/support/lake";
import { putAuditEvents } from "../../../test/support/cloudtrail-data";
import { evaluatePolicy, type PolicyRequest } from "cloudtrail-emulator/internals";

const A = "111111111111";
const B = "222222222222";
const B_KEY = { accessKeyId: "AKIDACCOUNTB", secretAccessKey: "secret-b" };

describe("emulator: channel resource policies, evaluated as IAM does (issue 23, reproduction 7)", () => {
  const t = useEmulator({
    credentials: {
      [TEST_CREDENTIALS.accessKeyId]: { secretAccessKey: TEST_CREDENTIALS.secretAccessKey, account: A },
      [B_KEY.accessKeyId]: { secretAccessKey: B_KEY.secretAccessKey, account: B, username: "bob" },
    },
  });

  /** A's channel to an ActivityAuditLog store, with `statements` as its resource policy. */
  async function channelWithPolicy(statements: Record<string, unknown>[]): Promise<string> {
    const ct = t.client();
    const store = await createStore(ct, "audit", {
      AdvancedEventSelectors: category("ActivityAuditLog"),
      TerminationProtectionEnabled: false,
    });
    const { ChannelArn } = await ct.send(
      new CreateChannelCommand({
        Name: "partner",
        Source: "Custom",
        Destinations: [{ Type: "EVENT_DATA_STORE", Location: store }],
      }),
    );
    await ct.send(
      new PutResourcePolicyCommand({
        ResourceArn: ChannelArn,
        ResourcePolicy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
      }),
    );
    return ChannelArn!;
  }

  const allow = (principal: unknown, action: unknown = "cloudtrail-data:PutAuditEvents") => ({
    Effect: "Allow",
    Principal: principal,
    Action: action,
  });

  /** What B's PutAuditEvents to the channel gets: the error type, or "ok". */
  async function putAsB(channelArn: string, credentials = B_KEY): Promise<string> {
    const answer = await putAuditEvents(
      t.emulator.url,
      { channelArn, auditEvents: [{ id: "one", eventData: JSON.stringify({ eventName: "Login" }) }] },
      { credentials },
    );
    return answer.errorType ?? (answer.body.successful?.length === 1 ? "ok" : JSON.stringify(answer.body));
  }

  it("a principal that merely contains B's account id does not name B", async () => {
    const role = await channelWithPolicy([allow({ AWS: `arn:aws:iam::999999999999:role/${B}-reader` })]);
    expect(await putAsB(role)).to.equal("ChannelInsufficientPermission");
    await t.admin.reset();
    const longer = await channelWithPolicy([allow({ AWS: `arn:aws:iam::3${B}:root` })]);
    expect(await putAsB(longer)).to.equal("ChannelInsufficientPermission");
  });

  it("an explicit Deny for B beside the Allow wins", async () => {
    const arn = await channelWithPolicy([
      allow({ AWS: `arn:aws:iam::${B}:root` }),
      { Effect: "Deny", Principal: { AWS: B }, Action: "cloudtrail-data:*" },
    ]);
    expect(await putAsB(arn)).to.equal("ChannelInsufficientPermission");
  });

  it("an Allow of another action only (cloudtrail:GetChannel) does not let B put events", async () => {
    const arn = await channelWithPolicy([allow({ AWS: `arn:aws:iam::${B}:root` }, "cloudtrail:GetChannel")]);
    expect(await putAsB(arn)).to.equal("ChannelInsufficientPermission");
  });

  it("B is let in by its account id, its root, its exact user ARN or a wildcard action", async () => {
    for (const [principal, action] of [
      [{ AWS: B }, "cloudtrail-data:PutAuditEvents"],
      [{ AWS: [`arn:aws:iam::${A}:root`, `arn:aws:iam::${B}:root`] }, "cloudtrail-data:Put*"],
      [{ AWS: `arn:aws:iam::${B}:user/bob` }, ["cloudtrail:GetChannel", "CloudTrail-Data:putauditevents"]],
      ["*", "*"],
    ] as const) {
      const arn = await channelWithPolicy([allow(principal, action)]);
      expect(await putAsB(arn), JSON.stringify(principal)).to.equal("ok");
      await t.admin.reset();
    }
    const other = await channelWithPolicy([allow({ AWS: `arn:aws:iam::${B}:user/alice` })]);
    expect(await putAsB(other)).to.equal("ChannelInsufficientPermission");
  });

  it("the external ID the policy includes (for a partner) is required of the owner too; no other condition of it", async () => {
    const arn = await channelWithPolicy([
      { ...allow({ AWS: B }), Condition: { StringEquals: { "cloudtrail:ExternalId": "ext-1" } } },
    ]);
    expect(await putAsB(arn, TEST_CREDENTIALS)).to.equal("ChannelInsufficientPermission");
    const withId = await putAuditEvents(
      t.emulator.url,
      { channelArn: arn, externalId: "ext-1", auditEvents: [{ id: "one", eventData: "{}" }] },
      { credentials: TEST_CREDENTIALS },
    );
    expect(withId.body.successful).to.have.length(1);
  });

  it("a Deny of the owner refuses the owner too", async () => {
    const arn = await channelWithPolicy([
      { Effect: "Deny", Principal: "*", Action: "cloudtrail-data:PutAuditEvents" },
    ]);
    expect(await putAsB(arn, TEST_CREDENTIALS)).to.equal("ChannelInsufficientPermission");
  });
});

describe("resource policy evaluation (AWS's documented logic for one resource-based policy)", () => {
  const request: PolicyRequest = {
    account: B,
    principalArn: `arn:aws:iam::${B}:user/bob`,
    action: "cloudtrail-data:PutAuditEvents",
    resource: `arn:aws:cloudtrail:us-east-1:${A}:channel/c1`,
    context: { "cloudtrail:ExternalId": "secret" },
  };
  const decide = (...statements: Record<string, unknown>[]) =>
    evaluatePolicy(JSON.stringify({ Statement: statements }), request);
  const base = { Principal: { AWS: B }, Action: "cloudtrail-data:PutAuditEvents" };

  it("no statement, or none that matches, is an implicit deny; a policy that is not JSON allows nothing", () => {
    expect(evaluatePolicy(undefined, request)).to.equal("ImplicitDeny");
    expect(evaluatePolicy("{not json", request)).to.equal("ImplicitDeny");
    expect(decide({ ...base, Effect: "Allow", Principal: { AWS: A } })).to.equal("ImplicitDeny");
  });

  it("an explicit deny wins over any allow, whatever their order", () => {
    expect(decide({ ...base, Effect: "Deny" }, { ...base, Effect: "Allow" })).to.equal("ExplicitDeny");
    expect(decide({ ...base, Effect: "Allow" }, { ...base, Effect: "Deny" })).to.equal("ExplicitDeny");
  });

  it("resources match with wildcards, case-sensitively; NotAction and NotResource invert", () => {
    expect(decide({ ...base, Effect: "Allow", Resource: `arn:aws:cloudtrail:*:${A}:channel/*` })).to.equal(
      "Allow",
    );
    expect(decide({ ...base, Effect: "Allow", Resource: `arn:aws:cloudtrail:*:${A}:CHANNEL/*` })).to.equal(
      "ImplicitDeny",
    );
    expect(
      decide({ Effect: "Allow", Principal: "*", NotAction: "cloudtrail:*", NotResource: "arn:aws:s3:::*" }),
    ).to.equal("Allow");
  });

  it("property: no principal but B's account id, B's root, B's exact ARN or * lets B in, however it spells B's id", () => {
    const digits = fc.stringMatching(/^\d{1,14}$/);
    const principal = fc.oneof(
      digits,
      digits.map((id) => `arn:aws:iam::${id}:root`),
      fc
        .tuple(digits, fc.stringMatching(/^[\w+=,.@-]{1,20}$/))
        .map(([id, name]) => `arn:aws:iam::${id}:role/${B}${name}`),
      fc
        .tuple(digits, fc.stringMatching(/^[\w+=,.@-]{1,20}$/))
        .map(([id, name]) => `arn:aws:iam::${id}:user/${name}`),
      fc.stringMatching(/^[\w:/*-]{0,40}$/).map((text) => `${text}${B}${text}`),
    );
    fc.assert(
      fc.property(fc.array(principal, { minLength: 1, maxLength: 4 }), (principals) => {
        const namesB = principals.some(
          (p) => p === B || p === `arn:aws:iam::${B}:root` || p === request.principalArn || p === "*",
        );
        const decision = decide({ ...base, Effect: "Allow", Principal: { AWS: principals } });
        expect(decision, JSON.stringify(principals)).to.equal(namesB ? "Allow" : "ImplicitDeny");
      }),
      { seed: 23, numRuns: 2000 },
    );
  });

  it("conditions: every key must match, values of a key are alternatives, IfExists and Null as IAM reads them", () => {
    const allowIf = (Condition: unknown) => decide({ ...base, Effect: "Allow", Condition });
    expect(allowIf({ StringEquals: { "CloudTrail:ExternalId": ["other", "secret"] } })).to.equal("Allow");
    expect(allowIf({ StringEquals: { "cloudtrail:ExternalId": "other" } })).to.equal("ImplicitDeny");
    expect(allowIf({ StringLike: { "cloudtrail:ExternalId": "se*" } })).to.equal("Allow");
    expect(allowIf({ StringNotEquals: { "aws:SourceIp": "10.0.0.1" } })).to.equal("Allow");
    expect(allowIf({ StringEquals: { "aws:SourceAccount": A } })).to.equal("ImplicitDeny");
    expect(allowIf({ StringEqualsIfExists: { "aws:SourceAccount": A } })).to.equal("Allow");
    expect(allowIf({ Null: { "aws:SourceAccount": "true" } })).to.equal("Allow");
    expect(
      allowIf({
        StringEquals: { "cloudtrail:ExternalId": "secret" },
        StringLike: { "cloudtrail:ExternalId": "x*" },
      }),
    ).to.equal("ImplicitDeny");
    expect(allowIf({ NumericMadeUp: { "cloudtrail:ExternalId": "secret" } })).to.equal("ImplicitDeny");
  });
});
