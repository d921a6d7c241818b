import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { CallerDetails, RequestContext } from "./context";

/** CloudTrail records user agents of at most this many characters; longer ones are cut (memory stays bounded). */
const USER_AGENT_MAX = 1024;

/** The caller's address and user agent from the request, with the request id the emulator answers with. */
export function callerDetails(req: IncomingMessage, requestId: string): CallerDetails {
  const address = req.socket.remoteAddress ?? "";
  const agent = req.headers["user-agent"];
  return {
    // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; CloudTrail shows a.b.c.d.
    sourceIPAddress: address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, ""),
    userAgent: (Array.isArray(agent) ? agent.join(" ") : (agent ?? "")).slice(0, USER_AGENT_MAX),
    requestId,
  };
}

/** An IAM unique id (AIDA..., AROA...) that stays the same for the same name in the same account. */
function uniqueId(prefix: string, account: string, name: string): string {
  const digest = createHash("sha256").update(`${account}/${name}`).digest();
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return prefix + Array.from(digest.subarray(0, 17), (b) => alphabet[b % 32]).join("");
}

/**
 * The `userIdentity` CloudTrail records for the signing key: temporary keys (`ASIA...`, as STS
 * issues) belong to a session of an assumed role named after the key's user name; any other key
 * is an IAM user's. The user name is the one registered with the key, else `emulator-user`.
 */
export function userIdentity(ctx: RequestContext): Record<string, unknown> {
  if (ctx.accessKeyId.startsWith("ASIA")) {
    const roleId = uniqueId("AROA", ctx.account, ctx.username);
    const session = ctx.accessKeyId;
    return {
      type: "AssumedRole",
      principalId: `${roleId}:${session}`,
      arn: `arn:${ctx.partition}:sts::${ctx.account}:assumed-role/${ctx.username}/${session}`,
      accountId: ctx.account,
      accessKeyId: ctx.accessKeyId,
      sessionContext: {
        sessionIssuer: {
          type: "Role",
          principalId: roleId,
          arn: `arn:${ctx.partition}:iam::${ctx.account}:role/${ctx.username}`,
          accountId: ctx.account,
          userName: ctx.username,
        },
        attributes: { mfaAuthenticated: "false" },
      },
    };
  }
  return {
    type: "IAMUser",
    principalId: uniqueId("AIDA", ctx.account, ctx.username),
    arn: `arn:${ctx.partition}:iam::${ctx.account}:user/${ctx.username}`,
    accountId: ctx.account,
    accessKeyId: ctx.accessKeyId,
    userName: ctx.username,
  };
}
