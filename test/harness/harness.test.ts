import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import type { KvCloud } from "./fixtures/kv-provider";
import { HarnessStack, PACKAGE_ROOT, type RunResult } from "./stack";
import { expectNoChanges } from "./expect";
import type { ItemSpec } from "./programs/item-spec";

const PROGRAM = path.join(__dirname, "programs", "items.js");

/** A harness stack over the test cloud, with the program's items set per run. */
function itemStack(): { stack: HarnessStack; cloud(): KvCloud; items(specs: ItemSpec[]): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-"));
  const store = path.join(dir, "cloud.json");
  const stack = new HarnessStack({ program: PROGRAM, workDir: dir, config: { "kv:store": store } });
  return {
    stack,
    cloud: () =>
      fs.existsSync(store) ? (JSON.parse(fs.readFileSync(store, "utf8")) as KvCloud) : { items: {}, log: [] },
    items: (specs) => stack.setSpec(specs),
  };
}

function ops(result: RunResult): string[] {
  return result.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.name}`);
}

describe("engine harness (Pulumi's dynamic-provider plugin over gRPC)", function () {
  this.timeout(60_000);

  it("creates resources, flows outputs into inputs, and a second up changes nothing", async () => {
    const { stack, cloud, items } = itemStack();
    items([
      { resource: "a", name: "a", value: "1" },
      { resource: "b", name: "b", valueFrom: "a" },
    ]);
    const first = await stack.up();
    expect(first.ok, first.summary).to.equal(true);
    expect(ops(first)).to.deep.equal(["create a", "create b"]);
    expect(first.outputs).to.deep.equal({ a: "1", b: "1+" });
    expect(first.summary).to.match(/\+ 2 created/);
    expect(cloud().log).to.deep.equal(["create a=1", "create b=1+"]);
    const state = stack.state();
    expect(state.resources.map((r) => [r.name, r.id])).to.deep.equal([
      ["a", "item-0"],
      ["b", "item-1"],
    ]);
    expect(state.resources[0].outputs.__provider).to.be.a("string");

    const second = await stack.up();
    expectNoChanges(second);
    expect(second.rpcs).to.deep.equal({ check: 2, diff: 2 });
    expect(cloud().log).to.have.length(2);
  });

  it("collects what the program logs, on the resource it names, as the engine does", async () => {
    const { stack, items } = itemStack();
    items([{ resource: "a", name: "a", value: "1", warn: "mind the gap" }]);
    for (const result of [await stack.preview(), await stack.up()]) {
      expect(result.ok, result.summary).to.equal(true);
      expect(result.diagnostics).to.deep.equal([
        {
          severity: "warning",
          message: "mind the gap",
          urn: "urn:pulumi:dev::harness::pulumi-nodejs:dynamic:Resource::a",
        },
      ]);
    }
  });

  it("updates in place and the change flows to dependents", async () => {
    const { stack, cloud, items } = itemStack();
    items([
      { resource: "a", name: "a", value: "1" },
      { resource: "b", name: "b", valueFrom: "a" },
    ]);
    await stack.up();
    items([
      { resource: "a", name: "a", value: "2" },
      { resource: "b", name: "b", valueFrom: "a" },
    ]);
    const result = await stack.up();
    expect(ops(result)).to.deep.equal(["update a", "update b"]);
    expect(result.steps[0].diffs).to.deep.equal(["value"]);
    expect(result.summary).to.match(/~ 2 updated/);
    expect(cloud().log.slice(2)).to.deep.equal(["update a=2", "update b=2+"]);
    expect(stack.state().resources.map((r) => r.id)).to.deep.equal(["item-0", "item-1"]);
  });

  it("replaces create-before-delete by default, and delete-before-replace when the diff asks", async () => {
    const { stack, cloud, items } = itemStack();
    items([{ resource: "a", name: "a", value: "1" }]);
    await stack.up();

    items([{ resource: "a", name: "a2", value: "1" }]);
    const replaced = await stack.up();
    expect(ops(replaced)).to.deep.equal(["replace a"]);
    expect(replaced.steps[0].deleteBeforeReplace).to.equal(false);
    expect(cloud().log.slice(1)).to.deep.equal(["create a2=1", "delete a"]);

    // Same name, so the new item can only exist once the old one is gone.
    items([{ resource: "a", name: "a2", value: "1", keepName: true }]);
    const swapped = await stack.up();
    expect(swapped.ok, swapped.summary).to.equal(true);
    expect(swapped.steps[0]).to.include({ op: "replace", deleteBeforeReplace: true });
    expect(cloud().log.slice(3)).to.deep.equal(["delete a2", "create a2=1"]);
    expect(Object.keys(cloud().items)).to.have.length(1);
    expect(stack.state().resources).to.have.length(1);
  });

  it("deletes resources removed from the program, dependents first", async () => {
    const { stack, cloud, items } = itemStack();
    items([
      { resource: "a", name: "a", value: "1" },
      { resource: "b", name: "b", value: "2", dependsOn: ["a"] },
      { resource: "c", name: "c", valueFrom: "b" },
      { resource: "keep", name: "keep", value: "k" },
    ]);
    await stack.up();
    items([{ resource: "keep", name: "keep", value: "k" }]);
    const result = await stack.up();
    expect(ops(result)).to.deep.equal(["delete c", "delete b", "delete a"]);
    expect(cloud().log.slice(4)).to.deep.equal(["delete c", "delete b", "delete a"]);
    expect(stack.state().resources.map((r) => r.name)).to.deep.equal(["keep"]);
  });

  it("refresh takes in drift, and a resource deleted out of band leaves state and comes back on up", async () => {
    const { stack, cloud, items } = itemStack();
    items([
      { resource: "a", name: "a", value: "1" },
      { resource: "b", name: "b", value: "2" },
    ]);
    await stack.up();
    const store = stack.config["kv:store"];
    const drifted = cloud();
    drifted.items["item-0"].value = "changed";
    delete drifted.items["item-1"];
    fs.writeFileSync(store, JSON.stringify(drifted));

    const refreshed = await stack.refresh();
    expect(ops(refreshed)).to.deep.equal(["refresh a", "gone b"]);
    expect(refreshed.steps[0].diffs).to.deep.equal(["value"]);
    expect(refreshed.summary).to.match(/deleted out of band/);
    expect(stack.state().resources.map((r) => [r.name, r.outputs.value])).to.deep.equal([["a", "changed"]]);

    const up = await stack.up();
    // Independent resources go in parallel, as with the engine: order is not fixed.
    expect(ops(up)).to.have.members(["update a", "create b"]);
    expect(Object.values(cloud().items)).to.deep.include.members([
      { name: "a", value: "1" },
      { name: "b", value: "2" },
    ]);
  });

  it("keeps a partially created resource with its id and updates it on the next up", async () => {
    const { stack, cloud, items } = itemStack();
    items([{ resource: "a", name: "a", value: "1", failAfterCreate: true }]);
    const failed = await stack.up();
    expect(failed.ok).to.equal(false);
    expect(failed.failure).to.include({ name: "a", operation: "create" });
    expect(failed.failure!.message).to.match(/stored but did not become ready/);
    expect(failed.summary).to.match(/error: create failed: item a was stored/);
    const kept = stack.state().resources[0];
    expect(kept).to.include({ id: "item-0" });
    expect(kept.initErrors).to.deep.equal(["not ready"]);
    expect(kept.outputs.ready).to.equal(false);

    items([{ resource: "a", name: "a", value: "1" }]);
    const fixed = await stack.up();
    expect(ops(fixed)).to.deep.equal(["update a"]);
    expect(Object.keys(cloud().items)).to.deep.equal(["item-0"]);
    expect(stack.state().resources[0].initErrors).to.equal(undefined);
    expectNoChanges(await stack.up());
  });

  it("preview reports what up would do and makes no provider writes", async () => {
    const { stack, cloud, items } = itemStack();
    items([
      { resource: "a", name: "a", value: "1" },
      { resource: "b", name: "b", value: "2" },
      { resource: "c", name: "c", value: "3" },
    ]);
    await stack.up();
    const before = { cloud: cloud(), state: stack.state() };
    items([
      { resource: "a", name: "a", value: "changed" },
      { resource: "b", name: "b-renamed", value: "2" },
      { resource: "d", name: "d", valueFrom: "a" },
    ]);
    const preview = await stack.preview();
    expect(ops(preview)).to.deep.equal(["update a", "replace b", "create d", "delete c"]);
    expect(Object.keys(preview.rpcs).sort()).to.deep.equal(["check", "diff"]);
    expect(preview.summary).to.match(/^Previewing update/);
    expect(preview.summary).to.match(/\+ 1 to create/);
    expect(cloud()).to.deep.equal(before.cloud);
    expect(stack.state()).to.deep.equal(before.state);
  });

  it("rejects bad input at check with the resource, property and reason, and writes nothing", async () => {
    const { stack, cloud, items } = itemStack();
    stack.config["test:items"] = JSON.stringify([{ resource: "a", name: "a", value: 42 }]);
    const result = await stack.up();
    expect(result.ok).to.equal(false);
    expect(result.failure).to.deep.include({
      name: "a",
      operation: "check",
      checkFailures: [{ property: "value", reason: "value must be a string" }],
    });
    expect(result.summary).to.match(/\(a\):\n\s+error: check failed: value: value must be a string/);
    expect(cloud().log).to.deep.equal([]);
    items([{ resource: "a", name: "a", value: "ok" }]);
    expect((await stack.up()).ok).to.equal(true);
  });

  it("destroy deletes everything, dependents first", async () => {
    const { stack, cloud, items } = itemStack();
    items([
      { resource: "a", name: "a", value: "1" },
      { resource: "b", name: "b", valueFrom: "a" },
      { resource: "c", name: "c", value: "3", dependsOn: ["b"] },
    ]);
    await stack.up();
    const result = await stack.destroy();
    expect(ops(result)).to.deep.equal(["delete c", "delete b", "delete a"]);
    expect(cloud().items).to.deep.equal({});
    expect(stack.state().resources).to.deep.equal([]);
  });

  it("the no-change check fails on a program whose second up changes something", async () => {
    const { stack, items } = itemStack();
    items([{ resource: "a", name: "a", value: "1" }]);
    await stack.up();
    items([{ resource: "a", name: "a", value: "2" }]);
    const changed = await stack.up();
    expect(() => expectNoChanges(changed)).to.throw(/update a \[diff: value\]/);
  });

  it("a failed create is reported failed and not counted as created", async () => {
    const { stack, cloud, items } = itemStack();
    // Item names are unique in the test cloud: the second create fails.
    items([
      { resource: "a", name: "same", value: "1" },
      { resource: "b", name: "same", value: "2", dependsOn: ["a"] },
    ]);
    const result = await stack.up();
    expect(result.ok).to.equal(false);
    expect(result.steps.map((s) => [s.op, s.name, !!s.failed])).to.deep.equal([
      ["create", "a", false],
      ["create", "b", true],
    ]);
    expect(result.summary).to.match(/create failed/);
    expect(result.summary).to.match(/\+ 1 created/);
    expect(result.summary).not.to.match(/2 created/);
    expect(cloud().log).to.deep.equal(["create same=1"]);
    expect(stack.state().resources.map((r) => r.name)).to.deep.equal(["a"]);
  });

  it("preview reports every failing resource, not only the first", async () => {
    const { stack, cloud } = itemStack();
    stack.config["test:items"] = JSON.stringify([
      { resource: "a", name: "a", value: 1 },
      { resource: "b", name: "b", value: "ok" },
      { resource: "c", name: "c", value: 3 },
    ]);
    const preview = await stack.preview();
    expect(preview.ok).to.equal(false);
    expect(preview.failures.map((f) => [f.name, f.operation])).to.have.deep.members([
      ["a", "check"],
      ["c", "check"],
    ]);
    expect(ops(preview)).to.deep.equal(["create b"]);
    expect(preview.summary).to.match(/\(a\):\n\s+error: check failed/);
    expect(preview.summary).to.match(/\(c\):\n\s+error: check failed/);
    expect(cloud().log).to.deep.equal([]);
  });

  it("takes a relative program path and creates a missing work directory", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-"));
    const stack = new HarnessStack({
      program: path.relative(process.cwd(), PROGRAM),
      workDir: path.join(dir, "not", "yet"),
      config: {
        "kv:store": path.join(dir, "cloud.json"),
        "test:items": JSON.stringify([{ resource: "a", name: "a", value: "1" }]),
      },
    });
    const result = await stack.up();
    expect(result.ok, result.summary).to.equal(true);
    expect(result.outputs).to.deep.equal({ a: "1" });
    expect(fs.existsSync(path.join(dir, "not", "yet", "state.json"))).to.equal(true);
  });

  it("runs on warm processes see what a fresh pulumi up sees: the program loaded anew, a plugin reused only after a success and for the same config", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-"));
    const [first, second] = [path.join(dir, "first.json"), path.join(dir, "second.json")];
    const stack = new HarnessStack({
      program: path.join(__dirname, "programs", "fresh.js"),
      workDir: dir,
      config: { "kv:store": first },
    });
    const up = async (value: unknown) => {
      stack.setSpec({ value });
      return stack.up();
    };
    const created = (await up("1")).outputs;
    expect(created).to.include({ calls: 1, value: "1" });
    const updated = (await up("2")).outputs;
    expect(updated).to.deep.equal({ calls: 1, value: "2", plugin: created.plugin });

    // A failed run (here at check) retires its plugin.
    expect((await up(5)).ok).to.equal(false);
    const afterFailure = (await up("3")).outputs;
    expect(afterFailure).to.include({ calls: 1, value: "3" });
    expect(afterFailure.plugin).to.not.equal(created.plugin);

    // Another config gets another plugin, configured with it.
    stack.config["kv:store"] = second;
    const moved = await up("4");
    expect(moved.outputs, moved.summary).to.include({ calls: 1, value: "4" });
    expect(moved.outputs.plugin).to.not.equal(afterFailure.plugin);
    const cloud = (file: string) => (JSON.parse(fs.readFileSync(file, "utf8")) as KvCloud).log;
    expect(cloud(first)).to.deep.equal(["create a=1", "update a=2", "update a=3"]);
    expect(cloud(second)).to.deep.equal(["update a=4"]);
  });

  it("reads config from Pulumi.<stack>.yaml and the defaults in Pulumi.yaml, below the config given", async () => {
    const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-project-"));
    const store = path.join(projectDir, "cloud.json");
    // Project "test": its bare config keys are `test:...`, the namespace the program reads.
    fs.writeFileSync(
      path.join(projectDir, "Pulumi.yaml"),
      [
        "name: test",
        "runtime: nodejs",
        "config:",
        "  items:",
        "    type: string",
        `    default: '${JSON.stringify([{ resource: "a", name: "a", value: "from Pulumi.yaml" }])}'`,
        `  kv:store: ${JSON.stringify(store)}`,
      ].join("\n"),
    );
    const stack = new HarnessStack({ program: PROGRAM, projectDir });
    expect((await stack.preview()).outputs).to.deep.equal({ a: "from Pulumi.yaml" });

    fs.writeFileSync(
      path.join(projectDir, "Pulumi.dev.yaml"),
      "config:\n  test:items:\n    - resource: a\n      name: a\n      value: from Pulumi.dev.yaml\n",
    );
    expect((await stack.preview()).outputs).to.deep.equal({ a: "from Pulumi.dev.yaml" });

    stack.config["test:items"] = JSON.stringify([{ resource: "a", name: "a", value: "given" }]);
    const up = await stack.up();
    expect(up.outputs, up.summary).to.deep.equal({ a: "given" });
    expect(fs.existsSync(store)).to.equal(true);
  });

  it("leaves no temporary directory behind once its process exits", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "harness-tmp-"));
    const store = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kv-")), "cloud.json");
    const script = `
      const { HarnessStack } = require(${JSON.stringify(path.join(__dirname, "stack.js"))});
      const stack = new HarnessStack({
        program: ${JSON.stringify(PROGRAM)},
        config: { "kv:store": ${JSON.stringify(store)}, "test:items": '[{"resource":"a","name":"a","value":"1"}]' },
      });
      stack.up().then((r) => { if (!r.ok) { console.error(r.summary); process.exit(1); } });`;
    execFileSync(process.execPath, ["-e", script], {
      cwd: PACKAGE_ROOT,
      env: { ...process.env, TMPDIR: tmp },
      stdio: "pipe",
    });
    expect(fs.existsSync(store)).to.equal(true);
    expect(fs.readdirSync(tmp)).to.deep.equal([]);
  });
});
