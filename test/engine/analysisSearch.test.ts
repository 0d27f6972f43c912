// Find in Values on a real folder: values only (not the timestamp around them), chunked reads of large values,
// matches across chunk boundaries, links never followed, limits, cancellation.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cache, type EntryInfo } from '../../src/engine';
import { PatternError, searchCache, searchValues, type ValueMatch, type ValueQuery, type ValueSearchOptions } from '../../src/engine/search';
import { entryText, FIXTURE_TTL, NOW_S, writeEntries } from './analysisFixture';
import { useTempFolder } from './helpers';

suite('Find in Values (engine)', () => {
  const temp = useTempFolder();

  async function listing(): Promise<EntryInfo[]> {
    return new Cache({ cacheDir: temp.cacheDir, ttl: FIXTURE_TTL, now: () => NOW_S * 1000 }).entries();
  }

  async function find(query: ValueQuery, options: ValueSearchOptions = {}): Promise<{ matches: ValueMatch[]; report: Awaited<ReturnType<typeof searchValues>> }> {
    const matches: ValueMatch[] = [];
    const report = await searchValues(await listing(), query, { ...options, onMatch: (m) => matches.push(m) });
    matches.sort((a, b) => (a.entry.key < b.entry.key ? -1 : 1));
    return { matches, report };
  }

  setup(() => {
    writeEntries(temp.cacheDir, [
      ['customer:4711', entryText(10, { id: 4711, name: 'Ada Lovelace', note: 'first programmer' })],
      ['customer:47110', entryText(10, { id: 47110, name: 'Grace Hopper' })],
      ['log:timestamp', entryText(10, 'the word timestamp inside a value')],
      ['expired:one', entryText(10 * FIXTURE_TTL, { name: 'ADA the expired' })],
      ['broken', '{"timestamp": 1, "data": "Ada but unreadable'],
    ]);
  });

  test('finds text in values, case-insensitive, fresh and expired, never in the fields around them', async () => {
    const { matches, report } = await find({ text: 'ada' });
    assert.deepEqual(matches.map((m) => [m.entry.key, m.entry.state, m.text]), [
      ['customer:4711', 'fresh', 'Ada'],
      ['expired:one', 'expired', 'ADA'],
    ]);
    assert.equal(report.searched, 4, 'the unreadable file has no value to search');
    const { matches: timestamp } = await find({ text: 'timestamp' });
    assert.deepEqual(timestamp.map((m) => m.entry.key), ['log:timestamp'], 'the "timestamp" field itself is not a value');
  });

  test('case-sensitive when asked; a line of context around the match, with the offset in the value', async () => {
    const { matches } = await find({ text: 'ADA', caseSensitive: true });
    assert.deepEqual(matches.map((m) => m.entry.key), ['expired:one']);
    const [match] = (await find({ text: 'Lovelace' })).matches;
    const value = JSON.stringify({ id: 4711, name: 'Ada Lovelace', note: 'first programmer' });
    assert.equal(match!.offset, value.indexOf('Lovelace'));
    assert.equal(match!.context.slice(match!.contextOffset, match!.contextOffset + match!.length), 'Lovelace');
    assert.ok(match!.context.includes('"name":"Ada Lovelace"'), match!.context);
  });

  test('a regular expression finds customer 4711 and not 47110', async () => {
    const { matches } = await find({ text: '"id":\\s*4711\\b', regex: true });
    assert.deepEqual(matches.map((m) => m.entry.key), ['customer:4711']);
  });

  test('a pattern outside the subset is refused before any file is read', async () => {
    await assert.rejects(searchValues(await listing(), { text: '(a)\\1', regex: true }), PatternError);
  });

  test('a large value is read in chunks; a match at its end, and one across a chunk boundary, are found', async () => {
    const big = 'x'.repeat(3_000_000);
    writeEntries(temp.cacheDir, [['big', entryText(0, `${big}needle-at-the-end`)]]);
    const { matches } = await find({ text: 'needle-at-the-end' });
    assert.equal(matches[0]?.entry.key, 'big');
    assert.equal(matches[0]!.offset, 1 + big.length, 'after the opening quote and the padding');
    // 7-byte chunks cut the needle (and the é's two bytes) anywhere.
    writeEntries(temp.cacheDir, [['small', entryText(0, 'café au lait, needle here')]]);
    const small = (await listing()).filter((e) => e.key === 'small');
    for (const query of [{ text: 'café au lait, needle' }, { text: 'caf. au l[a-z]+t', regex: true }]) {
      const found: ValueMatch[] = [];
      await searchValues(small, query, { chunkBytes: 7, onMatch: (m) => found.push(m) });
      assert.deepEqual(found.map((m) => m.text), [query.regex ? 'café au lait' : 'café au lait, needle'], query.text);
    }
  });

  test('a link among the entry files is not followed: skipped, with the reason', async () => {
    const outside = path.join(temp.parent, 'outside.json');
    fs.writeFileSync(outside, entryText(0, 'secret Ada outside the cache'));
    fs.symlinkSync(outside, path.join(temp.cacheDir, 'link.json'));
    // A listing taken as the file was a regular entry, then swapped for a link: the search must still refuse it.
    const entries = await listing();
    const linked = entries.find((e) => e.key === 'link');
    const target = { ...(linked ?? entries[0]!), key: 'link', path: path.join(temp.cacheDir, 'link.json'), state: 'fresh' as const };
    const matches: ValueMatch[] = [];
    const report = await searchValues([target], { text: 'secret' }, { onMatch: (m) => matches.push(m) });
    assert.deepEqual(matches, []);
    assert.equal(report.skipped.length, 1);
    assert.match(report.skipped[0]!.reason, /ELOOP|link/i);
    // Searching the folder by its names: the link is opened without following it, and skipped the same way.
    const viaNames: ValueMatch[] = [];
    const byNames = await searchCache(new Cache({ cacheDir: temp.cacheDir, ttl: FIXTURE_TTL }), { text: 'secret' }, { onMatch: (m) => viaNames.push(m) });
    assert.deepEqual(viaNames, []);
    assert.deepEqual(byNames.skipped.map((s) => path.basename(s.path)), ['link.json']);
  });

  test('stops at maxResults and says so', async () => {
    const { matches, report } = await find({ text: '"' }, { maxResults: 2 });
    assert.equal(matches.length, 2);
    assert.equal(report.truncated, true);
  });

  test('progress after each file, and an abort stops the search with its reason', async () => {
    writeEntries(
      temp.cacheDir,
      Array.from({ length: 300 }, (_, i): [string, string] => [`many:${i}`, entryText(0, 'nothing to see')]),
    );
    const controller = new AbortController();
    const seen: number[] = [];
    const run = searchValues(await listing(), { text: 'zzz' }, {
      signal: controller.signal,
      onProgress: (done, total) => {
        seen.push(done);
        assert.equal(total, 304);
        if (done === 50) controller.abort(new Error('stopped by the test'));
      },
    });
    await assert.rejects(run, /stopped by the test/);
    assert.ok(seen.length >= 50 && seen.length < 304);
  });

  test('searchCache searches the folder from its names, without a listing: the same results, the total from the names', async () => {
    writeEntries(temp.cacheDir, Array.from({ length: 600 }, (_, i): [string, string] => [`many:${i}`, entryText(0, i % 100 === 0 ? 'Ada again' : 'nothing')]));
    const cache = new Cache({ cacheDir: temp.cacheDir, ttl: FIXTURE_TTL, now: () => NOW_S * 1000 });
    const streamed: string[] = [];
    const totals = new Set<number | undefined>();
    const report = await searchCache(cache, { text: 'ada' }, { onMatch: (m) => streamed.push(m.entry.key), onProgress: (_, total) => totals.add(total) });
    const { matches } = await find({ text: 'ada' });
    assert.deepEqual(streamed.sort(), matches.map((m) => m.entry.key).sort());
    assert.equal(streamed.length, 8);
    assert.deepEqual([...totals], [605]);
    assert.equal(report.searched, 605, 'the unreadable file is scanned too, and its match judged no result');
    const controller = new AbortController();
    const stopped = searchCache(cache, { text: 'ada' }, { signal: controller.signal, onMatch: () => controller.abort(new Error('stopped at the first')) });
    await assert.rejects(stopped, /stopped at the first/);
  });
});
