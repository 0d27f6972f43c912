// Crash mid-write: a child writes entries (small and 1 MB) and is killed with SIGKILL at random moments, round
// after round in one folder. After each kill: every *.json parses to a complete entry, no temp file is listed,
// cleanup removes the stale temp files, and every set that resolved before the kill reads back.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cache } from '../../src/engine';
import { useTempFolder } from '../engine/helpers';
import { assertEngineBuilt, report, scaled, startWorker } from './helpers';
import { checkValue, random } from './workers/values';

const ROUNDS = scaled(20, 200);

suite('Crash mid-write (SIGKILL)', () => {
  setup(assertEngineBuilt);
  const temp = useTempFolder();

  test(`${ROUNDS} kill rounds: no torn file, no temp file listed, stale temp files cleaned, every resolved set reads back`, async function () {
    this.timeout(scaled(90_000, 900_000));
    const dir = path.join(temp.parent, 'cache');
    const seed = Number(process.env.CACHE_EXPLORER_FAULT_SEED ?? Date.now() % 1e9);
    const rand = random(seed);
    /** Key → the highest sequence number whose set resolved: the file must hold it or a later one. */
    const acknowledged = new Map<string, number>();
    let acks = 0;
    let filesChecked = 0;
    let tempFilesSeen = 0;
    let tempFilesRemoved = 0;
    let readBacks = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const where = `round ${round} (seed ${seed})`;
      let ready!: () => void;
      const started = new Promise<void>((resolve) => (ready = resolve));
      const child = startWorker('killedWriter.js', [dir, round, Math.floor(rand() * 1e9)], (line) => {
        if (line === 'ready') return ready();
        const [, key, seq] = line.split(' ');
        acknowledged.set(key!, Math.max(Number(seq), acknowledged.get(key!) ?? -1));
        acks++;
      });
      await Promise.race([started, child.done]);
      await new Promise((resolve) => setTimeout(resolve, 20 + rand() * 600));
      child.process.kill('SIGKILL');
      const { signal, stderr } = await child.done;
      assert.equal(signal, 'SIGKILL', `${where}: the writer ended on its own: ${stderr}`);

      // Every *.json file, read raw, is a complete entry.
      const names = fs.readdirSync(dir);
      const temps = names.filter((n) => n.endsWith('.tmp'));
      tempFilesSeen += temps.length;
      for (const name of names.filter((n) => n.endsWith('.json'))) {
        const text = fs.readFileSync(path.join(dir, name), 'utf8');
        let entry: { timestamp?: unknown; data?: unknown };
        try {
          entry = JSON.parse(text);
        } catch (error) {
          assert.fail(`${where}: ${name} is torn (${text.length} bytes): ${(error as Error).message}`);
        }
        assert.equal(typeof entry.timestamp, 'number', `${where}: ${name} has no timestamp`);
        assert.equal(checkValue(entry.data), undefined, `${where}: ${name} holds an incomplete value`);
        filesChecked++;
      }

      // Temp files are never listed; the next cleanup removes the ones the dead writer left.
      const cache = new Cache({ cacheDir: dir, tempFileAge: { deadWriterGraceMs: 0 } });
      const listed = await cache.entries();
      assert.ok(listed.every((e) => !e.fileName.endsWith('.tmp') && e.state === 'fresh'), `${where}: a temp or unreadable file was listed`);
      assert.equal(listed.length, names.length - temps.length, `${where}: entries() and the folder disagree`);
      const cleaned = await cache.cleanup();
      tempFilesRemoved += cleaned.tempFilesRemoved;
      assert.equal(cleaned.tempFilesRemoved, temps.length, `${where}: cleanup left temp files: ${fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))}`);
      assert.deepEqual(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);

      // Every acknowledged set reads back: the value written, or a later one of the same key.
      const reader = new Cache({ cacheDir: dir });
      for (const [key, seq] of acknowledged) {
        const value = (await reader.get(key)) as { s: number } | undefined;
        assert.ok(value, `${where}: ${key} (seq ${seq}) resolved before the kill but is gone`);
        assert.equal(checkValue(value, key), undefined, `${where}: ${key}`);
        assert.ok(value.s >= seq, `${where}: ${key} went back from seq ${seq} to ${value.s}`);
        readBacks++;
      }
    }
    assert.ok(acks > 0, 'the writer never got to write');
    report('crash mid-write', {
      'kill rounds': ROUNDS,
      'sets acknowledged': acks,
      'files checked': filesChecked,
      'temp files left by kills': tempFilesSeen,
      'temp files removed by cleanup': tempFilesRemoved,
      'read-backs': readBacks,
      seed,
    });
  });
});
