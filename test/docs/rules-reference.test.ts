import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { validate } from "../../provider/validate";
import { PACKAGE_ROOT } from "../harness/stack";

// The rule ids users meet in messages, warnings and API docs must be lookable-up in the
// rules reference the package ships (docs/rules.md, one `### <id>` heading per rule).

const RULE_ID =
  /\b(?:NAME|TRAIL|ES|AES|INS|EDS|IMP|CH|AUD|Q|LOOK|RATE|SIG|WIRE|VALIDATION|ORG|DASH|AGG|SQ)-\d+\b/g;
const REFERENCE = path.join(PACKAGE_ROOT, "docs", "rules.md");
const RULES_SPEC = path.join(PACKAGE_ROOT, "..", "shared", "spec", "RULES.md");

/** Ids with an anchor in docs/rules.md: a heading that is the id alone (GitHub's anchor: `#es-4`). */
function anchors(): string[] {
  return [...fs.readFileSync(REFERENCE, "utf8").matchAll(/^### ([A-Z]+-\d+)$/gm)].map((m) => m[1]);
}

/** How docs/rules.md marks a rule of an API newer than the rules catalogue (../shared/spec/RULES.md). */
const NEWER_API = "_Newer API._";

/** The text under a rule's heading, up to the next heading. */
function sectionOf(id: string): string {
  const text = fs.readFileSync(REFERENCE, "utf8");
  const body = text.indexOf(`### ${id}\n`) + `### ${id}\n`.length;
  const end = text.slice(body).search(/^#{2,3} /m);
  return end < 0 ? text.slice(body) : text.slice(body, body + end);
}

/** Every rule id in the files whose text reaches users: provider and emulator messages, sdk docs, schema.json. */
function citedIds(): Map<string, string> {
  const cited = new Map<string, string>();
  const scan = (file: string) => {
    for (const [id] of fs.readFileSync(file, "utf8").matchAll(RULE_ID))
      if (!cited.has(id)) cited.set(id, file);
  };
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      // The emulator's tests, build output and installed modules are not what users read.
      if (entry.isDirectory()) {
        if (!["test", "dist", "node_modules"].includes(entry.name)) walk(full);
      } else if (entry.name.endsWith(".ts")) scan(full);
    }
  };
  for (const dir of ["provider", "emulator", "sdk"]) walk(path.join(PACKAGE_ROOT, dir));
  scan(path.join(PACKAGE_ROOT, "schema.json"));
  return cited;
}

describe("docs/rules.md: the rules reference shipped with the package", () => {
  it("has exactly one anchor per rule id", () => {
    const ids = anchors();
    expect(ids.length).to.be.greaterThan(50);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).to.deep.equal([]);
  });

  it("explains every rule id that messages, API docs and schema.json cite", () => {
    const documented = new Set(anchors());
    const missing = [...citedIds()]
      .filter(([id]) => !documented.has(id))
      .map(([id, file]) => `${id} (${file})`);
    expect(missing).to.deep.equal([]);
  });

  it("covers the project's rule catalogue; an id outside it is marked as a newer API's (skipped when ../shared is absent)", function () {
    if (!fs.existsSync(RULES_SPEC)) this.skip();
    const catalogue = new Set(
      [...fs.readFileSync(RULES_SPEC, "utf8").matchAll(/^- ([A-Z]+-\d+) /gm)].map((m) => m[1]),
    );
    const documented = anchors();
    expect([...catalogue].filter((id) => !documented.includes(id))).to.deep.equal([]);
    // Rules of what AWS shipped after the reference the catalogue was written from say so.
    const unmarked = documented.filter((id) => !catalogue.has(id) && !sectionOf(id).includes(NEWER_API));
    expect(unmarked).to.deep.equal([]);
  });

  it("is what the failures of validate() point to", () => {
    const documented = new Set(anchors());
    const { failures } = validate("Trail", {
      name: "a--b",
      s3BucketName: "Bad_Bucket",
      s3KeyPrefix: "x".repeat(201),
    });
    expect(failures).to.have.length(3);
    for (const f of failures) {
      const ids = f.reason.match(RULE_ID) ?? [];
      expect(ids, f.reason).not.to.deep.equal([]);
      for (const id of ids) expect(documented.has(id), `${id} in "${f.reason}"`).to.equal(true);
    }
  });

  it("is linked from the README", () => {
    expect(fs.readFileSync(path.join(PACKAGE_ROOT, "README.md"), "utf8")).to.contain("(docs/rules.md)");
  });
});
