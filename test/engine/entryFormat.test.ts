import * as assert from 'node:assert/strict';
import { StorageError } from '../../src/engine';
import { parseEntry, parseEntryHead, serializeEntry, toUnixSeconds } from '../../src/engine/entryFormat';
import { toJson } from '../../src/engine/jsonValue';

const MTIME_MS = 1_600_000_000_000;

function isNotJson(error: unknown): boolean {
  return error instanceof StorageError && error.code === 'ENOTJSON';
}

suite('entry format', () => {
  suite('toJson', () => {
    test('writes compact JSON as Python json.dumps(separators=(",", ":"), ensure_ascii=False) does', () => {
      assert.equal(toJson({ a: [1, 2.5, 'é\n"', null, true], b: {} }), '{"a":[1,2.5,"é\\n\\"",null,true],"b":{}}');
      assert.equal(toJson('\u0001\u2028'), '"\\u0001\u2028"');
    });

    test('writes tiny numbers in Python float notation (1e-05, not 0.00001)', () => {
      assert.equal(toJson([0.00001, 1e-7, 1.5e-10, 0.0001, -2e-5]), '[1e-05,1e-07,1.5e-10,0.0001,-2e-05]');
      assert.equal(toJson({ x: { y: 5e-324 } }), '{"x":{"y":5e-324}}');
    });

    test('refuses every value JSON.stringify would silently change or drop', () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      const refused: unknown[] = [undefined, () => 1, Symbol('s'), 10n, NaN, Infinity, -Infinity, cyclic, { a: undefined },
        // eslint-disable-next-line no-sparse-arrays -- a hole is what is tested
        [1, undefined], [1, , 3], { deep: [{ n: NaN }] }, new Map([[1, 2]]), new Set([1]), new (class Point { x = 1 })()];
      for (const value of refused) assert.throws(() => toJson(value), isNotJson, String(value));
    });

    test('says where the offending part is', () => {
      assert.throws(() => toJson({ items: [1, { n: NaN }] }), /value\.items\[1\]\.n/);
    });

    test('accepts shared (non-cyclic) references and objects with toJSON such as Date', () => {
      const shared = { v: 1 };
      assert.equal(toJson({ a: shared, b: shared }), '{"a":{"v":1},"b":{"v":1}}');
      assert.equal(toJson({ d: new Date(0) }), '{"d":"1970-01-01T00:00:00.000Z"}');
    });
  });

  suite('serializeEntry', () => {
    test('puts timestamp, then ttl and key when present, then data', () => {
      assert.equal(serializeEntry({ timestamp: 1700000000.5 }, '{"a":1}'), '{"timestamp":1700000000.5,"data":{"a":1}}');
      assert.equal(serializeEntry({ timestamp: 1700000000, ttl: 60, key: 'k' }, '1'), '{"timestamp":1700000000,"ttl":60,"key":"k","data":1}');
    });
  });

  suite('parseEntry (forgiving)', () => {
    test('reads compact and pretty files alike', () => {
      const compact = parseEntry('{"timestamp":1700000000,"data":{"a":1}}', MTIME_MS);
      const pretty = parseEntry('{\n    "timestamp": 1700000000,\n    "data": {\n        "a": 1\n    }\n}\n', MTIME_MS);
      for (const parsed of [compact, pretty]) {
        assert.ok(parsed.readable);
        assert.equal(parsed.timestamp, 1700000000);
        assert.deepEqual(parsed.data, { a: 1 });
      }
    });

    test('accepts integer, float, millisecond and ISO-8601 timestamps; a missing one means the mtime', () => {
      const cases: [string, number][] = [
        ['1700000000', 1700000000],
        ['1700000000.25', 1700000000.25],
        ['1700000000250', 1700000000.25],
        ['"2023-11-14T22:13:20Z"', 1700000000],
        ['"2023-11-14T22:13:20.500+00:00"', 1700000000.5],
        ['"1700000000"', 1700000000],
      ];
      for (const [raw, seconds] of cases) {
        const parsed = parseEntry(`{"timestamp":${raw},"data":null}`, MTIME_MS);
        assert.ok(parsed.readable, raw);
        assert.equal(parsed.timestamp, seconds, raw);
        assert.equal(parsed.timestampSource, 'file');
      }
      const missing = parseEntry('{"data":1}', MTIME_MS);
      assert.ok(missing.readable);
      assert.equal(missing.timestamp, MTIME_MS / 1000);
      assert.equal(missing.timestampSource, 'mtime');
    });

    test('a file that is not an entry is unreadable with a human reason', () => {
      const cases: [string, RegExp][] = [
        ['', /empty/],
        ['{"timestamp":1,', /not valid JSON/],
        ['[1,2]', /array/],
        ['{"timestamp":1700000000}', /no "data"/],
        ['{"timestamp":"yesterday","data":1}', /neither a number nor an ISO-8601 date/],
        ['{"timestamp":true,"data":1}', /neither a number/],
      ];
      for (const [text, problem] of cases) {
        const parsed = parseEntry(text, MTIME_MS);
        assert.equal(parsed.readable, false, text);
        assert.match((parsed as { problem: string }).problem, problem);
      }
    });

    test('a byte-order mark and a malformed per-entry ttl are tolerated', () => {
      const parsed = parseEntry('\ufeff{"timestamp":5,"ttl":"soon","data":2}', MTIME_MS);
      assert.ok(parsed.readable);
      assert.equal(parsed.ttl, undefined);
    });

    test('toUnixSeconds rejects what is not a time', () => {
      for (const raw of ['', 'soon', {}, [], true, NaN]) assert.equal(toUnixSeconds(raw), undefined);
      assert.equal(toUnixSeconds(1700000000123456), 1700000000.123456);
    });
  });

  suite('parseEntryHead', () => {
    const bigData = JSON.stringify('x'.repeat(10_000));

    test('finds timestamp, ttl and key before a value cut off by the head', () => {
      const text = `{"timestamp":1700000000,"ttl":30,"key":"k","data":${bigData}}`.slice(0, 4096);
      const head = parseEntryHead(text, MTIME_MS);
      assert.ok(head?.readable);
      assert.equal(head.timestamp, 1700000000);
      assert.equal(head.ttl, 30);
      assert.equal(head.key, 'k');
      assert.equal(head.hasData, true);
    });

    test('cannot decide when data comes first and the timestamp is beyond the head', () => {
      const text = `{"data":${bigData},"timestamp":1}`.slice(0, 4096);
      assert.equal(parseEntryHead(text, MTIME_MS), undefined);
    });

    test('skips small fields of any kind before the timestamp, and reports broken JSON', () => {
      const head = parseEntryHead(`{"meta":{"a":[1,"}"]},"timestamp":"2023-11-14T22:13:20Z","data":${bigData}`.slice(0, 4096), MTIME_MS);
      assert.ok(head?.readable);
      assert.equal(head.timestamp, 1700000000);
      const broken = parseEntryHead(`{"timestamp" 1, "data":${bigData}`.slice(0, 4096), MTIME_MS);
      assert.equal(broken?.readable, false);
      assert.equal(parseEntryHead(`[${bigData}`.slice(0, 4096), MTIME_MS)?.readable, false);
    });
  });
});
