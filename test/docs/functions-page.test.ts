import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as ts from "typescript";
import { PACKAGE_ROOT } from "../harness/stack";

// docs/functions.md documents every function the package root exports from sdk/ and every command
// of the `cloudtrail-lake` CLI, so that a function or command added later cannot go undocumented.

const page = () => fs.readFileSync(path.join(PACKAGE_ROOT, "docs", "functions.md"), "utf8");

/** The values (not types, not classes) sdk/index.ts re-exports from sdk/'s own modules. */
function sdkFunctions(): string[] {
  const file = path.join(PACKAGE_ROOT, "sdk", "index.ts");
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  return source.statements
    .filter(ts.isExportDeclaration)
    .filter(
      (d) => !d.isTypeOnly && (d.moduleSpecifier as ts.StringLiteral | undefined)?.text.startsWith("./"),
    )
    .flatMap((d) => (d.exportClause && ts.isNamedExports(d.exportClause) ? [...d.exportClause.elements] : []))
    .filter((e) => !e.isTypeOnly && /^[a-z]/.test(e.name.text))
    .map((e) => e.name.text);
}

describe("docs/functions.md: the functions and the cloudtrail-lake CLI", () => {
  it("has a section for every function the package root exports from sdk/", () => {
    const functions = sdkFunctions();
    expect(functions).to.include.members([
      "putAuditEvents",
      "runQuery",
      "lookupEvents",
      "listImportFailures",
    ]);
    const headings = new Set([...page().matchAll(/^## (\w+)$/gm)].map(([, name]) => name));
    expect(functions.filter((f) => !headings.has(f))).to.deep.equal([]);
  });

  it("has a section for every command `cloudtrail-lake --help` lists", () => {
    const help = execFileSync(
      process.execPath,
      [path.join(PACKAGE_ROOT, "dist", "sdk", "cli.js"), "--help"],
      {
        encoding: "utf8",
      },
    );
    const commands = [
      ...help
        .slice(help.indexOf("Commands:"), help.indexOf("\n\n", help.indexOf("Commands:")))
        .matchAll(/^ {2}([a-z-]+)\b/gm),
    ].map(([, c]) => c);
    expect(commands).to.include.members(["query", "put-events", "lookup", "import-status"]);
    const text = page();
    expect(commands.filter((c) => !text.includes(`\n### cloudtrail-lake ${c}\n`))).to.deep.equal([]);
  });
});
