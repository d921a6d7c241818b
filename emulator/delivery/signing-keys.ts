import { createHash, createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import { fail } from "../errors";
import { pageToken, readPageToken, type RequestContext } from "../context";
import type { EmulatorState } from "../state";
import type { SigningKey } from "./records";

export const KEY_VALIDITY_MS = 30 * 24 * 3600 * 1000;
/** Keys kept per region (ten years of rotations): older ones are dropped, so state stays bounded. */
const MAX_KEYS_PER_REGION = 122;

/** The key valid at `atMs` in `region`, generated when the region has none for that period. */
export function signingKey(state: EmulatorState, region: string, atMs: number): SigningKey {
  const keys = (state.signingKeys[region] ??= []);
  const found = keys.find((k) => k.validFrom <= atMs && atMs < k.validTo);
  if (found) return found;
  const validFrom = Math.floor(atMs / KEY_VALIDITY_MS) * KEY_VALIDITY_MS;
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const der = pair.publicKey.export({ type: "pkcs1", format: "der" });
  const key: SigningKey = {
    fingerprint: createHash("md5").update(der).digest("hex"),
    publicKey: der.toString("base64"),
    privateKey: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    validFrom,
    validTo: validFrom + KEY_VALIDITY_MS,
  };
  keys.push(key);
  keys.sort((a, b) => a.validFrom - b.validFrom);
  if (keys.length > MAX_KEYS_PER_REGION) keys.splice(0, keys.length - MAX_KEYS_PER_REGION);
  return key;
}

/** SHA256withRSA (RSASSA-PKCS1-v1_5 over SHA-256), hex: the digest file's `signature` metadata. */
export function signHex(key: SigningKey, data: string): string {
  return sign("sha256", Buffer.from(data, "utf8"), createPrivateKey(key.privateKey)).toString("hex");
}

const toMs = (t: number | string | undefined): number | undefined =>
  t === undefined ? undefined : typeof t === "number" ? t * 1000 : Date.parse(t);

/**
 * ListPublicKeys: the keys of the request's region whose validity overlaps StartTime..EndTime
 * (each defaults to now; without StartTime the current key, made when the region has none yet),
 * oldest first, paged by the emulator's page size.
 */
export function listPublicKeys(
  ctx: RequestContext,
  p: { StartTime?: number; EndTime?: number; NextToken?: string },
): Record<string, unknown> {
  const now = ctx.now.getTime();
  const start = toMs(p.StartTime) ?? now;
  const end = toMs(p.EndTime) ?? now;
  if (!(start <= end)) fail("InvalidTimeRangeException", "StartTime must not be after EndTime.");
  if (start <= now && now <= end) signingKey(ctx.state, ctx.region, now);
  const keys = (ctx.state.signingKeys[ctx.region] ?? []).filter(
    (k) => k.validFrom <= end && k.validTo > start,
  );
  const bound = `ListPublicKeys:${start}:${end}`;
  const offset = readPageToken(p.NextToken, bound);
  if (offset === undefined) fail("InvalidTokenException", "The NextToken is not valid for this request.");
  const page = keys.slice(offset, offset + ctx.pageSize);
  return {
    PublicKeyList: page.map((k) => ({
      Value: k.publicKey,
      ValidityStartTime: k.validFrom / 1000,
      ValidityEndTime: k.validTo / 1000,
      Fingerprint: k.fingerprint,
    })),
    NextToken: offset + ctx.pageSize < keys.length ? pageToken(offset + ctx.pageSize, bound) : undefined,
  };
}
