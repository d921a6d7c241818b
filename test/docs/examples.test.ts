import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as ts from "typescript";
import { PACKAGE_ROOT } from "../harness/stack";

// Every ```ts block of docs/*.md type-checks as a module of its own, strict, against the sdk as a
// user's program imports it (`pulumi-cloudtrail`, which tsconfig.json maps to sdk/index.ts), so
// an example cannot go stale when an input is renamed or removed.

interface Block {
  page: string;
  /** The block's first code line in the page, 1-based. */
  line: number;
  code: string;
}

function blocksOf(page: string): Block[] {
  const text = fs.readFileSync(path.join(PACKAGE_ROOT, page), "utf8");
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => ({
    page,
    line: text.slice(0, m.index).split("\n").length + 1,
    code: m[1],
  }));
}

const docPages = () =>
  fs
    .readdirSync(path.join(PACKAGE_ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => path.join("docs", f));

/** Type-checks the blocks in one program; the diagnostics as `page:line: message`. */
function typeCheck(blocks: Block[]): string[] {
  const config = ts.readConfigFile(path.join(PACKAGE_ROOT, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, PACKAGE_ROOT);
  Object.assign(options, { noEmit: true, types: ["node"], skipLibCheck: true });
  // Each block is a file beside its page, so that `pulumi-cloudtrail` and node_modules resolve as from docs/.
  const files = new Map(
    blocks.map((b, i) => [
      path.join(PACKAGE_ROOT, `${b.page}.${i}.ts`),
      { block: b, text: `${b.code}\nexport {};\n` },
    ]),
  );
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => files.has(f) || fileExists(f);
  host.readFile = (f) => files.get(f)?.text ?? readFile(f);
  host.getSourceFile = (f, lang, ...rest) => {
    const virtual = files.get(f);
    return virtual ? ts.createSourceFile(f, virtual.text, lang) : getSourceFile(f, lang, ...rest);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return [...files.keys()].flatMap((f) => {
    const { block } = files.get(f)!;
    return ts.getPreEmitDiagnostics(program, program.getSourceFile(f)).map((d) => {
      const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
      return `${block.page}:${block.line + at}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
  });
}

/** The emulator package's own pages: their examples use it, as its users' tests do. */
const emulatorPages = () => [
  path.join("emulator", "README.md"),
  ...fs
    .readdirSync(path.join(PACKAGE_ROOT, "emulator", "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => path.join("emulator", "docs", f)),
];

describe("docs/*.md, README.md and the emulator's pages: the examples", () => {
  const blocks = [...docPages(), "README.md"].flatMap(blocksOf);

  it("has an example on every resource page and on the functions page", () => {
    const pages = new Set(blocks.map((b) => path.basename(b.page)));
    for (const page of ["trail.md", "event-data-store.md", "channel.md", "lake-import.md", "functions.md"])
      expect(pages, page).to.include(page);
  });

  it("type-checks every ```ts block, and names the page and line of one that does not", function () {
    this.timeout(120_000);
    const broken: Block = {
      page: "docs/broken.md",
      line: 10,
      code: 'import { Trail } from "pulumi-cloudtrail";\nnew Trail("t", { s3Bucket: "logs" });\n',
    };
    const diagnostics = typeCheck([...blocks, ...emulatorPages().flatMap(blocksOf), broken]);
    expect(diagnostics.filter((d) => !d.startsWith("docs/broken.md"))).to.deep.equal([]);
    expect(diagnostics.join("\n")).to.match(
      /^docs\/broken\.md:11: .*'s3Bucket' does not exist in type 'Inputs<TrailInputs>'/m,
    );
  });

  it("README.md and the emulator's README have examples to check", () => {
    expect(blocksOf("README.md").length).to.be.greaterThan(3);
    expect(emulatorPages().flatMap(blocksOf).length).to.be.greaterThan(0);
  });

  it("are programs of the package alone: none of docs/ or README.md starts or imports the emulator", () => {
    const using = blocks.filter((b) => /cloudtrail-emulator|startEmulator|EmulatorAdmin/.test(b.code));
    expect(using.map((b) => `${b.page}:${b.line}`)).to.deep.equal([]);
  });
});
