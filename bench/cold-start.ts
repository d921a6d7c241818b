// Plugin cold start: from spawning Pulumi's dynamic-provider plugin
// (`@pulumi/pulumi/cmd/dynamic-provider`, what `pulumi up` starts for dynamic resources) to its
// first Create answered (after Configure and Check, as the engine sends them), for this package's Trail (its real `__provider`, taken from a harness
// state file; the Create makes CreateTrail and StartLogging against the emulator, throttling off)
// beside a trivial dynamic provider (a minimal serialized provider whose create returns at once).
// Rounds interleave the two, so machine load hits both alike. Prints medians and the ratio;
// asserts nothing.
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { BENCH_ENV, benchEmulator, benchStack, secondsSince } from "./harness-stacks";
import { ProviderPlugin, startPluginProcess, type Props } from "../test/harness/plugin";
import { packageLink } from "../test/harness/stack";

const ROUNDS = 7;

/** What `require-from-string` in the plugin evaluates: a module whose handler() is the provider. */
const TRIVIAL_PROVIDER =
  "exports.handler = () => ({ create: async (inputs) => ({ id: 'trivial', outs: inputs }) });";

/** Seconds from spawning the plugin to the answer of its first Create. */
async function coldCreate(
  env: NodeJS.ProcessEnv,
  config: Record<string, string>,
  inputs: Props,
): Promise<number> {
  const t0 = process.hrtime.bigint();
  const server = await startPluginProcess(path.join(__dirname, "programs"), env);
  const plugin = new ProviderPlugin(server.port);
  try {
    await plugin.configure(config);
    // As the engine does: Check, then Create with the checked inputs.
    const urn = "urn:pulumi:bench::bench::pulumi-nodejs:dynamic:Resource::cold";
    const checked = await plugin.check(urn, {}, inputs);
    await plugin.create(urn, checked.inputs);
    return secondsSince(t0);
  } finally {
    plugin.close();
    server.child.kill();
  }
}

/** Milliseconds a fresh node process (in this package's root) takes to run `code`. */
function freshMs(code: string): number {
  const script = `const t = process.hrtime.bigint(); ${code}; console.log(Number(process.hrtime.bigint() - t) / 1e6)`;
  return Number(
    execFileSync(process.execPath, ["-e", script], {
      cwd: path.join(__dirname, "..", ".."),
      encoding: "utf8",
    }),
  );
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

async function main(): Promise<void> {
  const e = await benchEmulator({ rateScale: 0 });
  try {
    const stack = benchStack(e, "one-resource", "cold-start");
    stack.config["bench:kind"] = "Trail";
    const created = await stack.up();
    if (!created.ok) throw new Error(`the Trail's stack failed: ${created.failure?.message}`);
    const trail = stack.state().resources.find((r) => r.custom)!;
    // The harness's environment: `pulumi-cloudtrail` resolves to this checkout.
    const env = { ...process.env, ...BENCH_ENV, NODE_PATH: packageLink() };
    const times = { ours: [] as number[], trivial: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      await e.admin.reset(); // TRAIL-1: a region holds 5 trails
      times.ours.push(await coldCreate(env, stack.config, trail.inputs));
      times.trivial.push(await coldCreate(env, stack.config, { __provider: TRIVIAL_PROVIDER }));
    }
    const firstCheck = `require("./dist/provider/validate").validate("Trail", ${JSON.stringify({ name: "t", s3BucketName: "bench-logs" })})`;
    const loads = { pulumi: [] as number[], provider: [] as number[], check: [] as number[] };
    for (let i = 0; i < 3; i++) {
      loads.pulumi.push(freshMs(`require("@pulumi/pulumi")`));
      loads.provider.push(freshMs(`require("./dist/provider/trail")`));
      loads.check.push(freshMs(firstCheck));
    }
    const [ours, trivial] = [median(times.ours), median(times.trivial)];
    console.log(
      "3. Plugin cold start: spawn of the dynamic-provider plugin to its first Create answered (after",
    );
    console.log(`   Configure and Check); medians of ${ROUNDS} interleaved rounds (goal: at most 1.2x)`);
    console.log(
      `   Trail (CreateTrail + StartLogging): ${(ours * 1000).toFixed(0)} ms; trivial provider: ` +
        `${(trivial * 1000).toFixed(0)} ms; ratio ${(ours / trivial).toFixed(2)}x`,
    );
    console.log(
      `   Dominated by the plugin's own start, which both pay: requiring @pulumi/pulumi takes ` +
        `${median(loads.pulumi).toFixed(0)} ms in a fresh process. Ours adds its provider module (the AWS SDK's ` +
        `client) ${median(loads.provider).toFixed(0)} ms and the first check (the validator generated at build, dist/provider/validators.js) ` +
        `${median(loads.check).toFixed(0)} ms`,
    );
  } finally {
    await e.emulator.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
