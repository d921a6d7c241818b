// Measures what validate() costs: the first call in a fresh process (which loads the validators generated at build, or compiles the kind's schema without them)
// against a warm call, side by side in one run. Prints the ratio; asserts nothing.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { validate } from "../provider/validate";

const input = {
  trail: "audit",
  advancedEventSelectors: [
    {
      fieldSelectors: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
        { field: "resources.ARN", startsWith: ["arn:aws:s3:::audit-bucket/"] },
      ],
    },
  ],
};

if (process.argv[2] === "--first-call") {
  const t0 = process.hrtime.bigint();
  validate("TrailEventSelectors", input);
  console.log(Number(process.hrtime.bigint() - t0) / 1e6);
} else {
  const firstCalls = Array.from({ length: 5 }, () =>
    Number(execFileSync(process.execPath, [join(__dirname, "validate.js"), "--first-call"]).toString()),
  ).sort((a, b) => a - b);
  validate("TrailEventSelectors", input);
  const n = 5000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) validate("TrailEventSelectors", input);
  const warm = Number(process.hrtime.bigint() - t0) / 1e6 / n;
  const first = firstCalls[2];
  console.log(`validate() first call in a fresh process (median of 5): ${first.toFixed(1)} ms`);
  console.log(`validate() warm call (mean of ${n}): ${(warm * 1000).toFixed(1)} µs`);
  console.log(`ratio first/warm: ${(first / warm).toFixed(0)}x`);
}
