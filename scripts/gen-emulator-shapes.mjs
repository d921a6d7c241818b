// Derives emulator/shapes.json (types and required members of every operation's input) from the
// CloudTrail service model in ../shared, so the emulator's wire checks need no runtime access to it.
// Operations and members newer than that model (channels, federation, billing mode, …) come from
// the installed AWS SDK's own schema (scripts/sdk-model.ts; run after `make build`).
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { withSdkSchema } = createRequire(import.meta.url)(join(root, "dist", "scripts", "sdk-model.js"));
const models = join(root, "..", "shared", "reference", "aws-models");
const out = {};
for (const [service, file] of [
  ["cloudtrail", "cloudtrail-2013-11-01.service-2.json"],
  ["cloudtrail-data", "cloudtrail-data-2021-08-11.service-2.json"],
]) {
  const shared = JSON.parse(readFileSync(join(models, file), "utf8"));
  const model = service === "cloudtrail" ? withSdkSchema(shared) : shared;
  const shapes = {};
  for (const [name, shape] of Object.entries(model.shapes)) {
    if (shape.exception) continue;
    const s = { type: shape.type };
    if (shape.required?.length) s.required = shape.required;
    if (shape.members)
      s.members = Object.fromEntries(Object.entries(shape.members).map(([k, v]) => [k, v.shape]));
    if (shape.member) s.member = shape.member.shape;
    if (shape.key) s.key = shape.key.shape;
    if (shape.value) s.value = shape.value.shape;
    shapes[name] = s;
  }
  const operations = Object.fromEntries(
    Object.entries(model.operations).map(([op, o]) => [op, o.input?.shape ?? null]),
  );
  out[service] = { operations, shapes };
}
writeFileSync(join(root, "emulator", "shapes.json"), JSON.stringify(out) + "\n");
console.log("wrote emulator/shapes.json");
