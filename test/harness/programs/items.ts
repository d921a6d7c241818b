import * as pulumi from "@pulumi/pulumi";
import { Item } from "../fixtures/kv";
import type { ItemSpec } from "./item-spec";
import { readSpec } from "./spec";

/**
 * A program whose items each run can change: the test's spec (`HarnessStack.setSpec`), else stack
 * config `test:items` for the tests of where config comes from. A spec leaves the stack config as it
 * is, so the runs of a test share a warm plugin, as its runs of `pulumi up` would share a config.
 */
export = function program(): Record<string, pulumi.Output<unknown>> {
  const specs = process.env.HARNESS_SPEC_FILE
    ? readSpec<ItemSpec[]>()
    : new pulumi.Config("test").requireObject<ItemSpec[]>("items");
  const items = new Map<string, Item>();
  for (const spec of specs) {
    const from = spec.valueFrom ? items.get(spec.valueFrom) : undefined;
    const item = new Item(
      spec.resource,
      {
        name: spec.name,
        value: from ? from.value.apply((v) => `${v}+`) : (spec.value ?? ""),
        keepName: spec.keepName,
        failAfterCreate: spec.failAfterCreate,
      },
      { dependsOn: (spec.dependsOn ?? []).map((d) => items.get(d)!) },
    );
    if (spec.warn) void pulumi.log.warn(spec.warn, item);
    items.set(spec.resource, item);
  }
  return Object.fromEntries([...items].map(([k, item]) => [k, item.value]));
};
