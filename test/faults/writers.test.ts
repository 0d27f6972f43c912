// Many writers: Node processes (the built engine) and the Python implementation of the spec hammer the same 200
// keys; a separate process reads the files raw all along. Then the cleanup race: expired entries rewritten fresh
// while other processes run cleanup() in a loop; no fresh rewrite may be deleted.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { useTempFolder, repoRoot } from '../engine/helpers';
import { assertEngineBuilt, report, scaled, startWorker, workerResult } from './helpers';
import { checkValue, makeValue, random } from './workers/values';

const NODE_WRITERS = scaled(4, 6);
const DURATION_MS = scaled(10_000, 60_000);
const RACE_MS = scaled(5_000, 30_000);
const KEYS = 200;

interface HammerResult {
  writer: string;
  ops: Record<string, number>;
  bad: string[];
  badCount: number;
  errors: string[];
}

/** Drives `cache.py batch` for `durationMs`: set / get / list / clear with self-checking values. */
async function runPython(dir: string, durationMs: number, seed: number) {
  const python = spawn('python3', [path.join(repoRoot(), 'test', 'engine', 'python', 'cache.py'), 'batch'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // The spec's tool reports a lost exists-then-open race on stderr; those lines are expected and counted (`raced`),
  // anything else it prints there is a failure.
  let stderr = '';
  python.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const lines = readline.createInterface({ input: python.stdout! })[Symbol.asyncIterator]();
  const run = async (argv: string[]) => {
    python.stdin!.write(JSON.stringify(['--dir', dir, '--cache-ttl', '60', ...argv]) + '\n');
    const { value } = await lines.next();
    return JSON.parse(value as string) as { status: number; stdout: string };
  };
  const rand = random(seed);
  const ops = { set: 0, get: 0, hit: 0, list: 0, clear: 0, raced: 0 };
  const bad: string[] = [];
  const deadline = Date.now() + durationMs;
  for (let seq = 0; Date.now() < deadline; seq++) {
    const key = `k:${Math.floor(rand() * KEYS)}`;
    const roll = rand();
    if (roll < 0.5) {
      const answer = await run(['set', key, JSON.stringify(makeValue('py', key, seq, 16 + Math.floor(rand() * 1500)))]);
      if (answer.status !== 0) bad.push(`python set ${key} failed`);
      ops.set++;
    } else if (roll < 0.9) {
      const answer = await run(['get', key]);
      ops.get++;
      // Status 2: the spec's get checks exists() then opens, so a file deleted in between raises; not a torn read.
      if (answer.status === 2) ops.raced++;
      else if (answer.status === 0) {
        ops.hit++;
        const problem = checkValue(JSON.parse(answer.stdout), key);
        if (problem) bad.push(`python get ${key}: ${problem}`);
      }
    } else if (roll < 0.98) {
      await run(['list']);
      ops.list++;
    } else {
      // The spec's clear unlinks what it globbed; another process may have removed one first (status 2).
      if ((await run(['clear'])).status === 2) ops.raced++;
      ops.clear++;
    }
  }
  python.stdin!.end();
  await new Promise((resolve) => python.on('close', resolve));
  const unexpected = stderr.split('\n').filter((line) => line && !/^StorageError: .*\[Errno 2\]/.test(line));
  bad.push(...unexpected.map((line) => `python printed: ${line}`));
  return { ops, bad };
}

suite('Many writers', () => {
  setup(assertEngineBuilt);
  const temp = useTempFolder();

  test(`${NODE_WRITERS} Node processes + Python hammer ${KEYS} keys: every read is a complete value some writer wrote, no torn file`, async function () {
    this.timeout(DURATION_MS + 60_000);
    const dir = path.join(temp.parent, 'cache');
    const seed = Number(process.env.CACHE_EXPLORER_FAULT_SEED ?? Date.now() % 1e9);
    const writers = Array.from({ length: NODE_WRITERS }, (_, i) =>
      startWorker('hammer.js', [dir, `node${i}`, DURATION_MS, seed + i, KEYS]),
    );
    const watcher = startWorker('rawWatcher.js', [dir, DURATION_MS]);
    const python = await runPython(dir, DURATION_MS, seed + 100);
    const results = await Promise.all(writers.map((w) => workerResult<HammerResult>(w)));
    const watched = await workerResult<{ scans: number; filesRead: number; tornCount: number; torn: string[] }>(watcher);

    const total = (name: string) => results.reduce((sum, r) => sum + (r.ops[name] ?? 0), 0);
    for (const r of results) {
      assert.deepEqual(r.errors, [], `${r.writer} hit errors`);
      assert.equal(r.badCount, 0, `${r.writer} read bad values: ${r.bad.join('; ')}`);
    }
    assert.deepEqual(python.bad, [], 'Python read bad values');
    assert.equal(watched.tornCount, 0, `torn files: ${watched.torn.join('; ')}`);
    assert.ok(total('get') > 0 && total('cleanup') > 0 && total('clear') > 0 && python.ops.get > 0, 'every operation ran');
    const nodeOps = total('set') + total('get') + total('delete') + total('cleanup') + total('clear');
    const pythonOps = python.ops.set + python.ops.get + python.ops.list + python.ops.clear;
    report('many writers', {
      'writer processes': `${NODE_WRITERS} Node + 1 Python + 1 raw reader`,
      seconds: DURATION_MS / 1000,
      'Node operations': nodeOps,
      sets: total('set'),
      'of them written expired': total('setExpired'),
      gets: total('get'),
      'hits checked': total('hit'),
      deletes: total('delete'),
      cleanups: total('cleanup'),
      'removed by cleanup': total('cleanupRemoved'),
      clears: total('clear'),
      'Python operations': pythonOps,
      'Python hits checked': python.ops.hit,
      'Python exists-then-open races (spec impl)': python.ops.raced,
      'raw reads checked': watched.filesRead,
    });
  });

  test('cleanup never deletes an entry rewritten fresh after it was judged expired', async function () {
    this.timeout(RACE_MS + 60_000);
    const dir = path.join(temp.parent, 'cache');
    const writer = startWorker('raceWriter.js', [dir, RACE_MS, Date.now() % 1e9, 40]);
    const cleaners = [0, 1].map(() => startWorker('cleaner.js', [dir, RACE_MS]));
    const raced = await workerResult<{ cycles: number; transient: number; lostCount: number; lost: string[] }>(writer);
    const cleaned = await Promise.all(cleaners.map((c) => workerResult<{ runs: number; removed: number; errors: string[] }>(c)));
    for (const c of cleaned) assert.deepEqual(c.errors, []);
    assert.equal(raced.lostCount, 0, `fresh entries deleted: ${raced.lost.join('; ')}`);
    const removed = cleaned.reduce((sum, c) => sum + c.removed, 0);
    assert.ok(removed > 0, 'cleanup never found an expired entry to race with');
    report('cleanup race', {
      'expired→fresh rewrites': raced.cycles,
      'cleanup runs': cleaned.reduce((sum, c) => sum + c.runs, 0),
      'expired entries removed': removed,
      'fresh rewrites lost': raced.lostCount,
      'briefly absent while a cleanup put them back': raced.transient,
    });
  });
});
