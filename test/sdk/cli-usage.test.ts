import { expect } from "chai";
import { useEmulator } from "../support/emulator";
import { createStore, storeId } from "../support/lake";
import { runCli } from "./cli-run";

describe("cloudtrail-lake CLI: usage mistakes in the user's words, before any call", function () {
  // Each test starts several CLI processes (about a second each alone, several on a loaded machine).
  this.timeout(120_000);
  const t = useEmulator();

  /** Exit 2, the message, the --help hint, and nothing sent to the service. */
  async function refused(args: string[], message: string): Promise<void> {
    await t.admin.clearLog();
    const run = await runCli(t, args);
    expect(run.code, run.stderr).to.equal(2);
    expect(run.stderr).to.equal(`cloudtrail-lake: ${message}\nRun cloudtrail-lake --help for usage.\n`);
    expect(await t.admin.log()).to.deep.equal([]);
  }

  it("a misspelt option is named with the option it resembles", async () => {
    await refused(
      ["query", "--fromat", "csv", "SELECT 1"],
      "unknown option --fromat for query; did you mean --format?",
    );
  });

  it("each command takes only its own options", async () => {
    await refused(
      ["query", "--channel", "x", "SELECT 1"],
      "--channel is an option of put-events, not of query",
    );
    await refused(["lookup", "--wait"], "--wait is an option of import-status, not of lookup");
    await refused(["import-status", "--wait=yes", "x"], "--wait takes no value; give --wait alone");
    await refused(["query", "SELECT 1", "--format"], "--format takes a value: --format VALUE");
  });

  it("query without a statement or --alias says so, with an example", async () => {
    await refused(
      ["query"],
      'query needs a statement or --alias: cloudtrail-lake query "SELECT eventName FROM <store id>"',
    );
  });

  it("a missing input file is a usage mistake (exit 2) that names the file", async () => {
    await refused(
      ["put-events", "--channel", "arn:aws:cloudtrail:us-east-1:123456789012:channel/x", "nosuch.jsonl"],
      "put-events cannot read nosuch.jsonl: no such file",
    );
  });

  it("a time that is not one is refused with an example", async () => {
    await refused(
      ["lookup", "--start", "yesterday"],
      "--start takes a time such as 2026-01-31T00:00:00Z (ISO 8601), not yesterday",
    );
  });

  it("an unknown profile is named", async () => {
    await refused(
      ["lookup", "--profile", "nosuch"],
      "--profile nosuch: no profile of that name in the shared config files (/nonexistent, /nonexistent); they hold no profile",
    );
  });

  it("prints no AWS SDK Node version warning, without the variable the Makefile sets", async () => {
    const store = storeId(await createStore(t.client(), "quiet"));
    const run = await runCli(t, ["query", `SELECT count(*) AS n FROM ${store}`]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^n\n\d+\n$/);
    expect(run.stderr).not.to.contain("NodeVersionSupportWarning").and.not.to.contain("node >=22");
  });
});
