// `cache-explorer analyze`, run as CI runs it: the bin script in a child process, over a real folder.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { CacheAnalysis } from '../../src/engine/analysis';
import { entryText, FIXTURE_TTL, writeEntries } from './analysisFixture';
import { repoRoot, useTempFolder } from './helpers';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(...args: string[]): Promise<Run> {
  const bin = path.join(repoRoot(), 'bin', 'cache-explorer');
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

suite('cache-explorer analyze (CLI)', () => {
  const temp = useTempFolder();
  let total = 0;

  setup(() => {
    // Timestamps from now, so the default clock judges them: one fresh, one long expired, one unreadable.
    const nowS = Math.floor(Date.now() / 1000);
    const files = writeEntries(temp.cacheDir, [
      ['report:a', JSON.stringify({ timestamp: nowS, data: 'x'.repeat(1000) })],
      ['report:b', JSON.stringify({ timestamp: nowS - 10 * FIXTURE_TTL, data: 'y'.repeat(100) })],
      ['broken', '{"data": '],
    ]);
    total = files.reduce((sum, f) => sum + f.size, 0);
  });

  test('--json prints the analysis, the same figures as the engine', async () => {
    const run = await runCli('analyze', temp.cacheDir, '--json', '--ttl', String(FIXTURE_TTL));
    assert.equal(run.code, 0, run.stderr);
    const analysis = JSON.parse(run.stdout) as CacheAnalysis;
    assert.equal(analysis.totals.count, 3);
    assert.equal(analysis.totals.bytes, total);
    assert.equal(analysis.totals.expired.count, 1);
    assert.equal(analysis.totals.unreadable.count, 1);
    assert.equal(analysis.ttl, FIXTURE_TTL);
    assert.equal(analysis.folder, path.resolve(temp.cacheDir));
  });

  test('Markdown is the default', async () => {
    const run = await runCli('analyze', temp.cacheDir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^# Cache analysis/);
    assert.match(run.stdout, /^\| report \| 2 \| /m);
  });

  test('--max-bytes fails the build when the cache is bigger, and passes when it is not', async () => {
    const over = await runCli('analyze', temp.cacheDir, '--json', '--max-bytes', String(total - 1));
    assert.equal(over.code, 1);
    assert.match(over.stderr, new RegExp(`holds .* \\(${total} bytes\\), more than --max-bytes`));
    assert.equal(JSON.parse(over.stdout).totals.bytes, total, 'the analysis is printed all the same');
    const under = await runCli('analyze', temp.cacheDir, '--json', '--max-bytes', '1MB');
    assert.equal(under.code, 0, under.stderr);
  });

  test('--max-unreadable and --max-entries are checked too, each broken limit named', async () => {
    const run = await runCli('analyze', temp.cacheDir, '--max-unreadable', '0', '--max-entries', '2');
    assert.equal(run.code, 1);
    assert.match(run.stderr, /1 file is unreadable, more than --max-unreadable 0/);
    assert.match(run.stderr, /3 entries, more than --max-entries 2/);
  });

  test('a missing folder, a bad size and an unknown option are usage errors (exit 2), not an empty cache', async () => {
    const missing = await runCli('analyze', path.join(temp.parent, 'no-such-cache'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such folder/);
    const badSize = await runCli('analyze', temp.cacheDir, '--max-bytes', 'lots');
    assert.equal(badSize.code, 2);
    assert.match(badSize.stderr, /--max-bytes takes a size such as 500MB/);
    const unknown = await runCli('analyze', temp.cacheDir, '--frobnicate');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Usage: cache-explorer analyze/);
  });

  test('--help prints the usage and exits 0', async () => {
    const run = await runCli('--help');
    assert.equal(run.code, 0);
    assert.match(run.stdout, /--max-bytes <size>/);
  });

  test('a 2 MB entry is listed as the biggest, by its size on disk', async () => {
    writeEntries(temp.cacheDir, [['big', entryText(0, 'z'.repeat(2_000_000))]]);
    const run = await runCli('analyze', temp.cacheDir, '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).biggest[0].key, 'big');
  });
});
