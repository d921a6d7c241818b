import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as ts from "typescript";
import { PACKAGE_ROOT } from "../harness/stack";

// What a user reads in their editor: every public property documented, with its default when
// optional, the rule ids schema.json gives it, the limits schema.json enforces, and outputs
// that hold plain values (no Input<> inside an Output<>).

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; $ref?: string };

const schema = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "schema.json"), "utf8")) as {
  $defs: Record<string, JsonSchema>;
};

/** Which schema.json definition documents the inputs of each public interface. */
const SCHEMA_OF: Record<string, string> = {
  TrailArgs: "Trail",
  TrailEventSelectorsArgs: "TrailEventSelectors",
  TrailInsightSelectorsArgs: "TrailInsightSelectors",
  TrailEventAggregationArgs: "TrailEventAggregation",
  EventDataStoreArgs: "EventDataStore",
  ChannelArgs: "Channel",
  LakeImportArgs: "LakeImport",
  OrganizationDelegatedAdminArgs: "OrganizationDelegatedAdmin",
  EventSelector: "eventSelector",
  DataResource: "dataResource",
  FieldSelector: "fieldSelector",
  AdvancedEventSelector: "advancedEventSelector",
};

/** A class output that mirrors an input takes the input's rule ids. */
const ARGS_OF: Record<string, string> = {
  Trail: "TrailArgs",
  TrailEventSelectors: "TrailEventSelectorsArgs",
  TrailInsightSelectors: "TrailInsightSelectorsArgs",
  TrailEventAggregation: "TrailEventAggregationArgs",
  EventDataStore: "EventDataStoreArgs",
  Channel: "ChannelArgs",
  LakeImport: "LakeImportArgs",
  OrganizationDelegatedAdmin: "OrganizationDelegatedAdminArgs",
};

interface Member {
  owner: string;
  name: string;
  optional: boolean;
  doc: string;
  type: string;
}

function sdkMembers(): { interfaces: Map<string, Member[]>; classes: Map<string, Member[]> } {
  const interfaces = new Map<string, Member[]>();
  const classes = new Map<string, Member[]>();
  const dir = path.join(PACKAGE_ROOT, "sdk");
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    const source = ts.createSourceFile(
      file,
      fs.readFileSync(path.join(dir, file), "utf8"),
      ts.ScriptTarget.ES2022,
      true,
    );
    const docOf = (node: ts.Node) =>
      ts
        .getJSDocCommentsAndTags(node)
        .map((d) => d.getText(source))
        .join("\n");
    for (const stmt of source.statements) {
      const exported = ts
        .getModifiers(stmt as ts.HasModifiers)
        ?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      const member = (owner: string) => (m: ts.PropertySignature | ts.PropertyDeclaration) => ({
        owner,
        name: m.name.getText(source),
        optional: !!m.questionToken,
        doc: docOf(m),
        type: m.type?.getText(source) ?? "",
      });
      if (ts.isInterfaceDeclaration(stmt)) {
        interfaces.set(
          stmt.name.text,
          stmt.members.filter(ts.isPropertySignature).map(member(stmt.name.text)),
        );
      }
      if (ts.isClassDeclaration(stmt) && stmt.name) {
        classes.set(
          stmt.name.text,
          stmt.members.filter(ts.isPropertyDeclaration).map(member(stmt.name.text)),
        );
      }
    }
  }
  return { interfaces, classes };
}

/** The property's schema and the definition it refers to, merged: rule ids and limits of both. */
function schemaFacts(kind: string, property: string): { rules: string[]; limits: number[] } {
  const own = schema.$defs[kind]?.properties?.[property];
  if (!own) return { rules: [], limits: [] };
  const ref = own.$ref ? schema.$defs[own.$ref.replace("#/$defs/", "")] : undefined;
  const rules: string[] = [];
  const limits: number[] = [];
  for (const s of [own, ref]) {
    if (!s) continue;
    if (typeof s["x-rule"] === "string") rules.push(...s["x-rule"].split(/,\s*/));
    for (const k of ["maxLength", "maxItems", "maxProperties"])
      if (typeof s[k] === "number") limits.push(s[k]);
  }
  return { rules, limits };
}

const RULE_ID = /\b[A-Z]+-\d+\b/g;

describe("sdk: the public API's documentation and types", () => {
  const { interfaces, classes } = sdkMembers();

  it("finds the public interfaces and classes it checks", () => {
    expect([...interfaces.keys()]).to.include.members(Object.keys(SCHEMA_OF));
    expect([...classes.keys()]).to.include.members(Object.keys(ARGS_OF));
  });

  it("documents every property of every public interface and class", () => {
    const undocumented = [...interfaces.values(), ...classes.values()]
      .flat()
      .filter((m) => m.doc.replace(/[/*\s]/g, "").length === 0)
      .map((m) => `${m.owner}.${m.name}`);
    expect(undocumented).to.deep.equal([]);
  });

  it("gives every optional input its default", () => {
    const missing = Object.keys(SCHEMA_OF)
      .flatMap((i) => interfaces.get(i) ?? [])
      .filter((m) => m.optional && !m.doc.includes("@default"))
      .map((m) => `${m.owner}.${m.name}`);
    expect(missing).to.deep.equal([]);
  });

  it("cites the rule ids schema.json gives each input, and each output that mirrors one", () => {
    const missing: string[] = [];
    const check = (m: Member, kind: string) => {
      const { rules } = schemaFacts(kind, m.name);
      const cited: string[] = m.doc.match(RULE_ID) ?? [];
      // A range such as "AES-1 to AES-11" cites the ids between.
      const covered = (id: string) =>
        cited.includes(id) ||
        [...m.doc.matchAll(/\b([A-Z]+)-(\d+) to \1-(\d+)\b/g)].some(([, family, lo, hi]) => {
          const [f, n] = id.split("-");
          return f === family && Number(n) >= Number(lo) && Number(n) <= Number(hi);
        });
      for (const id of rules) if (!covered(id)) missing.push(`${m.owner}.${m.name} (${id})`);
    };
    for (const [iface, kind] of Object.entries(SCHEMA_OF))
      for (const m of interfaces.get(iface) ?? []) check(m, kind);
    for (const [cls, args] of Object.entries(ARGS_OF))
      for (const m of classes.get(cls) ?? []) check(m, SCHEMA_OF[args]);
    expect(missing).to.deep.equal([]);
  });

  it("states limits as schema.json enforces them", () => {
    const wrong: string[] = [];
    for (const [iface, kind] of Object.entries(SCHEMA_OF)) {
      for (const m of interfaces.get(iface) ?? []) {
        const { limits } = schemaFacts(kind, m.name);
        for (const [, n] of m.doc.matchAll(/at most (\d+)(?! values)/g)) {
          if (limits.length > 0 && !limits.includes(Number(n)))
            wrong.push(`${m.owner}.${m.name}: at most ${n}, schema ${limits.join("/")}`);
        }
      }
    }
    expect(wrong).to.deep.equal([]);
  });

  it("types outputs as plain values: no Input<> inside an Output<>, at any depth", () => {
    const withInput: string[] = [];
    const visit = (typeText: string, where: string, seen: Set<string>) => {
      if (/\bInput</.test(typeText)) withInput.push(where);
      for (const [name] of typeText.matchAll(/\b[A-Z]\w*\b/g)) {
        if (seen.has(name) || !interfaces.has(name)) continue;
        seen.add(name);
        for (const m of interfaces.get(name)!) visit(m.type, `${where} → ${name}.${m.name}`, seen);
      }
    };
    for (const members of classes.values())
      for (const m of members.filter((x) => x.type.startsWith("pulumi.Output<")))
        visit(m.type, `${m.owner}.${m.name}`, new Set());
    expect(withInput).to.deep.equal([]);
  });
});
