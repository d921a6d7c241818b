import { Agent } from "node:http";
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
      new CloudTrailClient({
        endpoint: handle.emulator.url,
        region,
        credentials: TEST_CREDENTIALS,
        maxAttempts: 1,
        requestHandler: { httpAgent: new Agent({ keepAlive: false }) },
        ...overrides,
      });
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

/** Every trail of every account, as the admin endpoint reports them: what must not change on a refusal. */
export async function trailsOf(admin: EmulatorAdmin): Promise<string> {
  const state = await admin.state({ events: "count" });
  return JSON.stringify(
    Object.entries(state.accounts)
      .flatMap(([account, a]) => Object.entries(a.trails).map(([arn, t]) => [account, arn, t]))
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
