import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";

/** The spec a test gave the stack (`HarnessStack.setSpec`), from the file config `test:specFile` names. */
export function readSpec<T>(): T {
  return JSON.parse(fs.readFileSync(new pulumi.Config("test").require("specFile"), "utf8")) as T;
}
