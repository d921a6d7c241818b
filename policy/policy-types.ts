/**
 * The shapes of @pulumi/policy that the policies are built with, declared here so that the
 * package's published types do not depend on @pulumi/policy (an optional peer: a program that
 * does not install it must still type-check). Each is structurally what @pulumi/policy expects:
 * `new PolicyPack(name, { policies: cloudTrailPolicies() })` type-checks against its own types.
 */

/** How a violation is treated: `advisory` warns, `mandatory` fails the preview. */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** How serious a violation is, as Pulumi's policy results show it. */
export type Severity = "low" | "medium" | "high" | "critical";

/** The compliance framework a policy belongs to (CIS, here). */
export interface PolicyComplianceFramework {
  name: string;
  version: string;
  reference: string;
  specification: string;
}

/** Reports one violation; `urn` names the resource a stack policy faults. */
export type ReportViolation = (message: string, urn?: string) => void;

/** What the engine hands a resource policy: the resource's type and its properties. */
export interface ResourceValidationArgs {
  type: string;
  props: Record<string, unknown>;
}

/** What the engine hands a stack policy: the stack's resources. */
export interface StackValidationArgs {
  resources: {
    type: string;
    urn: string;
    name: string;
    props: Record<string, unknown>;
    propertyDependencies?: Record<string, { urn: string }[]>;
  }[];
  /** Marks the policy as not applicable to this stack, with the reason. */
  notApplicable(reason?: string): never;
}

/** What every policy has: its name, level and what a reviewer reads. */
export interface PolicyDetails {
  name: string;
  description: string;
  enforcementLevel?: EnforcementLevel;
  severity?: Severity;
  framework?: PolicyComplianceFramework;
  remediationSteps?: string;
}

/** A policy that judges one resource at a time. */
export interface ResourceValidationPolicy extends PolicyDetails {
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => void;
}

/** A policy that judges the stack as a whole. */
export interface StackValidationPolicy extends PolicyDetails {
  validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => void;
}

/** The policies of a pack, as `new PolicyPack(name, { policies })` takes them. */
export type Policies = (ResourceValidationPolicy | StackValidationPolicy)[];
