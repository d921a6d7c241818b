import * as pulumi from "@pulumi/pulumi";
import { lazyProvider } from "./lazy-provider";
import type { Inputs } from "./input";
import type { OrganizationDelegatedAdminInputs } from "./inputs";

/** Inputs of a {@link OrganizationDelegatedAdmin}: every value may be a Pulumi `Input` (shape and docs: schema.json). */
export interface OrganizationDelegatedAdminArgs extends Inputs<OrganizationDelegatedAdminInputs> {}

const provider = lazyProvider(
  "pulumi-cloudtrail/dist/provider/organization-delegated-admin",
  "organizationDelegatedAdminProvider",
);

/**
 * A CloudTrail delegated administrator of an AWS Organizations organization: a member account that
 * may then create and manage the organization's trails and event data stores (ORG-5). Run the stack
 * with the management account's credentials: only it registers one (ORG-2). An organization has at
 * most 3 (ORG-4).
 */
export class OrganizationDelegatedAdmin extends pulumi.dynamic.Resource {
  /** The delegated administrator's account id, 12 digits (ORG-1); also the resource id. */
  declare readonly memberAccountId: pulumi.Output<string>;
  /** The service principal the account is a delegated administrator for: `cloudtrail.amazonaws.com`. */
  declare readonly servicePrincipal: pulumi.Output<string>;
  /**
   * When this stack registered the account or took it over, as an ISO time of the provider's clock;
   * refresh looks for a deregistration after it. Undefined for a resource read with `get`.
   */
  declare readonly registeredAt: pulumi.Output<string | undefined>;
  /** True when create found the account registered already and took it over. */
  declare readonly adopted: pulumi.Output<boolean | undefined>;

  /**
   * Reads an existing delegated administrator into the program without managing it.
   * @param name the resource name in this stack
   * @param id the member account id
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): OrganizationDelegatedAdmin {
    return new OrganizationDelegatedAdmin(name, {} as OrganizationDelegatedAdminArgs, { ...opts, id });
  }

  constructor(name: string, args: OrganizationDelegatedAdminArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = { servicePrincipal: undefined, registeredAt: undefined, adopted: undefined };
    super(provider, name, { ...outputs, ...args }, opts, "cloudtrail", "OrganizationDelegatedAdmin");
  }
}
