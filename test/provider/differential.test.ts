import { expect } from "chai";
import fc from "fast-check";
import { CreateTrailCommand, PutEventSelectorsCommand } from "@aws-sdk/client-cloudtrail";
import { validate } from "../../provider/validate";
import { useEmulator } from "../support/emulator";

// The provider's validate() and the emulator's own rules are two independent statements of
// RULES.md. Generated selectors are judged by both; any disagreement fails with fast-check's
// shrunk counterexample.

const VALUES: Record<string, string[]> = {
  eventCategory: ["Management", "Data", "NetworkActivity", "Insight"],
  readOnly: ["true", "false", "yes"],
  eventSource: ["kms.amazonaws.com", "rdsdata.amazonaws.com", "s3.amazonaws.com"],
  eventName: ["PutObject", "GetObject", "Get*", ""],
  "resources.type": ["AWS::S3::Object", "AWS::Lambda::Function", "AWS::Made::Up"],
  "resources.ARN": [
    "arn:aws:s3:::bucket-a/",
    "arn:aws:s3:::bucket-a/key",
    "arn:aws:lambda:us-east-1:123456789012:function:handler",
    "arn:aws:s3:::*",
    "arn:aws:s3:::bucket-a",
  ],
  errorCode: ["VpceAccessDenied", "AccessDenied"],
  "userIdentity.arn": ["arn:aws:iam::123456789012:role/backup"],
  bogusField: ["x"],
};
const OPERATORS = ["equals", "startsWith", "endsWith", "notEquals", "notStartsWith", "notEndsWith"] as const;

const values = (field: string) =>
  fc.oneof(
    {
      weight: 9,
      arbitrary: fc.uniqueArray(fc.constantFrom(...VALUES[field]), { minLength: 1, maxLength: 2 }),
    },
    { weight: 1, arbitrary: fc.constant([] as string[]) },
  );
// Mostly one operator per condition, as real selectors have; sometimes none or two.
const operators = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...OPERATORS).map((op) => [op]) },
  { weight: 2, arbitrary: fc.uniqueArray(fc.constantFrom(...OPERATORS), { maxLength: 2 }) },
);
const fieldSelector = fc.tuple(fc.constantFrom(...Object.keys(VALUES)), operators).chain(([field, ops]) =>
  fc.tuple(...ops.map(() => values(field))).map((lists) => ({
    field,
    ...Object.fromEntries(ops.map((op, i) => [op, lists[i]])),
  })),
);
/** Fields that fit each category, so that most generated selectors are near-valid and reach deep rules. */
const FITTING: Record<string, string[]> = {
  Management: ["readOnly", "eventSource"],
  Data: ["readOnly", "eventName", "resources.ARN", "userIdentity.arn"],
  NetworkActivity: ["eventName", "errorCode"],
  Insight: [],
};
const EQUALS_ONLY = new Set(["readOnly", "resources.type", "errorCode"]);
const fittingCondition = (category: string, field: string) =>
  fc
    .tuple(
      EQUALS_ONLY.has(field) || (field === "eventSource" && category !== "Management")
        ? fc.constant("equals")
        : field === "eventSource"
          ? fc.constant("notEquals")
          : fc.constantFrom(...OPERATORS),
      fc.constantFrom(...VALUES[field]),
    )
    .map(([op, value]) => ({ field, [op]: [value] }));
const condition = (category: string, field: string) =>
  fc.oneof(
    { weight: 6, arbitrary: fittingCondition(category, field) },
    { weight: 1, arbitrary: fieldSelector },
  );
const required = (category: string) =>
  category === "Data" ? ["resources.type"] : category === "NetworkActivity" ? ["eventSource"] : [];
const advancedSelector = fc.constantFrom(...VALUES.eventCategory).chain((category) =>
  fc
    .tuple(
      fc.oneof({ weight: 19, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      fc.tuple(...required(category).map((f) => condition(category, f))),
      fc
        .subarray(FITTING[category])
        .chain((fields) => fc.tuple(...fields.map((f) => condition(category, f)))),
      fc.oneof(
        { weight: 8, arbitrary: fc.constant(undefined) },
        { weight: 3, arbitrary: fc.constant("named") },
        { weight: 1, arbitrary: fc.constant("n".repeat(1001)) },
      ),
    )
    .map(([withCategory, must, rest, name]) => ({
      ...(name === undefined ? {} : { name }),
      fieldSelectors: [
        ...(withCategory ? [{ field: "eventCategory", equals: [category] }] : []),
        ...must,
        ...rest,
      ],
    })),
);

const BASIC_VALUES: Record<string, string[]> = {
  "AWS::S3::Object": ["arn:aws:s3", "arn:aws:s3:::bucket-a/", "arn:aws:s3:::*", "arn:aws:s3:::bucket-a"],
  "AWS::Lambda::Function": [
    "arn:aws:lambda",
    "arn:aws:lambda:us-east-1:123456789012:function:f",
    "arn:aws:lambda:us-east-1:123456789012:f",
  ],
  "AWS::DynamoDB::Table": ["arn:aws:dynamodb", "arn:aws:dynamodb:us-east-1:123456789012:table/t"],
  "AWS::EC2::Snapshot": ["arn:aws:ec2"],
};
const dataResource = fc.constantFrom(...Object.keys(BASIC_VALUES)).chain((type) =>
  fc.record({
    type: fc.constant(type),
    values: fc.uniqueArray(fc.constantFrom(...BASIC_VALUES[type]), { maxLength: 2 }),
  }),
);
const basicSelector = fc.record(
  {
    readWriteType: fc.constantFrom("ReadOnly", "WriteOnly", "All", "Sometimes"),
    includeManagementEvents: fc.boolean(),
    dataResources: fc.array(dataResource, { maxLength: 2 }),
    excludeManagementEventSources: fc.uniqueArray(
      fc.constantFrom("kms.amazonaws.com", "rdsdata.amazonaws.com", "s3.amazonaws.com"),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
);

const selectors = fc.oneof(
  fc.record({ advancedEventSelectors: fc.array(advancedSelector, { minLength: 1, maxLength: 3 }) }),
  fc.constant({ advancedEventSelectors: [] }),
  fc.record({ eventSelectors: fc.array(basicSelector, { maxLength: 6 }) }),
);

/** The provider's camelCase inputs as the API's PascalCase members. */
function toApi(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toApi);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), toApi(v)]),
    );
  }
  return value;
}

describe("differential: validate() against the emulator's PutEventSelectors", () => {
  const t = useEmulator();
  const RUNS = 2000;

  it(`agrees on ${RUNS} generated selector sets (seeded)`, async () => {
    const client = t.client();
    await client.send(new CreateTrailCommand({ Name: "differential", S3BucketName: "bucket-a" }));
    let accepted = 0;
    let acceptedAdvanced = 0;
    await fc.assert(
      fc.asyncProperty(selectors, async (input) => {
        const { failures } = validate("TrailEventSelectors", {
          trail: "differential",
          validation: "strict",
          ...input,
        });
        let emulatorError: string | undefined;
        try {
          await client.send(
            new PutEventSelectorsCommand({ TrailName: "differential", ...(toApi(input) as object) }),
          );
        } catch (e) {
          emulatorError = `${(e as Error).name}: ${(e as Error).message}`;
        }
        if (!emulatorError && failures.length === 0) {
          accepted++;
          if ("advancedEventSelectors" in input) acceptedAdvanced++;
        }
        expect(
          failures.length === 0,
          `validate() says ${JSON.stringify(failures)}; the emulator says ${emulatorError ?? "ok"}`,
        ).to.equal(emulatorError === undefined);
      }),
      { numRuns: RUNS, seed: 20261121, endOnFailure: false },
    );
    console.log(
      `      ${accepted} of ${RUNS} generated sets accepted by both (${acceptedAdvanced} advanced), ${RUNS - accepted} rejected by both`,
    );
    // Both kinds of verdict must be exercised, or the agreement means little.
    expect(accepted).to.be.within(RUNS * 0.05, RUNS * 0.95);
  });
});
