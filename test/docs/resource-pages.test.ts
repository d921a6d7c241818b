import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { generate, readSdk, renderKind, sourceOf, type Kind, type Schema } from "../../scripts/gen-docs";
import { inputTypes } from "../../scripts/gen-input-types";
import { RESOURCE_KINDS } from "../../provider/validation-types";
import { PACKAGE_ROOT } from "../harness/stack";

// docs/<kind>.md, one reference page per resource kind, made by scripts/gen-docs.ts from the sdk's
// JSDoc, schema.json, the provider's replacedBy and a hand-written source: every input and output
// documented, the pages as the sources make them, and every link leading somewhere.

const schema = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "schema.json"), "utf8")) as Schema;
const model = readSdk(PACKAGE_ROOT);
const page = (kind: Kind) => fs.readFileSync(path.join(PACKAGE_ROOT, "docs", kind.page), "utf8");
const provider = (kind: Kind) =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the kind's compiled provider module
  require(path.join(PACKAGE_ROOT, "dist", kind.providerModule)) as {
    replacedBy: Record<string, string>;
    [exported: string]: unknown;
  };

/** The part of a page from `## <title>` to the next `## ` heading. */
function section(text: string, title: string): string {
  const start = text.indexOf(`\n## ${title}\n`);
  if (start < 0) return "";
  const end = text.indexOf("\n## ", start + 4);
  return text.slice(start, end < 0 ? undefined : end);
}

/** An input's entry on its page: from `### <input>` to the next heading of its level or above. */
function inputEntry(text: string, input: string): string | undefined {
  const inputs = section(text, "Inputs");
  const start = inputs.indexOf(`\n### ${input}\n`);
  if (start < 0) return undefined;
  const end = inputs.indexOf("\n### ", start + 5);
  return inputs.slice(start, end < 0 ? undefined : end);
}

/** Whether a text links to a rule id's entry, alone or inside a linked range ("ES-1 to ES-6"). */
function cites(text: string, id: string): boolean {
  if (text.includes(`[${id}](rules.md#${id.toLowerCase()})`)) return true;
  const [family, n] = [id.replace(/-\d+$/, ""), Number(id.replace(/^.*-/, ""))];
  return [...text.matchAll(/\[([A-Z]+)-(\d+)\]\([^)]*\) to \[\1-(\d+)\]/g)].some(
    ([, f, lo, hi]) => f === family && n >= Number(lo) && n <= Number(hi),
  );
}

/** GitHub's anchor of a heading. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, "")
    .replace(/ /g, "-");

describe("docs/<kind>.md: a reference page per resource kind", () => {
  it("finds every resource kind the sdk declares, each with its page", () => {
    expect(model.kinds.map((k) => k.name)).to.have.members([...RESOURCE_KINDS]);
    const missing = model.kinds.filter((k) => !fs.existsSync(path.join(PACKAGE_ROOT, "docs", k.page)));
    expect(missing.map((k) => k.page)).to.deep.equal([]);
  });

  it("holds what scripts/gen-docs.ts makes of the sources (run `make docs` when this fails)", async function () {
    this.timeout(60_000);
    const stale: string[] = [];
    for (const [file, text] of await generate(PACKAGE_ROOT))
      if (fs.readFileSync(path.join(PACKAGE_ROOT, file), "utf8") !== text) stale.push(file);
    expect(stale).to.deep.equal([]);
  });

  it("holds in sdk/inputs.ts the input types schema.json makes (run `make types` when this fails)", async () => {
    const stale = fs.readFileSync(path.join(PACKAGE_ROOT, "sdk", "inputs.ts"), "utf8");
    expect(stale === (await inputTypes(PACKAGE_ROOT)), "sdk/inputs.ts is stale: run `make types`").to.equal(
      true,
    );
  });

  it("makes a new input of schema.json a typed, documented property of the kind's inputs", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "input-types-"));
    try {
      const added = structuredClone(schema);
      added.$defs.Trail.properties!.newSetting = {
        type: "boolean",
        description: "A new setting.\n@default false",
      };
      fs.writeFileSync(path.join(root, "schema.json"), JSON.stringify(added));
      const types = await inputTypes(root);
      const trail = types.slice(types.indexOf("export interface TrailInputs"));
      const declaration = trail.slice(0, trail.indexOf("\nexport "));
      expect(declaration).to.match(/\* A new setting\.\s+\* @default false\s+\*\/\s+newSetting\?: boolean;/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("documents every input of schema.json: type, required or default, what a change does, rule ids", () => {
    const gaps: string[] = [];
    for (const kind of model.kinds) {
      const text = page(kind);
      for (const [input, def] of Object.entries(schema.$defs[kind.name].properties ?? {})) {
        const entry = inputEntry(text, input);
        if (!entry) {
          gaps.push(`${kind.page}: no entry for input ${input}`);
          continue;
        }
        const member = kind.inputs.find((m) => m.name === input);
        if (!/\n`[^\n]+`, (required|optional); (a change updates in place|.*\*\*replaces\*\*)/.test(entry))
          gaps.push(`${kind.page}#${input}: no type, requiredness or change`);
        if (member?.optional && !entry.includes("- Default: "))
          gaps.push(`${kind.page}#${input}: no default`);
        const rules = typeof def["x-rule"] === "string" ? def["x-rule"].split(/,\s*/) : [];
        for (const id of rules)
          if (!cites(entry, id)) gaps.push(`${kind.page}#${input}: rule ${id} not cited`);
      }
    }
    expect(gaps).to.deep.equal([]);
  });

  it("says which inputs replace the resource, as the provider's diff decides", () => {
    const wrong: string[] = [];
    for (const kind of model.kinds) {
      const { replacedBy } = provider(kind);
      for (const m of kind.inputs) {
        const replaces = inputEntry(page(kind), m.name)?.includes("**replaces**");
        if (replaces !== Object.hasOwn(replacedBy, m.name))
          wrong.push(`${kind.page}#${m.name}: ${replaces ? "replaces" : "in place"}`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });

  it("replaces on what replacedBy lists for any change, and updates in place otherwise (the real diff)", async () => {
    // Probes with plain strings the diffs compare without judging them; EventDataStore's
    // replacements depend on the values (EDS-12, EDS-13) and have their own lifecycle tests.
    const probed = ["Trail", "Channel", "LakeImport", "TrailEventSelectors", "TrailInsightSelectors"];
    for (const kind of model.kinds.filter((k) => probed.includes(k.name))) {
      const module = provider(kind);
      const diff = Object.values(module).find(
        (v): v is { diff: (id: string, o: object, n: object) => Promise<{ replaces?: string[] }> } =>
          typeof (v as { diff?: unknown } | undefined)?.diff === "function",
      )!;
      const base = { name: "probe-a", trail: "trail-a", source: "Custom", tags: { a: "1" } };
      for (const input of Object.keys(module.replacedBy)) {
        const { replaces } = await diff.diff("id", base, { ...base, [input]: "probe-b" });
        expect(replaces, `${kind.name}.${input}`).to.deep.equal([input]);
      }
      if (kind.inputs.some((m) => m.name === "tags")) {
        const { replaces } = await diff.diff("id", base, { ...base, tags: { a: "2" } });
        expect(replaces, `${kind.name}.tags`).to.deep.equal([]);
      }
    }
  });

  it("replaces an event data store only as its page says: EDS-12's key and pricing, EDS-13's kind (the real diff)", async () => {
    const kind = model.kinds.find((k) => k.name === "EventDataStore")!;
    const { eventDataStoreProvider } = provider(kind) as unknown as {
      eventDataStoreProvider: {
        diff: (id: string, o: object, n: object) => Promise<{ replaces?: string[] }>;
      };
    };
    const text = page(kind);
    const store = { name: "old-store", terminationProtectionEnabled: false };
    const renamed = { ...store, name: "new-store" };
    const activity = [{ fieldSelectors: [{ field: "eventCategory", equals: ["ActivityAuditLog"] }] }];
    const cases: [string, object, object, string[]][] = [
      ["a key added", store, { ...renamed, kmsKeyId: "alias/b" }, []],
      ["a key changed", { ...store, kmsKeyId: "alias/a" }, { ...renamed, kmsKeyId: "alias/b" }, ["kmsKeyId"]],
      ["a key removed", { ...store, kmsKeyId: "alias/a" }, renamed, ["kmsKeyId"]],
      [
        "extendable to fixed",
        { ...store, billingMode: "EXTENDABLE_RETENTION_PRICING" },
        { ...renamed, billingMode: "FIXED_RETENTION_PRICING" },
        ["billingMode"],
      ],
      [
        "fixed to extendable",
        { ...store, billingMode: "FIXED_RETENTION_PRICING" },
        { ...renamed, billingMode: "EXTENDABLE_RETENTION_PRICING" },
        [],
      ],
      [
        "another kind of events",
        store,
        { ...renamed, advancedEventSelectors: activity },
        ["advancedEventSelectors"],
      ],
      ["a new retention", store, { ...store, retentionPeriod: 90 }, []],
    ];
    for (const [what, olds, news, expected] of cases) {
      const { replaces } = await eventDataStoreProvider.diff("arn", olds, news);
      expect(replaces, what).to.deep.equal(expected);
      for (const input of expected) expect(inputEntry(text, input), input).to.include("**replaces**");
    }
    expect(inputEntry(text, "kmsKeyId")).to.include("adding one updates in place");
    expect(inputEntry(text, "billingMode")).to.include("the other way updates in place");
  });

  it("lists every output of the class", () => {
    const missing = model.kinds.flatMap((kind) => {
      const outputs = section(page(kind), "Outputs");
      return kind.outputs
        .filter((m) => !new RegExp(`^\\| \`${m.name}\` +\\|`, "m").test(outputs))
        .map((m) => `${kind.name}.${m.name}`);
    });
    expect(missing).to.deep.equal([]);
  });

  it("has a complete example and the lifecycle (create, update, delete, refresh) from its source", () => {
    const gaps: string[] = [];
    for (const kind of model.kinds) {
      const text = page(kind);
      if (!/```ts\n[\s\S]*?from "pulumi-cloudtrail"[\s\S]*?```/.test(section(text, "Example")))
        gaps.push(`${kind.page}: no example importing pulumi-cloudtrail`);
      const lifecycle = section(text, "Lifecycle");
      for (const step of ["Create", "Update", "Delete", "Refresh"])
        if (!new RegExp(`^### .*\\b${step}\\b`, "im").test(lifecycle)) gaps.push(`${kind.page}: no ${step}`);
    }
    expect(gaps).to.deep.equal([]);
  });

  it("refuses to generate a page for an input added to schema.json while sdk/inputs.ts is stale", () => {
    const kind = model.kinds.find((k) => k.name === "Trail")!;
    const source = fs.readFileSync(sourceOf(kind, PACKAGE_ROOT), "utf8");
    const added = structuredClone(schema);
    added.$defs.Trail.properties!.newSetting = { type: "boolean", description: "A new setting." };
    expect(() => renderKind(kind, model, added, {}, source)).to.throw(
      /input newSetting of schema.json's Trail is not a property of TrailInputs \(make types\)/,
    );
  });

  it("refuses to generate a page for an input without JSDoc or an optional one without @default", () => {
    const kind = model.kinds.find((k) => k.name === "Channel")!;
    const source = fs.readFileSync(sourceOf(kind, PACKAGE_ROOT), "utf8");
    const bare = {
      ...kind,
      inputs: kind.inputs.map((m) => (m.name === "tags" ? { ...m, text: "", default: undefined } : m)),
    };
    expect(() => renderKind(bare, model, schema, {}, source)).to.throw(
      /Channel\.tags \(sdk\/channel\.ts\) has no JSDoc; ChannelInputs\.tags \(schema\.json\) is optional and has no @default/,
    );
  });

  it("links only to pages and headings that exist", () => {
    const docs = path.join(PACKAGE_ROOT, "docs");
    const anchors = new Map<string, Set<string>>();
    for (const file of fs.readdirSync(docs).filter((f) => f.endsWith(".md"))) {
      const headings = [...fs.readFileSync(path.join(docs, file), "utf8").matchAll(/^#+ (.+)$/gm)];
      anchors.set(file, new Set(headings.map(([, h]) => slug(h))));
    }
    const broken: string[] = [];
    for (const file of anchors.keys()) {
      const text = fs.readFileSync(path.join(docs, file), "utf8");
      for (const [link, target, anchor] of text.matchAll(/\]\(([\w.-]+\.md)?(?:#([\w-]+))?\)/g)) {
        const page = target ?? file;
        if (!anchors.has(page) || (anchor && !anchors.get(page)!.has(anchor)))
          broken.push(`${file}: ${link}`);
      }
    }
    expect(broken).to.deep.equal([]);
  });
});
