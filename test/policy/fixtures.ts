/** Values the policy tests share: a log bucket, a customer-managed key, a log group and its role. */
export const LOG_BUCKET = "audit-logs";
export const KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
export const LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:cloudtrail:*";
export const LOG_ROLE = "arn:aws:iam::123456789012:role/cloudtrail-logs";

/** Management events, and S3 object events of every bucket but the log bucket: CIS 3.1, 3.8, 3.9 without a loop. */
export const COMPLIANT_ADVANCED = [
  { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
  {
    name: "S3 objects of every bucket but the log bucket",
    fieldSelectors: [
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::S3::Object"] },
      { field: "resources.ARN", notStartsWith: [`arn:aws:s3:::${LOG_BUCKET}/`] },
    ],
  },
];

/** The same selectors in pulumi-aws's spelling (Terraform's list names, pluralised). */
export const COMPLIANT_ADVANCED_AWS = COMPLIANT_ADVANCED.map((s) => ({
  name: s.name,
  fieldSelectors: s.fieldSelectors.map(({ notStartsWith, ...f }) =>
    notStartsWith ? { ...f, notStartsWiths: notStartsWith } : f,
  ),
}));

/** Settings every compliant trail carries: multi-region, digests, a CMK, CloudWatch Logs. */
export const COMPLIANT_SETTINGS = {
  s3BucketName: LOG_BUCKET,
  isMultiRegionTrail: true,
  enableLogFileValidation: true,
  kmsKeyId: KMS_KEY,
  cloudWatchLogsRoleArn: LOG_ROLE,
};
