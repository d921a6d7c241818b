import { fail } from "../errors";

// The emulator's own statement of the naming rules (RULES.md NAME-*), kept apart from schema.json
// on purpose: the two implementations check each other.

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** NAME-1: why a trail name is invalid, or undefined when it is valid. */
export function trailNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 128) return "must be between 3 and 128 characters";
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return "may contain only ASCII letters, digits, '.', '_' and '-'";
  if (!/^[A-Za-z0-9]/.test(name) || !/[A-Za-z0-9]$/.test(name))
    return "must start and end with a letter or digit";
  if (/[._-]{2}/.test(name)) return "must not have adjacent periods, underscores or dashes";
  if (IPV4.test(name)) return "must not be in IP address format";
  return undefined;
}

export function checkTrailName(name: string): void {
  const problem = trailNameProblem(name);
  if (problem) fail("InvalidTrailNameException", `Trail name ${name} is invalid: it ${problem}. (NAME-1)`);
}

/** NAME-4: S3 bucket naming rules. */
export function checkBucketName(name: string): void {
  const ok =
    name.length >= 3 &&
    name.length <= 63 &&
    /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name) &&
    !/\.\./.test(name) &&
    !IPV4.test(name);
  if (!ok) fail("InvalidS3BucketNameException", `Bucket name ${name} is not valid. (NAME-4)`);
}

/** NAME-4: S3 key prefix length. */
export function checkKeyPrefix(prefix: string): void {
  if (prefix.length > 200) {
    fail(
      "InvalidS3PrefixException",
      `S3 key prefix is ${prefix.length} characters; the maximum is 200. (NAME-4)`,
    );
  }
}

const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const KMS_FORMS = [
  new RegExp(`^${UUID}$`),
  /^alias\/[A-Za-z0-9/_-]{1,250}$/,
  new RegExp(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/${UUID}$`),
  /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:alias\/[A-Za-z0-9/_-]{1,250}$/,
];

/** NAME-5: a KMS key is named by alias, alias ARN, key ARN or key UUID. */
export function checkKmsKeyId(keyId: string): void {
  if (!KMS_FORMS.some((re) => re.test(keyId))) {
    fail(
      "InvalidKmsKeyIdException",
      `KMS key ${keyId} is not valid: use alias/<name>, an alias ARN, a key ARN or a key ID. (NAME-5)`,
    );
  }
}

/** NAME-5: the form AWS reports a key in (an ARN), given the account and region of the request. */
export function kmsKeyArn(keyId: string, partition: string, region: string, account: string): string {
  if (keyId.startsWith("arn:")) return keyId;
  if (keyId.startsWith("alias/")) return `arn:${partition}:kms:${region}:${account}:${keyId}`;
  return `arn:${partition}:kms:${region}:${account}:key/${keyId}`;
}

export type Tag = { Key: string; Value?: string };

/** NAME-6: keys 1-128 chars and unique, values 0-256 chars, no reserved `aws:` prefix. */
export function checkTags(tags: Tag[]): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    if (tag.Key.length < 1 || tag.Key.length > 128) {
      fail("InvalidTagParameterException", `Tag key "${tag.Key}" must be 1 to 128 characters. (NAME-6)`);
    }
    if (tag.Key.toLowerCase().startsWith("aws:")) {
      fail("InvalidTagParameterException", `Tag key "${tag.Key}" uses the reserved prefix aws:. (NAME-6)`);
    }
    if ((tag.Value ?? "").length > 256) {
      fail(
        "InvalidTagParameterException",
        `The value of tag "${tag.Key}" is longer than 256 characters. (NAME-6)`,
      );
    }
    if (seen.has(tag.Key))
      fail("InvalidTagParameterException", `Tag key "${tag.Key}" is given twice. (NAME-6)`);
    seen.add(tag.Key);
  }
}

/** NAME-6: at most 50 tags on one resource. */
export function checkTagCount(count: number): void {
  if (count > 50) {
    fail("TagsLimitExceededException", `The resource would have ${count} tags; the limit is 50. (NAME-6)`);
  }
}
