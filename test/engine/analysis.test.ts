// The analysis' figures, exact, on a real folder whose every file size and expiry is known.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cache, keyToFileName, type EntryInfo } from '../../src/engine';
import { analysisToMarkdown, analyzeCache, analyzeEntries, type CacheAnalysis, type NamespaceStats } from '../../src/engine/analysis';
import { entryText, FIXTURE_TTL, NOW_S, sizeOf, writeEntries, type FixtureEntry } from './analysisFixture';
import { useTempFolder } from './helpers';

const HOUR = 3600;
const DAY = 86_400;

function child(namespace: NamespaceStats, name: string): NamespaceStats {
  const found = namespace.children.find((c) => c.name === name);
  assert.ok(found, `no namespace ${name} under ${namespace.prefix || '(root)'}: ${namespace.children.map((c) => c.name).join(', ')}`);
  return found;
}

suite('Cache analysis', () => {
  const temp = useTempFolder();
  let files: FixtureEntry[];
  let analysis: CacheAnalysis;

  setup(async () => {
    files = writeEntries(temp.cacheDir, [
      ['model:v3:metrics', entryText(100, 'a'.repeat(10))], // default ttl, 3,500 s left: within the hour
      ['model:v3:weights', entryText(100, 'b'.repeat(5000), 2 * HOUR)], // own ttl, 7,100 s left: within the day
      ['model:v2:metrics', entryText(2 * HOUR, 'c'.repeat(30))], // expired an hour ago
      ['model:v2:old', entryText(3 * DAY, 'd'.repeat(40))], // the oldest, expired
      ['report:2024', entryText(0, 'e'.repeat(200), 3 * DAY)], // within the week
      ['report:2025', entryText(0, 'f'.repeat(300), 30 * DAY)], // later
      ['plain', entryText(10, 'g')], // no namespace, within the hour
      ['broken:json', '{"timestamp": 1, "data": [1, 2'],
      ['broken:truncated', '{"timestamp": 1, "data": {"a": tru'],
      ['broken:empty', ''],
      ['broken:nodata', '{"timestamp": 1}'],
    ]);
    const cache = new Cache({ cacheDir: temp.cacheDir, ttl: FIXTURE_TTL, now: () => NOW_S * 1000 });
    analysis = await analyzeCache(cache, { now: NOW_S * 1000, topEntries: 3 });
  });

  test('totals count every file and its bytes on disk, by state', () => {
    const all = files.reduce((sum, f) => sum + f.size, 0);
    const broken = sizeOf(files, 'broken:json', 'broken:truncated', 'broken:empty', 'broken:nodata');
    const expired = sizeOf(files, 'model:v2:metrics', 'model:v2:old');
    assert.deepEqual(analysis.totals, {
      count: 11,
      bytes: all,
      fresh: { count: 5, bytes: all - broken - expired },
      expired: { count: 2, bytes: expired },
      unreadable: { count: 4, bytes: broken },
    });
    assert.equal(analysis.complete, true);
  });

  test('namespaces sum their entries, biggest first, with a drill-down to the next level', () => {
    const root = analysis.namespaces;
    assert.deepEqual(
      root.children.map((c) => c.name),
      ['model', 'report', 'broken', '(no namespace)'],
    );
    const model = child(root, 'model');
    assert.equal(model.count, 4);
    assert.equal(model.bytes, sizeOf(files, 'model:v3:metrics', 'model:v3:weights', 'model:v2:metrics', 'model:v2:old'));
    assert.deepEqual(model.expired, { count: 2, bytes: sizeOf(files, 'model:v2:metrics', 'model:v2:old') });
    const v3 = child(model, 'v3');
    assert.equal(v3.prefix, 'model:v3');
    assert.deepEqual({ count: v3.count, bytes: v3.bytes }, { count: 2, bytes: sizeOf(files, 'model:v3:metrics', 'model:v3:weights') });
    assert.deepEqual(v3.direct, { count: 2, bytes: v3.bytes }, 'both keys end right under model:v3');
    assert.deepEqual(v3.defaultTtl, { count: 1, bytes: sizeOf(files, 'model:v3:metrics') }, 'weights has its own ttl');
    assert.deepEqual(child(root, '(no namespace)').direct, { count: 1, bytes: sizeOf(files, 'plain') });
    assert.equal(child(root, 'broken').count, 4);
  });

  test('the expiry timeline puts each readable entry in its bucket, from expired to later', () => {
    assert.deepEqual(analysis.timeline, {
      expired: { count: 2, bytes: sizeOf(files, 'model:v2:metrics', 'model:v2:old') },
      hour: { count: 2, bytes: sizeOf(files, 'model:v3:metrics', 'plain') },
      day: { count: 1, bytes: sizeOf(files, 'model:v3:weights') },
      week: { count: 1, bytes: sizeOf(files, 'report:2024') },
      later: { count: 1, bytes: sizeOf(files, 'report:2025') },
    });
  });

  test('the biggest and the oldest entries, as many as asked', () => {
    assert.deepEqual(
      analysis.biggest.map((e) => [e.key, e.size]),
      [
        ['model:v3:weights', sizeOf(files, 'model:v3:weights')],
        ['report:2025', sizeOf(files, 'report:2025')],
        ['report:2024', sizeOf(files, 'report:2024')],
      ],
    );
    assert.deepEqual(
      analysis.oldest.map((e) => e.key),
      ['model:v2:old', 'model:v2:metrics', 'model:v3:metrics'],
    );
    assert.equal(analysis.oldest[0]!.timestamp, NOW_S - 3 * DAY);
    assert.ok(analysis.biggest[0]!.path.endsWith('model%3Av3%3Aweights.json') || analysis.biggest[0]!.path.endsWith('model:v3:weights.json'));
  });

  test('unreadable files are grouped by reason, the parser details taken out', () => {
    const groups = analysis.unreadable.map((g) => [g.reason, g.count, g.examples.map((e) => e.key).sort()]);
    assert.deepEqual(groups, [
      ['The file is not valid JSON.', 2, ['broken:json', 'broken:truncated']],
      ['Not a cache entry: the object has no "data" field.', 1, ['broken:nodata']],
      ['The file is empty.', 1, ['broken:empty']],
    ]);
  });

  test('recommendations: clean up what expired, show the unreadable files, open the entry that holds most bytes', () => {
    const kinds = analysis.recommendations.map((r) => r.kind);
    assert.deepEqual(kinds, ['expired', 'unreadable', 'dominantEntry']);
    const expired = analysis.recommendations[0]!;
    assert.deepEqual(expired.action, { id: 'cleanupExpired' });
    const dominant = analysis.recommendations[2]!;
    assert.equal(dominant.kind === 'dominantEntry' && dominant.entry.key, 'model:v3:weights');
  });

  test('the unreadable files\' recommendation says since when: the oldest one\'s mtime, by reason and in all', async () => {
    const at = (hour: number) => new Date(2023, 10, 14, hour, 0, 0);
    const touch = (key: string, time: Date) => fs.utimesSync(path.join(temp.cacheDir, keyToFileName(key)), time, time);
    touch('broken:json', at(11));
    touch('broken:truncated', at(9));
    touch('broken:empty', at(10));
    touch('broken:nodata', at(12));
    const cache = new Cache({ cacheDir: temp.cacheDir, ttl: FIXTURE_TTL, now: () => NOW_S * 1000 });
    const now = at(15).getTime();
    const again = await analyzeCache(cache, { now });
    assert.deepEqual(again.unreadable.map((g) => [g.reason, g.since]), [
      ['The file is not valid JSON.', at(9).getTime()],
      ['Not a cache entry: the object has no "data" field.', at(12).getTime()],
      ['The file is empty.', at(10).getTime()],
    ]);
    const unreadable = again.recommendations.find((r) => r.kind === 'unreadable');
    assert.equal(unreadable?.kind === 'unreadable' && unreadable.since, at(9).getTime());
    // The same day as the analysis: the time alone; another day: the date too.
    assert.match(analysisToMarkdown(again), /^- \*\*Show\*\*: 4 unreadable files since 09:00 \(/m);
    assert.match(analysisToMarkdown({ ...again, now: at(15).getTime() + DAY * 1000 }), /^- \*\*Show\*\*: 4 unreadable files since 2023-11-14 09:00 \(/m);
    assert.match(analysisToMarkdown(again), /^\| The file is empty\. \| 1 \| 0 B \| 10:00 \| `broken(:|%3A)empty\.json` \|$/m);
  });

  test('a folder is analysed as it is read: the first progress, with a snapshot, comes after the first batch, the total known from the names', async () => {
    writeEntries(temp.cacheDir, Array.from({ length: 600 }, (_, i): [string, string] => [`bulk:${i}`, entryText(10, i)]));
    const cache = new Cache({ cacheDir: temp.cacheDir, ttl: FIXTURE_TTL, now: () => NOW_S * 1000 });
    const reports: { done: number; total?: number; counted: number }[] = [];
    const result = await analyzeCache(cache, {
      now: NOW_S * 1000,
      onProgress: ({ done, total, snapshot }) => reports.push({ done, total, counted: snapshot().totals.count }),
    });
    assert.equal(result.totals.count, 611);
    assert.ok(reports[0]!.done > 0 && reports[0]!.done <= 256, `first report after ${reports[0]!.done} entries`);
    assert.deepEqual(reports.map((r) => r.total), reports.map(() => 611));
    assert.ok(reports.every((r) => r.counted === r.done), 'each snapshot holds what was seen so far');
  });

  test('a namespace whose entries carry no ttl of their own and hold 30 % of the bytes is named, with its filter', async () => {
    const [big] = writeEntries(temp.cacheDir, [['report:big', entryText(0, 'h'.repeat(20_000))]]);
    const cache = new Cache({ cacheDir: temp.cacheDir, ttl: FIXTURE_TTL, now: () => NOW_S * 1000 });
    const again = await analyzeCache(cache, { now: NOW_S * 1000 });
    const found = again.recommendations.find((r) => r.kind === 'namespaceWithoutTtl');
    assert.ok(found && found.kind === 'namespaceWithoutTtl');
    assert.equal(found.prefix, 'report');
    assert.deepEqual(found.action, { id: 'filter', filter: 'report:*' });
    assert.deepEqual(found.defaultTtl, { count: 1, bytes: big!.size }, 'report:2024 and :2025 have ttls of their own');
  });

  test('the Markdown export holds the totals, the namespaces and the recommendations', () => {
    const markdown = analysisToMarkdown(analysis);
    assert.match(markdown, /^# Cache analysis: `.*cache`$/m);
    assert.match(markdown, /^\| All \| 11 \| /m);
    assert.match(markdown, /^\| model:v3 \| 2 \| /m);
    assert.match(markdown, /^- \*\*Clean Up\*\*: 2 expired entries hold /m);
    assert.match(markdown, /^\| The file is not valid JSON\. \| 2 \| /m);
  });
});

suite('Cache analysis at scale', () => {
  /** Entries made in memory: the listing's shape, without a disk, to check bounds and order over many. */
  function generated(count: number): EntryInfo[] {
    return Array.from({ length: count }, (_, i) => ({
      key: `user:${i}:profile`,
      fileName: `user%3A${i}%3Aprofile.json`,
      path: `/nowhere/user%3A${i}%3Aprofile.json`,
      size: (i * 7919) % 100_003,
      timestamp: NOW_S - (i % 5000),
      ttl: FIXTURE_TTL,
      expiresAt: NOW_S - (i % 5000) + FIXTURE_TTL,
      state: i % 5000 > FIXTURE_TTL ? 'expired' : 'fresh',
    }));
  }

  test('the biggest ten of 50,000 are the ten a full sort finds', async () => {
    const entries = generated(50_000);
    const result = await analyzeEntries(entries, { now: NOW_S * 1000, ttl: FIXTURE_TTL });
    const sorted = [...entries].sort((a, b) => b.size - a.size || (a.key < b.key ? -1 : 1)).slice(0, 10);
    assert.deepEqual(result.biggest.map((e) => e.key), sorted.map((e) => e.key));
    assert.equal(result.totals.count, 50_000);
  });

  test('past the tracked limit, sub-namespaces are summed, not kept one by one', async () => {
    const result = await analyzeEntries(generated(5000), { maxTrackedNamespaces: 100, topNamespaces: 5 });
    const user = result.namespaces.children[0]!;
    assert.equal(user.count, 5000);
    assert.equal(user.children.length, 5);
    const listed = user.children.reduce((sum, c) => sum + c.count, 0);
    assert.equal(listed + user.otherChildren.count, 5000, 'no entry is lost');
    assert.equal(user.otherChildren.namespaces, 95);
    assert.equal(user.otherChildren.untracked, true);
  });

  test('namespaces tracked one by one are capped over all levels too, and nothing is lost', async () => {
    // 100 top-level namespaces of 50 sub-namespaces: no namespace passes 100 children, but 5,100 in all pass 20 × 100.
    const entries = generated(5000).map((entry, i) => ({ ...entry, key: `top${i % 100}:sub${i}:leaf` }));
    const result = await analyzeEntries(entries, { maxTrackedNamespaces: 100, topNamespaces: 200, namespaceDepth: 2 });
    const tops = result.namespaces.children;
    assert.equal(tops.length, 100);
    assert.ok(tops.some((top) => top.otherChildren.untracked), 'later namespaces are summed, not tracked');
    for (const top of tops) {
      const listed = top.children.reduce((sum, c) => sum + c.count, 0);
      assert.equal(listed + top.otherChildren.count, top.count, `${top.name}: no entry is lost`);
    }
    const tracked = tops.length + tops.reduce((sum, top) => sum + top.children.length, 0);
    assert.equal(tracked, 2000);
  });

  test('progress reports snapshots on the way, and an abort stops the run with its reason', async () => {
    const entries = generated(200_000);
    const controller = new AbortController();
    const seen: number[] = [];
    const run = analyzeEntries(entries, {
      signal: controller.signal,
      onProgress: (progress) => {
        seen.push(progress.done);
        const snapshot = progress.snapshot();
        assert.equal(snapshot.complete, false);
        assert.equal(snapshot.totals.count, progress.done);
        if (seen.length === 2) controller.abort(new Error('stopped by the test'));
      },
    });
    await assert.rejects(run, /stopped by the test/);
    assert.ok(seen.length >= 2 && seen.at(-1)! < 200_000, `progress: ${seen.join(', ')}`);
  });

  test('an async iterable listing works as well as an array', async () => {
    async function* stream() {
      yield* generated(1000);
    }
    const result = await analyzeEntries(stream(), { ttl: FIXTURE_TTL });
    assert.equal(result.totals.count, 1000);
  });
});
