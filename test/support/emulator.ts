import { Agent } from "node:http";
import { expect } from "chai";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { EmulatorAdmin, start, type EmulatorOptions, type RunningEmulator } from "cloudtrail-emulator";
import { tallyConformance } from "../mocha/fixtures";
import { cloudTrailDataModel, cloudTrailModel, conformanceProblems } from "./conformance";

/** Credentials the tests sign with; they are not known to the emulator unless a test adds them. */
export const TEST_CREDENTIALS = { accessKeyId: "AKIDTESTEXAMPLE", secretAccessKey: "test-secret" };

export type TestEmulator = {
  emulator: RunningEmulator;
  admin: EmulatorAdmin;
  /**
   * A CloudTrail client against the emulator; one attempt, so an error reaches the test as sent,
   * and a connection per request: with one attempt, a kept-alive connection the server closes
   * (idle past its keep-alive timeout) just as a request reuses it would fail a test that made no
   * mistake.
   */
  client(
    region?: string,
    overrides?: Partial<ConstructorParameters<typeof CloudTrailClient>[0]>,
  ): CloudTrailClient;
};

/**
 * Starts an emulator for a mocha suite: before() starts it, afterEach() checks every response the
 * test produced against the service model's output shapes and error lists, then resets it (so no
 * test leaves anything behind); after() stops it. Rate limiting is off unless a test turns it on.
 */
export function useEmulator(options: EmulatorOptions = {}): TestEmulator {
  const handle = {} as TestEmulator;
  before(async () => {
    handle.emulator = await start({ rateScale: 0, ...options });
    handle.admin = new EmulatorAdmin(handle.emulator.url);
    handle.client = (region = "us-east-1", overrides = {}) =>
      clientAt(handle.emulator.url, region, overrides);
  });
  afterEach(async () => {
    const model = cloudTrailModel();
    const dataModel = cloudTrailDataModel();
    if (model) {
      let checked = 0;
      const problems = (await handle.admin.log())
        .filter((entry) => entry.response !== undefined)
        .flatMap((entry) => {
          // CloudTrail Data's one operation is judged by its own model.
          const judge = dataModel?.operations[entry.operation] ? dataModel : model;
          if (!judge.operations[entry.operation]) return [];
          checked++;
          return conformanceProblems(judge, entry.operation, entry.status, entry.response);
        });
      tallyConformance(checked);
      if (problems.length > 0)
        throw new Error(`responses that do not conform to the service model:\n${problems.join("\n")}`);
    }
    await handle.admin.reset();
  });
  after(async () => {
    await handle.emulator.stop();
  });
  return handle;
}

/**
 * Every trail of every account, as the admin endpoint reports them: what must not change on a
 * refusal. Each trail's delivery bookkeeping (`Delivery`) is left out: the emulator delivers a
 * logging trail's files when a 5-minute window of the clock closes, before whatever request comes
 * next, so it moves with the clock and not with the request.
 */
export async function trailsOf(admin: EmulatorAdmin): Promise<string> {
  const state = await admin.state({ events: "count" });
  return JSON.stringify(
    Object.entries(state.accounts)
      .flatMap(([account, a]) =>
        Object.entries(a.trails).map(([arn, { Delivery: _delivery, ...trail }]) => [account, arn, trail]),
      )
      .sort(),
  );
}

/** Runs `fn` and returns the AWS error it throws; fails the test when it does not throw. */
export async function awsError(
  fn: () => Promise<unknown>,
): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await fn();
  } catch (e) {
    return e as Error & { name: string };
  }
  throw new Error("expected an AWS error, but the call succeeded");
}

/**
 * Sends `n` calls at once and checks a token bucket of `capacity` refilling `perSecond` judged
 * them: at least `capacity` land (or all `n`), the rest are ThrottlingException, and no more land
 * than the bucket held plus what it refilled while they arrived. The bound is the time they took,
 * not a guess: a loaded machine spreads a burst's arrival, and its bucket refills meanwhile.
 */
export async function expectBurstLimited(
  n: number,
  send: () => Promise<unknown>,
  bucket: { capacity: number; perSecond: number },
): Promise<void> {
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: n }, send));
  const refilled = Math.ceil(((performance.now() - started) / 1000) * bucket.perSecond);
  const ok = results.filter((r) => r.status === "fulfilled").length;
  const throttled = results.filter(
    (r) => r.status === "rejected" && (r.reason as Error).name === "ThrottlingException",
  ).length;
  expect(ok, `${ok} of ${n} landed`).to.be.within(Math.min(n, bucket.capacity), bucket.capacity + refilled);
  expect(throttled).to.equal(n - ok);
}

/**
 * A client of the emulator at `url`, for emulators a test starts itself; `TestEmulator.client`
 * makes its clients here too: one attempt, a connection per request.
 */
export function clientAt(
  url: string,
  region = "us-east-1",
  overrides: Partial<ConstructorParameters<typeof CloudTrailClient>[0]> = {},
): CloudTrailClient {
  return new CloudTrailClient({
    endpoint: url,
    region,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { httpAgent: new Agent({ keepAlive: false }) },
    ...overrides,
  });
}
