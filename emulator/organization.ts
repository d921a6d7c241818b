import type { RequestContext } from "./context";
import { organizationId } from "./delivery/trail-delivery";
import { fail } from "./errors";
import { accountState, type EmulatorState, type Organization } from "./state";

// The organization CloudTrail sees (AWS Organizations itself is not emulated): the management
// account and the members, declared through the admin endpoint, and the CloudTrail delegated
// administrators the management account registers (ORG-2 to ORG-4). A delegated administrator
// manages organization trails and event data stores as the management account does, except for
// what only the management account may do (ORG-5, ORG-6).

/** AWS's limit on CloudTrail delegated administrators per organization (ORG-4). */
export const MAX_DELEGATED_ADMINS = 3;

/** The admin call's input: the management account, the members and, optionally, the organization's id. */
export type OrganizationInput = {
  managementAccount: string;
  memberAccounts?: string[];
  organizationId?: string;
};

const ACCOUNT = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/**
 * Validates the admin input into an Organization (an id derived from the management account when none
 * is given); throws an Error saying what is wrong.
 */
export function organizationFrom(input: Record<string, unknown>): Organization {
  const { managementAccount, memberAccounts = [] } = input;
  if (typeof managementAccount !== "string" || !ACCOUNT.test(managementAccount))
    throw new Error("managementAccount takes an account id of 12 digits");
  if (
    !Array.isArray(memberAccounts) ||
    memberAccounts.length > 1000 ||
    !memberAccounts.every((a) => typeof a === "string" && ACCOUNT.test(a))
  )
    throw new Error("memberAccounts takes a list of at most 1000 account ids of 12 digits");
  const declaredId = input.organizationId;
  if (declaredId !== undefined && !(typeof declaredId === "string" && ORGANIZATION_ID.test(declaredId)))
    throw new Error("organizationId takes o- and 10 to 32 lowercase letters or digits");
  const id = (declaredId as string | undefined) ?? organizationId(managementAccount);
  const members = [...new Set(memberAccounts as string[])].filter((a) => a !== managementAccount);
  return { id, managementAccount, memberAccounts: members };
}

/**
 * The delegated administrators, as the management account's state holds them: a register or
 * deregister changes that account only, so the router's per-account transaction covers it.
 */
export function delegatedAdmins(state: EmulatorState): string[] {
  const org = state.organization;
  if (!org) return [];
  const admins = state.accounts[org.managementAccount]?.delegatedAdmins ?? [];
  // An account the organization no longer has is no administrator of it.
  return admins.filter((a) => org.memberAccounts.includes(a));
}

/** The management account of an organization: the declared one, or one registered the older way (TRAIL-6). */
export function isManagementAccount(state: EmulatorState, account: string): boolean {
  return state.organization?.managementAccount === account || state.organizationAccounts.includes(account);
}

/** ORG-5: who may create and change organization trails and stores: the management account or a delegated administrator. */
export function administersOrganization(state: EmulatorState, account: string): boolean {
  return isManagementAccount(state, account) || delegatedAdmins(state).includes(account);
}

/**
 * TRAIL-6, ORG-5: an organization trail or store is made, changed or deleted by the management
 * account or a delegated administrator only.
 */
export function requireOrganizationAdmin(ctx: RequestContext, what: string): void {
  if (administersOrganization(ctx.state, ctx.account)) return;
  fail(
    "NotOrganizationMasterAccountException",
    `Account ${ctx.account} is neither the management account of an organization nor a CloudTrail delegated ` +
      `administrator of one, so it cannot ${what}. (TRAIL-6, ORG-5)`,
  );
}

/**
 * ORG-5: only the management account turns an account-level trail or store into an organization one
 * or back: a delegated administrator may not, since organization resources live in the management account.
 */
export function requireManagementToConvert(ctx: RequestContext, what: string): void {
  if (isManagementAccount(ctx.state, ctx.account)) return;
  requireOrganizationAdmin(ctx, what);
  fail(
    "NotOrganizationMasterAccountException",
    `Account ${ctx.account} is a delegated administrator; only the organization's management account can ${what}. (ORG-5)`,
  );
}

/**
 * ORG-6: Insights on an organization event data store, and copying trail events into one, are the
 * management account's. `code`: the error the operation answers with (StartImport has no
 * NotOrganizationMasterAccountException; OperationNotPermittedException is a guess).
 */
export function requireManagementForOrganizationStore(
  ctx: RequestContext,
  storeName: string,
  what: string,
  code = "NotOrganizationMasterAccountException",
): void {
  if (isManagementAccount(ctx.state, ctx.account)) return;
  fail(
    code,
    `Event data store ${storeName} is an organization event data store: only the organization's management ` +
      `account can ${what}. (ORG-6)`,
  );
}

/** ORG-2: the caller must be the management account of the declared organization. */
function managedOrganization(ctx: RequestContext, operation: string): Organization {
  const org = ctx.state.organization;
  if (org?.managementAccount === ctx.account) return org;
  if (org?.memberAccounts.includes(ctx.account) || ctx.state.organizationAccounts.includes(ctx.account)) {
    fail(
      "NotOrganizationManagementAccountException",
      `Account ${ctx.account} is not the management account of the organization; only the management account ` +
        `can call ${operation}. (ORG-2)`,
    );
  }
  fail(
    "OrganizationsNotInUseException",
    `Account ${ctx.account} is not a member of an organization. (ORG-2)`,
  );
}

/** ORG-1: an account id is 12 to 16 digits, as the API's model says. */
function checkAccountId(account: string, member: string): void {
  if (!/^\d{12,16}$/.test(account))
    fail("InvalidParameterException", `${member} ${JSON.stringify(account)} is not an account id. (ORG-1)`);
}

/** ORG-3: the account must be a member of the organization. */
function requireMember(org: Organization, account: string): void {
  if (!org.memberAccounts.includes(account))
    fail(
      "AccountNotFoundException",
      `Account ${account} is not found or is not a member of organization ${org.id}. (ORG-3)`,
    );
}

export function registerOrganizationDelegatedAdmin(
  ctx: RequestContext,
  p: { MemberAccountId: string },
): Record<string, unknown> {
  const org = managedOrganization(ctx, "RegisterOrganizationDelegatedAdmin");
  checkAccountId(p.MemberAccountId, "MemberAccountId");
  if (p.MemberAccountId === org.managementAccount)
    fail(
      "CannotDelegateManagementAccountException",
      `Account ${p.MemberAccountId} is the organization's management account, which cannot be its own delegated ` +
        `administrator. (ORG-3)`,
    );
  requireMember(org, p.MemberAccountId);
  const admins = delegatedAdmins(ctx.state);
  if (admins.includes(p.MemberAccountId))
    fail(
      "AccountRegisteredException",
      `Account ${p.MemberAccountId} is already registered as a CloudTrail delegated administrator. (ORG-4)`,
    );
  if (admins.length >= MAX_DELEGATED_ADMINS)
    fail(
      "DelegatedAdminAccountLimitExceededException",
      `Organization ${org.id} has ${admins.length} CloudTrail delegated administrators, the most it can have ` +
        `(${MAX_DELEGATED_ADMINS}); deregister one first. (ORG-4)`,
    );
  accountState(ctx.state, ctx.account).delegatedAdmins = [...admins, p.MemberAccountId];
  return {};
}

export function deregisterOrganizationDelegatedAdmin(
  ctx: RequestContext,
  p: { DelegatedAdminAccountId: string },
): Record<string, unknown> {
  const org = managedOrganization(ctx, "DeregisterOrganizationDelegatedAdmin");
  checkAccountId(p.DelegatedAdminAccountId, "DelegatedAdminAccountId");
  requireMember(org, p.DelegatedAdminAccountId);
  const admins = delegatedAdmins(ctx.state);
  if (!admins.includes(p.DelegatedAdminAccountId))
    fail(
      "AccountNotRegisteredException",
      `Account ${p.DelegatedAdminAccountId} is not registered as a CloudTrail delegated administrator. (ORG-4)`,
    );
  // The organization trails and stores it made stay (AWS keeps them in the management account).
  accountState(ctx.state, ctx.account).delegatedAdmins = admins.filter(
    (a) => a !== p.DelegatedAdminAccountId,
  );
  return {};
}
