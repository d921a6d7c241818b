// What trail delivery keeps in the emulator's state: a leaf module, so the state's types
// (emulator/state.ts) name these without importing the delivery code that works on the state.

/**
 * A key pair digest files are signed with. CloudTrail keeps one pair per region at a time
 * (ListPublicKeys' documentation); the AWS CLI's `list-public-keys` example shows a validity of
 * 30 days, so keys rotate every 30 days of the emulated clock. Times are epoch ms.
 */
export type SigningKey = {
  /** MD5 of the public key's PKCS#1 DER, hex: 32 digits as in AWS's digest files (the input is a guess). */
  fingerprint: string;
  /** The public key, PKCS#1 DER, base64: ListPublicKeys' Value as AWS documents it. */
  publicKey: string;
  /** The private key, PKCS#8 PEM. */
  privateKey: string;
  validFrom: number;
  validTo: number;
};

/** A log file delivered and not yet listed in a digest: a digest's logFiles entry, and when it was delivered. */
export type DeliveredLog = {
  s3Bucket: string;
  s3Object: string;
  hashValue: string;
  oldestEventTime: string;
  newestEventTime: string;
  deliveredAt: number;
};

/** Where one region's delivery of a trail stands. Times are epoch ms. */
export type RegionCursor = {
  /** Events before this time have been delivered (or were not selected). */
  logsUntil: number;
  /** End of the last digest; absent while log file validation is off (the chain starts again when it is on). */
  digestUntil?: number;
  /** The last digest delivered: what the next one chains to. */
  previous?: { bucket: string; key: string; hashValue: string; signature: string };
  /** Log files delivered since the last digest (only while validation is on). */
  pending: DeliveredLog[];
};

/** A trail's delivery: a cursor per region it logs, and what GetTrailStatus reports. */
export type TrailDelivery = {
  regions: Record<string, RegionCursor>;
  latestDeliveryTime?: number;
  latestDeliveryAttemptTime?: number;
  latestDeliveryAttemptSucceeded?: boolean;
  latestDeliveryError?: string;
  latestDigestDeliveryTime?: number;
  latestDigestDeliveryError?: string;
};
