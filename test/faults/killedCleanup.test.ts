// Red team (issue 12): a cleanup killed at any step loses no acknowledged write. The cleaner judges `k` expired; another
// process rewrites `k` fresh (its set resolves) just before the cleaner moves the file aside to delete it; the cleaner
// is SIGKILLed after its 1st, 2nd, … file-system call. After each kill, the next cleanup (any process) must put the
// fresh value back: it is never left hidden, nor deleted as a stale temp file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cache } from '../../src/engine';
import { useTempFolder } from '../engine/helpers';
import { assertEngineBuilt, report, startWorker } from './helpers';

const HOUR_MS = 3_600_000;

suite('Cleanup killed at each step (SIGKILL)', () => {
  setup(assertEngineBuilt);
  const temp = useTempFolder();

  test('the fresh write a killed cleaner had moved aside is back after the next cleanup, whatever step it died at', async function () {
    this.timeout(120_000);
    const nowSeconds = Date.now() / 1000;
    // Fresh for a clock an hour ahead (ttl 60 s), where the entry written "now" is long expired.
    const freshText = JSON.stringify({ timestamp: nowSeconds + HOUR_MS / 1000, data: 'the acknowledged fresh write' });
    let kills = 0;
    let rewritten = 0;
    let completedAfter = 0;
    for (let killAt = 1; killAt < 100 && completedAfter === 0; killAt++) {
      const where = `killed after call ${killAt}`;
      const dir = path.join(temp.parent, `round-${killAt}`, 'cache');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'k.json'), JSON.stringify({ timestamp: nowSeconds, data: 'old' }));
      const child = startWorker('killedCleaner.js', [dir, killAt, freshText]);
      const { stdout, stderr, code, signal } = await child.done;
      if (signal === 'SIGKILL') kills++;
      else if (code === 0 && JSON.parse(stdout.trim().split('\n').at(-1)!).completed) completedAfter = killAt;
      else assert.fail(`${where}: the cleaner failed (${code}): ${stderr}`);
      // The next cleanup, in another process (this one), as eager as it can be to reclaim what looks abandoned.
      const finder = new Cache({
        cacheDir: dir,
        ttl: 60,
        now: () => Date.now() + HOUR_MS,
        tempFileAge: { maxAgeMs: 0, deadWriterGraceMs: 0 },
      });
      const cleaned = await finder.cleanup();
      if (stdout.includes('rewritten')) {
        rewritten++;
        assert.equal(await finder.get('k'), 'the acknowledged fresh write', `${where}: the fresh write is lost (${JSON.stringify(cleaned)})`);
        assert.deepEqual(fs.readdirSync(dir), ['k.json'], `${where}: something was left aside`);
      } else {
        // Killed before the race: only the expired entry ever existed, and the finder removed it.
        assert.deepEqual(fs.readdirSync(dir), [], `${where}: something was left aside`);
      }
    }
    assert.ok(rewritten >= 4, `the race was reached in only ${rewritten} rounds`);
    report('killed cleanup', { 'kill points': kills, 'after the fresh rewrite': rewritten, 'cleanup calls when not killed': completedAfter - 1 });
  });
});
