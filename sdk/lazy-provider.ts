import type * as pulumi from "@pulumi/pulumi";

/**
 * A dynamic provider that loads the real one from `modulePath` inside the plugin process at
 * call time. Pulumi serializes the provider object into every resource's `__provider`; this
 * way it holds two strings and seven one-line functions instead of the provider's code and
 * everything that code reaches (the AWS SDK, the schema).
 */
export function lazyProvider(modulePath: string, exportName: string): pulumi.dynamic.ResourceProvider {
  const load = (): Required<pulumi.dynamic.ResourceProvider> =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved in the plugin process
    (require(modulePath) as Record<string, Required<pulumi.dynamic.ResourceProvider>>)[exportName];
  return {
    configure: (req) => load().configure(req),
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props),
    update: (id, olds, news) => load().update(id, olds, news),
    delete: (id, props) => load().delete(id, props),
  };
}
