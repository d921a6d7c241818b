// Writes docs/ from scripts/docs/ (`make docs`; `make build` runs it); docs/rules.md alone is
// written by hand. A resource kind is every class of sdk/ that extends pulumi.dynamic.Resource, so
// a new kind gets its page, docs/<kind>.md, without touching this file:
// - its inputs, from the `<Kind>Inputs` interface of sdk/inputs.ts (generated from schema.json:
//   text, `@default`) and schema.json's `$defs.<Kind>` (rule ids, `x-hint`), with what a change does from the provider module's
//   `replacedBy` (the table its diff acts on);
// - its outputs, from the class's declared properties; `get`, when the class has one;
// - the hand-written parts (what it is, a complete example, the lifecycle) from
//   scripts/docs/<kind>.md, where a `<!-- reference -->` line marks the generated sections' place.
// docs/types.md lists the shapes the kinds' inputs and outputs use. Every other page of
// scripts/docs/ (functions.md, policy-pack.md, benchmarks.md) is copied with each
// `<!-- members: Name -->` line expanded into the documented members of that sdk shape.
// Rule ids become links to docs/rules.md. An input of schema.json without a documented sdk
// property (or the reverse), or a member without JSDoc, is an error, not a gap in the page.
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import * as ts from "typescript";

/** The repository root (this file runs from dist/scripts). */
export const ROOT = path.resolve(__dirname, "..", "..");
const MARKER = "<!-- reference -->";
const RULE_ID =
  /\b(?:NAME|TRAIL|ES|AES|INS|AGG|EDS|IMP|CH|AUD|Q|LOOK|RATE|SIG|WIRE|VALIDATION|ORG|DASH|SQ)-\d+\b/g;

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; $ref?: string };
export interface Schema {
  $defs: Record<string, JsonSchema>;
}

/** One documented property of an sdk interface or class. */
export interface Member {
  name: string;
  optional: boolean;
  text: string;
  default?: string;
  type: ts.TypeNode | undefined;
}

/** A resource kind as sdk/ declares it. */
export interface Kind {
  name: string;
  /** The page's file name in docs/, e.g. `event-data-store.md`. */
  page: string;
  /** The sdk file that declares it, relative to the root. */
  sdkFile: string;
  summary: string;
  inputs: Member[];
  outputs: Member[];
  /** The `get` method's summary and its id parameter, when the class has one. */
  get?: { text: string; id: string };
  /** The provider module the class loads, relative to the root (without extension). */
  providerModule: string;
}

/** What sdk/ declares: the kinds, and every exported interface (the shapes inputs and outputs use). */
export interface SdkModel {
  kinds: Kind[];
  interfaces: Map<string, { text: string; members: Member[] }>;
  /** Type aliases local to a file, inlined where used (`InsightType`). */
  aliases: Map<string, ts.TypeNode>;
}

const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

function docOf(node: ts.Node): { text: string; tags: Map<string, string> } {
  const tags = new Map<string, string>();
  let text = "";
  for (const d of ts.getJSDocCommentsAndTags(node)) {
    if (!ts.isJSDoc(d)) continue;
    text = ts.getTextOfJSDocComment(d.comment) ?? "";
    for (const t of d.tags ?? []) {
      const name = ts.isJSDocParameterTag(t) ? `param ${t.name.getText()}` : t.tagName.text;
      tags.set(name, (ts.getTextOfJSDocComment(t.comment) ?? "").replace(/^- /, ""));
    }
  }
  return { text, tags };
}

function memberOf(m: ts.PropertySignature | ts.PropertyDeclaration): Member {
  const { text, tags } = docOf(m);
  return {
    name: m.name.getText(),
    optional: !!m.questionToken,
    text,
    default: tags.get("default"),
    type: m.type,
  };
}

const exported = (s: ts.Statement) =>
  ts.getModifiers(s as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;

/** The `lazyProvider("pulumi-cloudtrail/dist/provider/<kind>", ...)` call of a class's file. */
function providerModuleOf(source: ts.SourceFile): string | undefined {
  let found: string | undefined;
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n) && n.expression.getText() === "lazyProvider") {
      const arg = n.arguments[0];
      if (arg && ts.isStringLiteral(arg)) found = arg.text.replace(/^pulumi-cloudtrail\/dist\//, "");
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return found;
}

/** Files outside sdk/ whose exported shapes the sdk's functions take (LakeClientOptions is CloudTrailConfig). */
const SHAPE_FILES = ["provider/client.ts"];

/** Reads every file of sdk/ (and SHAPE_FILES' shapes) into the model the pages are made from. */
export function readSdk(root = ROOT): SdkModel {
  const interfaces = new Map<string, { text: string; members: Member[] }>();
  const aliases = new Map<string, ts.TypeNode>();
  const classes: { decl: ts.ClassDeclaration; file: string; source: ts.SourceFile }[] = [];
  const sdkFiles = fs
    .readdirSync(path.join(root, "sdk"))
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => `sdk/${f}`);
  for (const file of [...sdkFiles, ...SHAPE_FILES]) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    for (const stmt of source.statements) {
      if (ts.isTypeAliasDeclaration(stmt) && !exported(stmt)) aliases.set(stmt.name.text, stmt.type);
      if (!exported(stmt)) continue;
      if (ts.isTypeAliasDeclaration(stmt) && ts.isTypeLiteralNode(stmt.type))
        interfaces.set(stmt.name.text, {
          text: docOf(stmt).text,
          members: stmt.type.members.filter(ts.isPropertySignature).map(memberOf),
        });
      // `interface TrailArgs extends Inputs<TrailInputs> {}`: the shape is documented by sdk/inputs.ts.
      const wrapsInputs = (i: ts.InterfaceDeclaration) =>
        i.heritageClauses?.some((h) => h.types.some((t) => t.expression.getText() === "Inputs"));
      if (ts.isInterfaceDeclaration(stmt) && !wrapsInputs(stmt))
        interfaces.set(stmt.name.text, {
          text: docOf(stmt).text,
          members: stmt.members.filter(ts.isPropertySignature).map(memberOf),
        });
      const base = stmt.kind === ts.SyntaxKind.ClassDeclaration ? (stmt as ts.ClassDeclaration) : undefined;
      const extendsResource = base?.heritageClauses?.some((h) =>
        h.types.some((t) => t.expression.getText() === "pulumi.dynamic.Resource"),
      );
      if (base?.name && extendsResource && file.startsWith("sdk/"))
        classes.push({ decl: base, file, source });
    }
  }
  const kinds = classes.map(({ decl, file, source }): Kind => {
    const name = decl.name!.text;
    const args = interfaces.get(`${name}Inputs`);
    if (!args)
      throw new Error(
        `${file}: the resource class ${name} has no ${name}Inputs in sdk/inputs.ts (schema.json's $defs.${name})`,
      );
    const providerModule = providerModuleOf(source);
    if (!providerModule) throw new Error(`${file}: ${name} loads no provider through lazyProvider()`);
    const getter = decl.members.find(
      (m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && m.name.getText() === "get",
    );
    const getDoc = getter && docOf(getter);
    return {
      name,
      page: `${kebab(name)}.md`,
      sdkFile: file,
      summary: docOf(decl).text,
      inputs: args.members,
      outputs: decl.members.filter(ts.isPropertyDeclaration).map(memberOf),
      get: getDoc && { text: getDoc.text, id: getDoc.tags.get("param id") ?? "its id" },
      providerModule,
    };
  });
  return { kinds, interfaces, aliases };
}

/** A type as a user writes or reads it: `pulumi.Input<>` and `pulumi.Output<>` unwrapped. */
export function typeText(node: ts.TypeNode | undefined, aliases: Map<string, ts.TypeNode>): string {
  if (!node) return "unknown";
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText();
    const args = node.typeArguments ?? [];
    if ((name === "pulumi.Input" || name === "pulumi.Output") && args.length === 1)
      return typeText(args[0], aliases);
    const alias = aliases.get(name);
    if (alias) return typeText(alias, aliases);
    return args.length ? `${name}<${args.map((a) => typeText(a, aliases)).join(", ")}>` : name;
  }
  if (ts.isArrayTypeNode(node)) {
    const inner = typeText(node.elementType, aliases);
    return /[|&]/.test(inner) && !inner.startsWith("{") ? `(${inner})[]` : `${inner}[]`;
  }
  if (ts.isUnionTypeNode(node)) return node.types.map((t) => typeText(t, aliases)).join(" | ");
  if (ts.isParenthesizedTypeNode(node)) return typeText(node.type, aliases);
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.find(ts.isIndexSignatureDeclaration);
    if (index) return `Record<string, ${typeText(index.type, aliases)}>`;
    const members = node.members.filter(ts.isPropertySignature).map(memberOf);
    if (literalMembers(node).length > 0) return "object";
    return `{ ${members.map((m) => `${m.name}${m.optional ? "?" : ""}: ${typeText(m.type, aliases)}`).join("; ")} }`;
  }
  return node.getText().replace(/\s+/g, " ");
}

/** The members of an inline object type (LakeImport's `importSource`), listed where one of them, at any depth, is documented. */
function literalMembers(node: ts.TypeNode | undefined): Member[] {
  if (!node) return [];
  if (ts.isTypeReferenceNode(node) && node.typeArguments?.length === 1)
    return literalMembers(node.typeArguments[0]);
  if (ts.isArrayTypeNode(node)) return literalMembers(node.elementType);
  if (!ts.isTypeLiteralNode(node)) return [];
  const members = node.members.filter(ts.isPropertySignature).map(memberOf);
  return members.some((m) => m.text || literalMembers(m.type).length > 0) ? members : [];
}

/** Every member of inline object types under these members. */
const nestedMembers = (members: Member[]): Member[] =>
  members.flatMap((m) => literalMembers(m.type)).flatMap((m) => [m, ...nestedMembers([m])]);

/** The sdk interfaces a type names (directly), for links to docs/types.md. */
function namedTypes(node: ts.TypeNode | undefined, model: SdkModel): string[] {
  const names = new Set<string>();
  const visit = (n: ts.Node) => {
    if (ts.isTypeReferenceNode(n)) {
      const name = n.typeName.getText();
      if (model.interfaces.has(name)) names.add(name);
      const alias = model.aliases.get(name);
      if (alias) visit(alias);
    }
    ts.forEachChild(n, visit);
  };
  if (node) visit(node);
  return [...names];
}

/** Rule ids as links to their entries in docs/rules.md. */
const ruleLink = (id: string) => `[${id}](rules.md#${id.toLowerCase()})`;

/** The rule ids a text cites, a range such as "AES-1 to AES-11" counting every id between. */
function citedRules(text: string): string[] {
  const ids: string[] = [...(text.match(RULE_ID) ?? [])];
  for (const [, family, lo, hi] of text.matchAll(/\b([A-Z]+)-(\d+) to \1-(\d+)\b/g))
    for (let n = Number(lo); n <= Number(hi); n++) ids.push(`${family}-${n}`);
  return ids;
}

/** Rule ids as links, sorted, three or more in a row as a range ("ES-1 to ES-6"). */
function ruleList(ids: string[]): string {
  const parsed = [...new Set(ids)]
    .map((id) => ({ family: id.replace(/-\d+$/, ""), n: Number(id.replace(/^.*-/, "")) }))
    .sort((a, b) => a.family.localeCompare(b.family) || a.n - b.n);
  const runs: { family: string; lo: number; hi: number }[] = [];
  for (const { family, n } of parsed) {
    const last = runs.at(-1);
    if (last && last.family === family && last.hi === n - 1) last.hi = n;
    else runs.push({ family, lo: n, hi: n });
  }
  return runs
    .flatMap(({ family, lo, hi }) =>
      hi - lo >= 2
        ? [`${ruleLink(`${family}-${lo}`)} to ${ruleLink(`${family}-${hi}`)}`]
        : Array.from({ length: hi - lo + 1 }, (_, i) => ruleLink(`${family}-${lo + i}`)),
    )
    .join(", ");
}

/** Prose with `{@link X}` resolved and rule ids linked. */
function prose(text: string, model: SdkModel): string {
  const pages = new Map(model.kinds.map((k) => [k.name, k.page]));
  return text
    .replace(/\{@link\s+([\w.]+)\}/g, (_, name: string) =>
      pages.has(name)
        ? `[${name}](${pages.get(name)})`
        : model.interfaces.has(name)
          ? `[${name}](types.md#${name.toLowerCase()})`
          : `\`${name}\``,
    )
    .replace(/\s*\n\s*/g, " ")
    .replace(RULE_ID, (id) => ruleLink(id));
}

/** Hand-written markdown with its rule ids linked, but for those in code and in links already. */
export function linkRules(markdown: string): string {
  return markdown
    .split(/(^```[\s\S]*?^```$)/m)
    .map((part) =>
      part.startsWith("```")
        ? part
        : part
            .split(/(`[^`\n]*`|\[[^\]\n]*\]\([^)\n]*\))/)
            .map((piece) => (/^[`[]/.test(piece) ? piece : piece.replace(RULE_ID, (id) => ruleLink(id))))
            .join(""),
    )
    .join("");
}

/** The rule ids schema.json gives a property (its own `x-rule` and its definition's), and its hint. */
function schemaFacts(schema: Schema, kind: string, property: string): { rules: string[]; hint?: string } {
  const own = schema.$defs[kind]?.properties?.[property];
  if (!own) return { rules: [] };
  const ref = own.$ref ? schema.$defs[own.$ref.replace("#/$defs/", "")] : undefined;
  const rules: string[] = [];
  let hint: string | undefined;
  for (const s of [own, ref]) {
    if (!s) continue;
    if (typeof s["x-rule"] === "string") rules.push(...s["x-rule"].split(/,\s*/));
    if (typeof s["x-hint"] === "string") hint ??= s["x-hint"];
  }
  return { rules, hint };
}

/** Fails, naming them, when schema.json and sdk/inputs.ts (left stale) disagree on a kind's inputs. */
function assertInputsMatch(kind: Kind, schema: Schema): void {
  const def = schema.$defs[kind.name];
  if (!def?.properties)
    throw new Error(`schema.json has no $defs.${kind.name} for the resource kind ${kind.name}`);
  const sdk = new Set(kind.inputs.map((m) => m.name));
  const problems = [
    ...Object.keys(def.properties)
      .filter((p) => !sdk.has(p))
      .map(
        (p) =>
          `input ${p} of schema.json's ${kind.name} is not a property of ${kind.name}Inputs (make types)`,
      ),
    ...[...sdk]
      .filter((p) => !(p in def.properties!))
      .map((p) => `${kind.name}Inputs.${p} (sdk/inputs.ts) is not an input of schema.json's ${kind.name}`),
    ...[...kind.inputs, ...nestedMembers(kind.inputs), ...kind.outputs]
      .filter((m) => !m.text.trim())
      .map((m) => `${kind.name}.${m.name} (${kind.sdkFile}) has no JSDoc`),
    ...kind.inputs
      .filter((m) => m.optional && m.default === undefined)
      .map((m) => `${kind.name}Inputs.${m.name} (schema.json) is optional and has no @default`),
  ];
  if (problems.length) throw new Error(`undocumented: ${problems.join("; ")}`);
}

/** What a change of an input does, from the provider's `replacedBy`. */
function changeText(when: string | undefined, model: SdkModel): string {
  if (when === undefined) return "a change updates in place";
  return when ? `**replaces** the resource ${prose(when, model)}` : "a change **replaces** the resource";
}

function memberList(members: Member[], model: SdkModel, indent: string): string[] {
  return members.flatMap((m) => [
    `${indent}- \`${m.name}\` (\`${typeText(m.type, model.aliases)}\`, ${m.optional ? "optional" : "required"}): ` +
      prose(m.text, model) +
      (m.default !== undefined ? ` Default: ${prose(m.default, model)}.` : ""),
    ...memberList(literalMembers(m.type), model, `${indent}  `),
  ]);
}

function inputSection(
  kind: Kind,
  schema: Schema,
  replacedBy: Record<string, string>,
  model: SdkModel,
): string[] {
  const out = ["## Inputs", ""];
  for (const m of kind.inputs) {
    const { rules, hint } = schemaFacts(schema, kind.name, m.name);
    const cited = [...rules, ...citedRules(m.text)];
    const type = typeText(m.type, model.aliases);
    const facts = [
      m.default !== undefined ? `Default: ${prose(m.default, model)}.` : undefined,
      cited.length ? `Rules: ${ruleList(cited)}.` : undefined,
      hint ? `Checked at preview: ${hint}.` : undefined,
      ...namedTypes(m.type, model).map((t) => `Shape: [${t}](types.md#${t.toLowerCase()}).`),
    ].filter((f): f is string => f !== undefined);
    out.push(
      `### ${m.name}`,
      "",
      `\`${type}\`, ${m.optional ? "optional" : "required"}; ${changeText(replacedBy[m.name], model)}.`,
      "",
      prose(m.text, model),
      "",
      ...memberList(literalMembers(m.type), model, ""),
      ...(literalMembers(m.type).length ? [""] : []),
      ...facts.map((f) => `- ${f}`),
      "",
    );
  }
  return out;
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

function outputSection(kind: Kind, model: SdkModel): string[] {
  return [
    "## Outputs",
    "",
    "| Output | Type | Description |",
    "| --- | --- | --- |",
    ...kind.outputs.map(
      (m) =>
        `| \`${m.name}\` | \`${cell(typeText(m.type, model.aliases))}\` | ${cell(prose(m.text, model))} |`,
    ),
    "",
  ];
}

function getSection(kind: Kind, model: SdkModel): string[] {
  if (!kind.get) return [];
  return [
    "## Reading an existing one",
    "",
    `\`${kind.name}.get(name, id)\`: ${prose(kind.get.text, model)} The id is ${prose(kind.get.id, model)}.`,
    "",
  ];
}

/** The provider module's `replacedBy` table (see provider/resource.ts), loaded from dist/. */
function replacedByOf(kind: Kind, root: string): Record<string, string> {
  const module = path.join(root, "dist", kind.providerModule);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled provider module
  const table = (require(module) as { replacedBy?: Record<string, string> }).replacedBy;
  if (!table) throw new Error(`${kind.providerModule}.ts exports no replacedBy table for ${kind.name}`);
  return table;
}

/** Where the hand-written parts of a kind's page live. */
export const sourceOf = (kind: Kind, root = ROOT) => path.join(root, "scripts", "docs", kind.page);

/** One kind's page, before formatting. */
export function renderKind(
  kind: Kind,
  model: SdkModel,
  schema: Schema,
  replacedBy: Record<string, string>,
  source: string,
): string {
  assertInputsMatch(kind, schema);
  const unknown = Object.keys(replacedBy).filter((k) => !kind.inputs.some((m) => m.name === k));
  if (unknown.length)
    throw new Error(`${kind.providerModule}: replacedBy names no input of ${kind.name}: ${unknown}`);
  const [before, after] = source.split(MARKER);
  if (after === undefined) throw new Error(`scripts/docs/${kind.page} has no "${MARKER}" line`);
  return [
    `<!-- Generated by scripts/gen-docs.ts (make docs) from ${kind.sdkFile}, schema.json, ` +
      `${kind.providerModule}.ts and scripts/docs/${kind.page}: edit those, not this page. -->`,
    "",
    `# ${kind.name}`,
    "",
    prose(kind.summary, model),
    "",
    linkRules(before.trim()),
    "",
    ...inputSection(kind, schema, replacedBy, model),
    ...outputSection(kind, model),
    ...getSection(kind, model),
    linkRules(after.trim()),
    "",
  ].join("\n");
}

/**
 * A page of scripts/docs/ that is no kind's (functions.md): each `<!-- members: Name -->` line
 * becomes the documented members of the sdk shape Name, so options cannot go undocumented.
 */
export function renderPage(file: string, source: string, model: SdkModel): string {
  const body = source.replace(/^<!-- members: (\w+) -->$/gm, (_, name: string) => {
    const shape = model.interfaces.get(name);
    if (!shape) throw new Error(`scripts/docs/${file}: no exported sdk interface ${name} to list`);
    // What a caller gives (options, arguments) says its defaults; what a function returns need not.
    const given = /(Options|Args|Input|Config)$/.test(name);
    const undocumented = shape.members.filter(
      (m) => !m.text.trim() || (given && m.optional && m.default === undefined),
    );
    if (undocumented.length)
      throw new Error(
        `undocumented: ${undocumented.map((m) => `${name}.${m.name} (JSDoc, @default)`).join(", ")}`,
      );
    return memberList(shape.members, model, "").join("\n");
  });
  return [
    `<!-- Generated by scripts/gen-docs.ts (make docs) from scripts/docs/${file} and the sdk's JSDoc: ` +
      `edit those, not this page. -->`,
    "",
    linkRules(body.trim()),
    "",
  ].join("\n");
}

/** docs/types.md: every sdk interface a kind's inputs or outputs reach, with its members. */
export function renderTypes(model: SdkModel): string {
  const reached = new Set<string>();
  const visit = (node: ts.TypeNode | undefined) => {
    for (const name of namedTypes(node, model)) {
      if (reached.has(name)) continue;
      reached.add(name);
      for (const m of model.interfaces.get(name)!.members) visit(m.type);
    }
  };
  for (const kind of model.kinds) for (const m of [...kind.inputs, ...kind.outputs]) visit(m.type);
  const sections = [...reached].sort().flatMap((name) => {
    const { text, members } = model.interfaces.get(name)!;
    return [`## ${name}`, "", prose(text, model), "", ...memberList(members, model, ""), ""];
  });
  return [
    "<!-- Generated by scripts/gen-docs.ts (make docs) from the sdk's JSDoc: edit sdk/, not this page. -->",
    "",
    "# Types",
    "",
    "The shapes the resources' inputs and outputs use. Inputs take plain values or Pulumi outputs at any " +
      "depth; outputs hold plain values.",
    "",
    ...sections,
  ].join("\n");
}

/** Every generated page, by path relative to the root, formatted as `make lint` expects. */
export async function generate(root = ROOT): Promise<Map<string, string>> {
  const model = readSdk(root);
  const schema = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8")) as Schema;
  const options = { ...(await prettier.resolveConfig(path.join(root, "docs", "x.md"))), parser: "markdown" };
  const pages = new Map<string, string>();
  for (const kind of model.kinds) {
    const source = fs.readFileSync(sourceOf(kind, root), "utf8");
    const page = renderKind(kind, model, schema, replacedByOf(kind, root), source);
    pages.set(path.join("docs", kind.page), await prettier.format(page, options));
  }
  const kindPages = new Set(model.kinds.map((k) => k.page));
  for (const file of fs.readdirSync(path.join(root, "scripts", "docs")).filter((f) => f.endsWith(".md"))) {
    if (kindPages.has(file)) continue;
    const source = fs.readFileSync(path.join(root, "scripts", "docs", file), "utf8");
    pages.set(path.join("docs", file), await prettier.format(renderPage(file, source, model), options));
  }
  pages.set(path.join("docs", "types.md"), await prettier.format(renderTypes(model), options));
  return pages;
}

if (require.main === module) {
  generate().then(
    (pages) => {
      for (const [file, text] of pages) fs.writeFileSync(path.join(ROOT, file), text);
    },
    (err: Error) => {
      console.error(`gen-docs: ${err.message}`);
      process.exit(1);
    },
  );
}
