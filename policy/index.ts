import { PolicyPack } from "@pulumi/policy";
import { cloudTrailPolicies } from "pulumi-cloudtrail";

// `pulumi preview --policy-pack <this folder>` runs this file: it serves the policies to the engine.
new PolicyPack("cloudtrail-cis", {
  description:
    "CIS AWS Foundations Benchmark (section 3) and CloudTrail hygiene for pulumi-cloudtrail, pulumi-aws and aws-native trails.",
  policies: cloudTrailPolicies(),
});
