import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { expect } from "chai";
import {
  digestFolder,
  digestKeyPattern,
  digestSigningString,
  parseDigest,
  publicKeyFromListing,
  verifyDigestSignature,
  type DigestFile,
} from "../../sdk/digest-files";

// The digest format's pure parts, against fixtures signed here with a key pair of the test's own,
// by the user guide's words: SHA256withRSA over "end time \n bucket/key \n hex SHA-256 of the
// uncompressed digest \n previous signature (or null)", the signature hex in the object metadata.

const KEY =
  "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_audit_us-east-2_20150817T150131Z.json.gz";

// Two key pairs for the whole file: RSA key generation is slow.
const PAIRS = [0, 1].map(() => generateKeyPairSync("rsa", { modulusLength: 2048 }));

function fixture(previousSignature: string | null, pair = 0) {
  const { publicKey, privateKey } = PAIRS[pair];
  const digest: DigestFile = {
    awsAccountId: "111122223333",
    digestStartTime: "2015-08-17T14:01:31Z",
    digestEndTime: "2015-08-17T15:01:31Z",
    digestS3Bucket: "audit-logs",
    digestS3Object: KEY,
    digestPublicKeyFingerprint: "31e8b5433410dfb61a9dc45cc65b22ff",
    digestSignatureAlgorithm: "SHA256withRSA",
    previousDigestS3Bucket: previousSignature ? "audit-logs" : null,
    previousDigestS3Object: previousSignature ? KEY.replace("150131", "140131") : null,
    previousDigestSignature: previousSignature,
    logFiles: [],
  };
  const content = Buffer.from(JSON.stringify(digest));
  const toSign =
    `2015-08-17T15:01:31Z\naudit-logs/${KEY}\n` +
    `${createHash("sha256").update(content).digest("hex")}\n${previousSignature ?? "null"}`;
  const signature = sign("sha256", Buffer.from(toSign), privateKey).toString("hex");
  const der = publicKey.export({ format: "der", type: "pkcs1" });
  return { digest, content, toSign, signature, der };
}

describe("digest files (the user guide's format, fixtures signed in the test)", () => {
  it("builds the data signing string as documented, with null for the first digest of a chain", () => {
    const first = fixture(null);
    expect(digestSigningString(first.digest, first.content)).to.equal(first.toSign);
    const chained = fixture("ab".repeat(256));
    expect(digestSigningString(chained.digest, chained.content)).to.equal(chained.toSign);
    expect(chained.toSign.split("\n")[3]).to.equal("ab".repeat(256));
  });

  it("verifies SHA256withRSA with a PKCS#1 DER key, and refuses a changed digest, another key or a bad signature", () => {
    const f = fixture(null);
    const key = publicKeyFromListing(f.der);
    expect(verifyDigestSignature(f.digest, f.content, f.signature, key)).to.equal(true);
    const changed = Buffer.from(f.content.toString().replace("15:01:31", "15:01:32"));
    expect(verifyDigestSignature(f.digest, changed, f.signature, key)).to.equal(false);
    expect(
      verifyDigestSignature(f.digest, f.content, f.signature, publicKeyFromListing(fixture(null, 1).der)),
    ).to.equal(false);
    expect(verifyDigestSignature(f.digest, f.content, "not hex", key)).to.equal(false);
    expect(
      verifyDigestSignature(
        { ...f.digest, digestEndTime: "2015-08-17T16:01:31Z" },
        f.content,
        f.signature,
        key,
      ),
    ).to.equal(false);
  });

  it("reads a listed key given as base64 text of the DER, as the AWS CLI decodes it", () => {
    const f = fixture(null);
    const key = publicKeyFromListing(Buffer.from(f.der.toString("base64")));
    expect(verifyDigestSignature(f.digest, f.content, f.signature, key)).to.equal(true);
  });

  it("parses a digest only when the fields validation needs are there", () => {
    const f = fixture(null);
    expect(parseDigest(f.content)?.digestS3Object).to.equal(KEY);
    expect(parseDigest(Buffer.from("{not json"))).to.equal(undefined);
    expect(parseDigest(Buffer.from("[1]"))).to.equal(undefined);
    const withoutPrevious: Partial<DigestFile> = { ...f.digest };
    delete withoutPrevious.previousDigestSignature;
    expect(parseDigest(Buffer.from(JSON.stringify(withoutPrevious)))).to.equal(undefined);
  });

  it("finds one trail's digest keys under AWS's layout, prefix and organization path included, and no backfill", () => {
    const folder = digestFolder({ accountId: "111122223333", region: "us-east-2" });
    expect(folder).to.equal("AWSLogs/111122223333/CloudTrail-Digest/us-east-2/");
    const pattern = digestKeyPattern(folder, "111122223333", "us-east-2", "audit", "us-east-2");
    expect(pattern.exec(KEY)?.[1]).to.equal("20150817T150131Z");
    expect(pattern.test(KEY.replace("_audit_", "_other_"))).to.equal(false);
    expect(pattern.test(KEY.replace(".json.gz", "_backfill.json.gz"))).to.equal(false);
    expect(
      digestFolder({
        prefix: "org/",
        organizationId: "o-abcdefghij",
        accountId: "444455556666",
        region: "eu-west-1",
      }),
    ).to.equal("org/AWSLogs/o-abcdefghij/444455556666/CloudTrail-Digest/eu-west-1/");
  });
});
