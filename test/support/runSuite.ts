// Runs every *.test.js beside a suite's index with mocha, and writes the counts where the test runner asks
// (CACHE_EXPLORER_TEST_REPORT), so `npm test` can add them up across stages and hosts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface SuiteCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export interface SuiteOptions {
  /** Per-test timeout in ms. */
  timeout: number;
  /** Tests slower than this are flagged by the reporter. */
  slow?: number;
}

/** The suite's own tests: those beside its index, not those of a nested suite (which has its own index). */
function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => path.join(dir, name));
}

export function runSuite(dir: string, options: SuiteOptions): Promise<SuiteCounts> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: options.timeout, slow: options.slow ?? 2000 });
  const grep = process.env.CACHE_EXPLORER_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of testFiles(dir)) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
        const counts = { passed: stats.passes, failed: stats.failures, skipped: stats.pending };
        const report = process.env.CACHE_EXPLORER_TEST_REPORT;
        if (report) fs.writeFileSync(report, JSON.stringify(counts));
        if (failures > 0) reject(new Error(`${failures} tests failed.`));
        else resolve(counts);
      });
    } catch (error) {
      reject(error);
    }
  });
}

/** For suites that run on plain Node: `node out/test/<suite>/index.js`. */
export function runSuiteAsMain(dir: string, options: SuiteOptions): void {
  runSuite(dir, options).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
