import * as path from "node:path";
import {
  DeregisterOrganizationDelegatedAdminCommand,
  RegisterOrganizationDelegatedAdminCommand,
} from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import type { OrganizationDelegatedAdminArgs } from "../../sdk";
import { expectNoChanges } from "../harness/expect";
import { HarnessStack } from "../harness/stack";
import { TEST_CREDENTIALS, useEmulator } from "../support/emulator";
import { expectFaultOutcome, expectRefreshShowsNoChange, type FaultKind } from "./support";

const PROGRAM = path.join(__dirname, "..", "harness", "programs", "organization-delegated-admin.js");
const MANAGEMENT = "123456789012";
const [A, B] = ["111111111111", "222222222222"];
const MEMBER_KEY = { accessKeyId: "AKIDMEMBER", secretAccessKey: "member-secret" };

describe("OrganizationDelegatedAdmin (through the harness)", function () {
  this.timeout(180_000);
  const t = useEmulator({ organization: { managementAccount: MANAGEMENT, memberAccounts: [A, B] } });

  /** A stack of delegated administrators, signed as the management account unless `credentials` says otherwise. */
  function adminStack(credentials = TEST_CREDENTIALS) {
    const stack = new HarnessStack({
      stack: "org",
      program: PROGRAM,
      env: {
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      },
      config: {
        "aws:region": "us-east-1",
        "cloudtrail:endpoint": t.emulator.url,
        "cloudtrail:maxAttempts": "3",
      },
    });
    return {
      stack,
      set: (spec: Record<string, OrganizationDelegatedAdminArgs>) => stack.setSpec(spec),
      /** CloudTrail operations served since the last call. */
      calls: async () => {
        const log = await t.admin.log();
        await t.admin.clearLog();
        return log.map((e) => e.operation);
      },
    };
  }

  /** The delegated administrators the emulator's organization has. */
  const registered = async () =>
    (await t.admin.organization({ managementAccount: MANAGEMENT, memberAccounts: [A, B] })).delegatedAdmins;
  const outputsOf = (stack: HarnessStack, name: string) =>
    stack.state().resources.find((r) => r.name === name)?.outputs;

  it("registers, no-op up, replaces on a new account, refresh finds an out-of-band deregistration, up restores it, destroy deregisters", async () => {
    const s = adminStack();
    s.set({ security: { memberAccountId: A } });
    await s.calls();
    const created = await s.stack.up();
    expect(created.ok, created.summary).to.equal(true);
    expect(await s.calls()).to.deep.equal(["RegisterOrganizationDelegatedAdmin"]);
    expect(await registered()).to.deep.equal([A]);
    expect(outputsOf(s.stack, "security")).to.include({
      memberAccountId: A,
      servicePrincipal: "cloudtrail.amazonaws.com",
    });
    expect(outputsOf(s.stack, "security")).not.to.have.property("adopted");

    expectNoChanges(await s.stack.up());
    expect(await s.calls()).to.deep.equal([]);
    expectRefreshShowsNoChange(await s.stack.refresh());
    expect(await s.calls()).to.deep.equal(["LookupEvents"]);

    s.set({ security: { memberAccountId: B } });
    const replaced = await s.stack.up();
    expect(replaced.ok, replaced.summary).to.equal(true);
    expect(replaced.steps.find((x) => x.name === "security")).to.include({ op: "replace" });
    expect(await s.calls()).to.deep.equal([
      "RegisterOrganizationDelegatedAdmin",
      "DeregisterOrganizationDelegatedAdmin",
    ]);
    expect(await registered()).to.deep.equal([B]);

    await t.client().send(new DeregisterOrganizationDelegatedAdminCommand({ DelegatedAdminAccountId: B }));
    const refreshed = await s.stack.refresh();
    expect(refreshed.ok, refreshed.summary).to.equal(true);
    expect(refreshed.steps.filter((x) => x.op === "gone").map((x) => x.name)).to.deep.equal(["security"]);
    const restored = await s.stack.up();
    expect(restored.ok, restored.summary).to.equal(true);
    expect(await registered()).to.deep.equal([B]);
    await s.calls();
    // Registered again after the deregistration: refresh sees it live.
    expectRefreshShowsNoChange(await s.stack.refresh());

    await s.calls();
    const destroyed = await s.stack.destroy();
    expect(destroyed.ok, destroyed.summary).to.equal(true);
    expect(await s.calls()).to.deep.equal(["DeregisterOrganizationDelegatedAdmin"]);
    expect(await registered()).to.deep.equal([]);
  });

  it("takes over an account registered already (adopted), and destroy deregisters it", async () => {
    await t.client().send(new RegisterOrganizationDelegatedAdminCommand({ MemberAccountId: A }));
    const s = adminStack();
    s.set({ security: { memberAccountId: A } });
    const up = await s.stack.up();
    expect(up.ok, up.summary).to.equal(true);
    expect(outputsOf(s.stack, "security")).to.include({ adopted: true, memberAccountId: A });
    const destroyed = await s.stack.destroy();
    expect(destroyed.ok, destroyed.summary).to.equal(true);
    expect(await registered()).to.deep.equal([]);
  });

  it("ORG-1 an id that is not 12 digits fails at check with the property path and rule, before any CloudTrail call", async () => {
    const s = adminStack();
    s.set({ security: { memberAccountId: "11111111111" } });
    await s.calls();
    const preview = await s.stack.preview();
    expect(preview.ok).to.equal(false);
    expect(preview.failure!.checkFailures).to.deep.equal([
      {
        property: "memberAccountId",
        reason: 'memberAccountId is an AWS account id of 12 digits (ORG-1); got "11111111111"',
      },
    ]);
    expect(await s.calls()).to.deep.equal([]);
  });

  it("ORG-2 from a member account's credentials: AWS's refusal in plain words, nothing registered, nothing in state", async () => {
    await t.admin.addCredential({ ...MEMBER_KEY, account: B });
    const s = adminStack(MEMBER_KEY);
    s.set({ security: { memberAccountId: A } });
    const up = await s.stack.up();
    expect(up.ok).to.equal(false);
    expect(up.failure!.message)
      .to.contain("only the organization's management account can register")
      .and.contain("ORG-2")
      .and.contain("NotOrganizationManagementAccountException");
    expect(s.stack.state().resources.filter((r) => r.custom)).to.deep.equal([]);
    expect(await registered()).to.deep.equal([]);
  });

  const KINDS: FaultKind[] = ["throttle", "internal", "reset"];
  for (const kind of KINDS) {
    it(`faults (${kind}) at Register, LookupEvents and Deregister: each run fails or retries as a user sees it, the next converges`, async () => {
      const s = adminStack();
      s.set({ security: { memberAccountId: A } });
      // A throttle is retried away (one faulty call); a 500 or a reset exhausts the 3 attempts.
      const count = kind === "throttle" ? 1 : 3;
      const faulted = async (operation: string, run: () => ReturnType<HarnessStack["up"]>) => {
        await t.admin.fault({ operation, kind, count });
        expectFaultOutcome(await run(), operation, kind);
        await t.admin.clearFaults();
      };

      // After a throttle the faulted run itself converged: the clean run that follows a failure is not needed.
      const converge = async (run: () => ReturnType<HarnessStack["up"]>) => {
        if (kind === "throttle") return;
        const result = await run();
        expect(result.ok, result.summary).to.equal(true);
        return result;
      };

      await faulted("RegisterOrganizationDelegatedAdmin", () => s.stack.up());
      await converge(() => s.stack.up());
      expect(await registered()).to.deep.equal([A]);

      await faulted("LookupEvents", () => s.stack.refresh());
      const refreshed = await converge(() => s.stack.refresh());
      if (refreshed) expectRefreshShowsNoChange(refreshed);

      await faulted("DeregisterOrganizationDelegatedAdmin", () => s.stack.destroy());
      await converge(() => s.stack.destroy());
      expect(await registered()).to.deep.equal([]);
      expect(s.stack.state().resources.filter((r) => r.custom)).to.deep.equal([]);
    });
  }
});
