import {
  DeregisterOrganizationDelegatedAdminCommand,
  RegisterOrganizationDelegatedAdminCommand,
  paginateLookupEvents,
  type Event,
} from "@aws-sdk/client-cloudtrail";
import type * as pulumi from "@pulumi/pulumi";
import { describeError, errorName } from "./aws";
import { cloudTrail, configureFromStack } from "./config";
import { defined, type ComputedOutputs } from "./props";
import { changedInputs, inputsCheck, replacingInputs, type ReplacedBy } from "./resource";
import type { OrganizationDelegatedAdminInputs } from "../sdk/inputs";
import type { OrganizationDelegatedAdmin } from "../sdk/organization-delegated-admin";

/** A delegated administrator's state: its input and what the registration adds (sdk/organization-delegated-admin.ts). */
export interface OrganizationDelegatedAdminState
  extends
    OrganizationDelegatedAdminInputs,
    ComputedOutputs<OrganizationDelegatedAdmin, OrganizationDelegatedAdminInputs> {
  servicePrincipal: string;
}

/** Every input: each replaces the resource (`replacedBy`). */
const INPUTS: (keyof OrganizationDelegatedAdminInputs)[] = ["memberAccountId"];

/** Another account is another registration: the member account replaces the resource. */
export const replacedBy: ReplacedBy = { memberAccountId: "" };
// A delegated administrator's lifecycle: RegisterOrganizationDelegatedAdmin from the organization's
// management account; DeregisterOrganizationDelegatedAdmin at delete. The id is the member account.
// CloudTrail has no call that reads the registration (AWS Organizations' ListDelegatedAdministrators
// does, with another client and other permissions), so refresh reads CloudTrail's own record of its
// calls: LookupEvents for a Deregister of the account since it was registered (see `stillRegistered`).

/** The service principal a CloudTrail delegated administrator is registered for in AWS Organizations. */
export const SERVICE_PRINCIPAL = "cloudtrail.amazonaws.com";
const REGISTER = "RegisterOrganizationDelegatedAdmin";
const DEREGISTER = "DeregisterOrganizationDelegatedAdmin";
/** How far before `registeredAt` refresh looks: the provider's clock and AWS's may differ a little. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The OrganizationDelegatedAdmin resource's dynamic provider (see sdk/organization-delegated-admin.ts). */
export const organizationDelegatedAdminProvider: pulumi.dynamic.ResourceProvider = {
  configure: configureFromStack,

  check: inputsCheck("OrganizationDelegatedAdmin"),

  async diff(_id: string, olds: OrganizationDelegatedAdminState, news: OrganizationDelegatedAdminInputs) {
    const replaces = replacingInputs(replacedBy, changedInputs(olds, news, INPUTS));
    return { changes: replaces.length > 0, replaces };
  },

  async create(inputs: OrganizationDelegatedAdminInputs) {
    const account = inputs.memberAccountId;
    const adopted = await register(account);
    return { id: account, outs: outputs(account, new Date().toISOString(), adopted) };
  },

  async read(id: string, props: OrganizationDelegatedAdminState) {
    const since = typeof props.registeredAt === "string" ? new Date(props.registeredAt) : undefined;
    if (!(await stillRegistered(id, since))) return { id: "", props: {} };
    return { id, props: { ...props, ...outputs(id, props.registeredAt, props.adopted) } };
  },

  async delete(id: string) {
    try {
      await cloudTrail().send(
        new DeregisterOrganizationDelegatedAdminCommand({ DelegatedAdminAccountId: id }),
      );
    } catch (err) {
      // Not registered, or no longer in the organization: either way it is no delegated administrator.
      const name = errorName(err);
      if (name === "AccountNotRegisteredException" || name === "AccountNotFoundException") return;
      throw plainError(`${DEREGISTER} of account ${id}`, id, err);
    }
  },
};

/**
 * RegisterOrganizationDelegatedAdmin. An account registered already (by another program, or by an
 * attempt of this one whose answer was lost) is taken over: true. There is nothing to bring to a
 * declared state, so taking it over is the registration's idempotent form, and a faulted create
 * converges on the next up.
 */
async function register(account: string): Promise<boolean> {
  try {
    await cloudTrail().send(new RegisterOrganizationDelegatedAdminCommand({ MemberAccountId: account }));
    return false;
  } catch (err) {
    if (errorName(err) === "AccountRegisteredException") return true;
    throw plainError(`${REGISTER} of account ${account}`, account, err);
  }
}

/**
 * Whether the account is still a delegated administrator, by CloudTrail's event history of this
 * region (LookupEvents, 90 days): gone when a successful Deregister of it came after `since` and no
 * Register after that. A deregistration made in another region, or through AWS Organizations, is
 * not in this history: refresh cannot see it.
 */
async function stillRegistered(account: string, since: Date | undefined): Promise<boolean> {
  const start = since && new Date(since.getTime() - CLOCK_SKEW_MS);
  const deregistered = await latestCall(DEREGISTER, account, start);
  if (!deregistered) return true;
  const registered = await latestCall(REGISTER, account, deregistered);
  // A call of the same second as the Deregister counts as before it: a refresh that drops a live
  // registration is mended by the next up (register takes it over), a missed deregistration is not.
  return registered !== undefined && registered.getTime() > deregistered.getTime();
}

/** The time of the latest successful call of `eventName` about `account` since `start`, newest first. */
async function latestCall(
  eventName: string,
  account: string,
  start: Date | undefined,
): Promise<Date | undefined> {
  try {
    const pages = paginateLookupEvents(
      { client: cloudTrail() },
      { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: eventName }], StartTime: start },
    );
    for await (const page of pages) {
      const found = (page.Events ?? []).find((e) => isSuccessfulCallAbout(e, account));
      if (found?.EventTime) return found.EventTime;
    }
    return undefined;
  } catch (err) {
    throw describeError(`LookupEvents (looking for ${eventName} of account ${account})`, err);
  }
}

/** A recorded call without an error whose request names the account (either member name; any case of its keys). */
function isSuccessfulCallAbout(event: Event, account: string): boolean {
  let record: { errorCode?: string; requestParameters?: Record<string, unknown> | null };
  try {
    record = JSON.parse(event.CloudTrailEvent ?? "{}") as typeof record;
  } catch {
    return false;
  }
  if (record.errorCode) return false;
  return Object.entries(record.requestParameters ?? {}).some(
    ([key, value]) => /^(memberaccountid|delegatedadminaccountid)$/i.test(key) && value === account,
  );
}

/** What the errors a registration can meet mean for the person running the stack, with the rule id. */
const PLAIN: Record<string, (account: string) => string> = {
  NotOrganizationManagementAccountException: () =>
    "the stack's credentials are of a member account, and only the organization's management account can " +
    "register or deregister a CloudTrail delegated administrator (ORG-2); run this stack with the management " +
    "account's credentials",
  OrganizationsNotInUseException: () =>
    "the stack's credentials are of an account that is in no organization (ORG-2); run this stack with the " +
    "organization's management account",
  AccountNotFoundException: (account) =>
    `account ${account} is not a member of the organization (ORG-3); invite it in AWS Organizations first, or ` +
    "check the id",
  CannotDelegateManagementAccountException: (account) =>
    `account ${account} is the organization's management account, which is never its own delegated ` +
    "administrator (ORG-3); name a member account",
  DelegatedAdminAccountLimitExceededException: () =>
    "the organization has 3 CloudTrail delegated administrators already, the most AWS allows (ORG-4); " +
    "remove one first (a replacement registers the new account before it deregisters the old one)",
  CloudTrailAccessNotEnabledException: () =>
    "trusted access between CloudTrail and AWS Organizations is not enabled; enable it in AWS Organizations " +
    `(service principal ${SERVICE_PRINCIPAL}) and run again`,
};

/** AWS's error, in plain words where there are some for it, with AWS's own after them. */
function plainError(action: string, account: string, err: unknown): Error {
  const name = errorName(err);
  const plain = name && Object.hasOwn(PLAIN, name) ? PLAIN[name](account) : undefined;
  const aws = describeError(action, err);
  return plain ? new Error(`${action}: ${plain} (AWS: ${aws.message.slice(action.length + 2)})`) : aws;
}

function outputs(
  account: string,
  registeredAt: string | undefined,
  adopted: boolean | undefined,
): OrganizationDelegatedAdminState {
  return defined({
    memberAccountId: account,
    servicePrincipal: SERVICE_PRINCIPAL,
    registeredAt,
    adopted: adopted === true ? true : undefined,
  });
}
