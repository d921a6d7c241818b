import * as pulumi from "@pulumi/pulumi";
import { Item } from "../fixtures/kv";
import type { ItemSpec } from "./item-spec";

/** A program whose items come from stack config `test:items`, so each run can change it. */
export = function program(): Record<string, pulumi.Output<unknown>> {
  const specs = new pulumi.Config("test").requireObject<ItemSpec[]>("items");
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
