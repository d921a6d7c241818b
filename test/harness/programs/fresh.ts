import { Item } from "../fixtures/kv";
import { readSpec } from "./spec";

/** Module state a fresh `pulumi up` starts anew: the program's calls since this module was loaded. */
let calls = 0;

/** One item with the spec's value; outputs the calls since load and the plugin that wrote the item. */
export = function program(): Record<string, unknown> {
  calls++;
  const item = new Item("a", { name: "a", value: readSpec<{ value: string }>().value });
  return { calls, value: item.value, plugin: item.pluginPid };
};
