import Mocha from "mocha";

const { EVENT_RUN_END, EVENT_TEST_FAIL, EVENT_TEST_PASS } = Mocha.Runner.constants;

/** How many of the slowest tests the summary lists. */
const SHOWN = 10;

/**
 * The spec reporter, then the suite's slowest tests, so that a test that got slower shows in
 * every run of `make test`, and the files whose tests take longest (what the workers share out).
 */
class SlowestReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const timed: { title: string; ms: number; file: string }[] = [];
    const record = (test: Mocha.Test) =>
      timed.push({ title: test.fullTitle(), ms: test.duration ?? 0, file: test.file ?? "" });
    runner.on(EVENT_TEST_PASS, record);
    runner.on(EVENT_TEST_FAIL, record);
    runner.once(EVENT_RUN_END, () => {
      const slowest = timed.sort((a, b) => b.ms - a.ms).slice(0, SHOWN);
      console.log(`  slowest ${slowest.length} tests:`);
      for (const t of slowest) {
        const file = t.file.replace(/^.*?dist[\\/]/, "");
        console.log(`  ${(t.ms / 1000).toFixed(1).padStart(6)} s  ${t.title.slice(0, 110)}  (${file})`);
      }
      const perFile = new Map<string, number>();
      for (const t of timed) perFile.set(t.file, (perFile.get(t.file) ?? 0) + t.ms);
      const files = [...perFile].sort((a, b) => b[1] - a[1]).slice(0, SHOWN);
      console.log(`  slowest ${files.length} files (their tests' time, hooks excluded):`);
      for (const [file, ms] of files) {
        console.log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${file.replace(/^.*?dist[\\/]/, "")}`);
      }
    });
  }
}

export = SlowestReporter;
