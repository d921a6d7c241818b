import * as pulumi from "@pulumi/pulumi";
import { Item } from "../fixtures/kv";

/** Module state a fresh `pulumi up` starts anew: the program's calls since this module was loaded. */
let calls = 0;

/** One item whose value comes from stack config `test:value`, and the calls since load. */
export = function program(): Record<string, unknown> {
  calls++;
  const item = new Item("a", { name: "a", value: new pulumi.Config("test").require("value") });
  return { calls, value: item.value };
};
