// Writes dist/provider/validators.js: every resource kind's validator as Ajv's standalone code,
// generated from schema.json at build time (`make build`), so that a process's first check loads
// code instead of compiling the schema. It carries schema.json's hash: provider/validate.ts uses
// it only while schema.json is unchanged, and compiles at run time otherwise.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import standaloneCode from "ajv/dist/standalone";
import { KINDS, kindRef, schemaAjv, schemaHash } from "../provider/validate";

const code = standaloneCode(schemaAjv(true), Object.fromEntries(KINDS.map((kind) => [kind, kindRef(kind)])));
writeFileSync(
  join(__dirname, "..", "provider", "validators.js"),
  `${code}\nexports.schemaHash = ${JSON.stringify(schemaHash())};\n`,
);
