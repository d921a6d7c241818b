import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { start } from "cloudtrail-emulator";

const CLI = join(dirname(require.resolve("cloudtrail-emulator/package.json")), "dist", "cli.js");

/** Runs `cloudtrail-emulator --state FILE` and returns how it ended; one that starts is killed after 15 s. */
function startCli(file: string): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, "--port", "0", "--state", file], {
    encoding: "utf8",
    timeout: 15_000,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  return { status: run.status, stderr: run.stderr };
}

describe("emulator: a state file it cannot use stops the start (issue 23, reproduction 9)", () => {
  const cases: [string, string, RegExp][] = [
    ["truncated", '{"accounts":{"123456789012":{"trails":{', /is not valid JSON .*it may be truncated/],
    ["empty", "", /is empty/],
    ["garbage", "\u0000\u0001not json at all", /is not valid JSON/],
    ["null", "null", /the state is not an object/],
    ["a list", "[1,2]", /the state is not an object/],
    ["wrongly shaped", '{"accounts":[1,2]}', /the state\.accounts is not an object/],
    [
      "a store's events not a list",
      '{"lake":{"regions":{"123456789012/us-east-1":{"stores":{"arn":{"events":5}}}}}}',
      /the state\.lake\.regions\["123456789012\/us-east-1"\]\.stores\["arn"\]\.events is not a list/,
    ],
  ];
  for (const [name, content, message] of cases) {
    it(`${name}: exit 1 with a message naming the file and the problem, no usage text; the file is kept`, () => {
      const file = join(mkdtempSync(join(tmpdir(), "bad-state-")), "state.json");
      writeFileSync(file, content);
      const { status, stderr } = startCli(file);
      expect(status, stderr).to.equal(1);
      expect(stderr).to.contain(file).and.match(message);
      expect(stderr).not.to.contain("Usage:");
      expect(readFileSync(file, "utf8")).to.equal(content);
    });
  }

  it("a --state path in a directory that does not exist: exit 1 naming the directory", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "no-dir-")), "missing");
    const { status, stderr } = startCli(join(dir, "state.json"));
    expect(status, stderr).to.equal(1);
    expect(stderr).to.contain(`the directory ${dir} does not exist`);
    expect(stderr).not.to.contain("Usage:");
  });

  it("a corrupt objects file beside the state file is refused the same way, programmatically too", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "bad-objects-")), "state.json");
    writeFileSync(`${file}.objects`, '{"bucket":{"key":7}}');
    const error = await start({ stateFile: file, port: 0 }).then(
      (e) => e.stop().then(() => undefined),
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error?.code).to.equal("ESTATEFILE");
    expect(error?.message)
      .to.contain(`${file}.objects`)
      .and.contain('the objects["bucket"]["key"] is neither a base64 body nor an object with one');
  });
});
