import { createHash, createPublicKey, verify, type KeyObject } from "node:crypto";

// CloudTrail's digest files as the user guide documents them ("CloudTrail digest file
// structure", "Custom implementations of CloudTrail log file integrity validation"): pure
// functions, no I/O, so that each step of validateLogs can be tested on its own.

/** A digest file's fields that validation reads (the file has more: see the user guide). */
export interface DigestFile {
  /** The account the digest is for. @default absent in older digests */
  awsAccountId?: string;
  /** ISO time the digest's hour starts. */
  digestStartTime: string;
  /** ISO time the digest's hour ends: the first line of the data signing string. */
  digestEndTime: string;
  /** The bucket CloudTrail delivered the digest to. */
  digestS3Bucket: string;
  /** The key CloudTrail delivered the digest to. */
  digestS3Object: string;
  /** Hex fingerprint of the public key that verifies the signature (ListPublicKeys' Fingerprint). */
  digestPublicKeyFingerprint: string;
  /** `SHA256withRSA`. @default SHA256withRSA */
  digestSignatureAlgorithm?: string;
  /** The previous digest's bucket; null where a chain starts. */
  previousDigestS3Bucket: string | null;
  /** The previous digest's key; null where a chain starts. */
  previousDigestS3Object: string | null;
  /** The previous digest's hex signature; null where a chain starts (signed as "null"). */
  previousDigestSignature: string | null;
  /** The log files delivered in the digest's hour. */
  logFiles: DigestLogFile[];
}

/** One log file a digest lists: where it is and the SHA-256 of its uncompressed content. */
export interface DigestLogFile {
  /** The log file's bucket. */
  s3Bucket: string;
  /** The log file's key. */
  s3Object: string;
  /** Hex SHA-256 of the uncompressed log file. */
  hashValue: string;
  /** `SHA-256`. @default SHA-256 */
  hashAlgorithm?: string;
}

/** The fields without which a digest cannot be checked (the AWS CLI requires the same). */
const REQUIRED = [
  "digestPublicKeyFingerprint",
  "digestS3Bucket",
  "digestS3Object",
  "previousDigestSignature",
  "digestEndTime",
  "digestStartTime",
] as const;

/** Parses a digest's uncompressed JSON; undefined when it is not a digest (bad JSON, a field missing). */
export function parseDigest(json: Buffer): DigestFile | undefined {
  let data: unknown;
  try {
    data = JSON.parse(json.toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return undefined;
  const digest = data as Record<string, unknown>;
  if (REQUIRED.some((field) => !(field in digest))) return undefined;
  if (!Array.isArray(digest.logFiles)) digest.logFiles = [];
  return digest as unknown as DigestFile;
}

/**
 * The data signing string CloudTrail signs for a digest: its end time, `bucket/key`, the hex
 * SHA-256 of its uncompressed content and the previous digest's hex signature (`null` for the
 * first digest of a chain), joined by newlines.
 */
export function digestSigningString(digest: DigestFile, uncompressed: Buffer): string {
  return [
    digest.digestEndTime,
    `${digest.digestS3Bucket}/${digest.digestS3Object}`,
    createHash("sha256").update(uncompressed).digest("hex"),
    digest.previousDigestSignature ?? "null",
  ].join("\n");
}

/**
 * A public key as ListPublicKeys gives it: DER, PKCS#1 (the SDK's documentation). Keys that
 * arrive as base64 text of the DER, or as SubjectPublicKeyInfo, are read too: the AWS CLI
 * base64-decodes the value once more, so both shapes are in use.
 */
export function publicKeyFromListing(value: Uint8Array): KeyObject {
  let der = Buffer.from(value);
  // DER starts with a SEQUENCE tag (0x30); anything else is taken as base64 text.
  if (der[0] !== 0x30) der = Buffer.from(der.toString("latin1"), "base64");
  try {
    return createPublicKey({ key: der, format: "der", type: "pkcs1" });
  } catch {
    return createPublicKey({ key: der, format: "der", type: "spki" });
  }
}

/** SHA256withRSA (RSASSA-PKCS1-v1_5 over SHA-256) of the signing string, against a hex signature. */
export function verifyDigestSignature(
  digest: DigestFile,
  uncompressed: Buffer,
  signatureHex: string,
  key: KeyObject,
): boolean {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(signatureHex)) return false;
  return verify(
    "sha256",
    Buffer.from(digestSigningString(digest, uncompressed)),
    key,
    Buffer.from(signatureHex, "hex"),
  );
}

/** Where a trail's digests for one region are: the folder above the dated folders. */
export function digestFolder(place: {
  prefix?: string;
  organizationId?: string;
  accountId: string;
  region: string;
}): string {
  const org = place.organizationId ? `${place.organizationId}/` : "";
  const prefix = place.prefix ? `${place.prefix.replace(/\/+$/, "")}/` : "";
  return `${prefix}AWSLogs/${org}${place.accountId}/CloudTrail-Digest/${place.region}/`;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Keys of one trail's digests under {@link digestFolder}, capturing the end time stamp
 * (`yyyyMMddTHHmmssZ`). Backfill digests (`_backfill` before `.json.gz`) are not in the chain.
 */
export function digestKeyPattern(
  folder: string,
  accountId: string,
  region: string,
  trailName: string,
  homeRegion: string,
): RegExp {
  return new RegExp(
    `^${escape(folder)}\\d{4}/\\d{2}/\\d{2}/${escape(`${accountId}_CloudTrail-Digest_${region}_${trailName}_${homeRegion}_`)}(\\d{8}T\\d{6}Z)\\.json\\.gz$`,
  );
}

/** `yyyyMMddTHHmmssZ`, the stamp digest keys end with, for a time. */
export function keyStamp(time: Date): string {
  return time
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

/** The time of a `yyyyMMddTHHmmssZ` stamp. */
export function stampTime(stamp: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp)!;
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}
