/** An S3 error: its code (S3's `<Code>`), message and HTTP status; `resource` names the bucket or key. */
export class S3Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly resource?: { bucket?: string; key?: string },
  ) {
    super(message);
  }
}

/**
 * SigV4 refusals as S3 answers them: AccessDenied without a signature, AuthorizationHeaderMalformed,
 * SignatureDoesNotMatch, InvalidAccessKeyId (the S3 API reference's error code list).
 */
export const S3_AUTH_ERRORS = {
  missing: { code: "AccessDenied", status: 403 },
  incomplete: { code: "AuthorizationHeaderMalformed", status: 400 },
  invalid: { code: "SignatureDoesNotMatch", status: 403 },
  unrecognized: { code: "InvalidAccessKeyId", status: 403 },
};
