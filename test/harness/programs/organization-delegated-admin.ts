import type * as pulumi from "@pulumi/pulumi";
import { OrganizationDelegatedAdmin, type OrganizationDelegatedAdminArgs } from "pulumi-cloudtrail";
import { readSpec } from "./spec";

/** Delegated administrators as a user declares them: resource name to arguments, from the test's spec. */
export = function program(): Record<string, pulumi.Output<unknown>> {
  const spec = readSpec<Record<string, OrganizationDelegatedAdminArgs>>();
  return Object.fromEntries(
    Object.entries(spec).map(([name, args]) => [
      name,
      new OrganizationDelegatedAdmin(name, args).servicePrincipal,
    ]),
  );
};
