// A value's own JSON text: validated strictly, compacted and pretty-printed token by token, and stored exactly.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Cache, compactJsonText, findDataValue, formatJsonText, JsonTextError, readFileHead, headText, StorageError } from '../../src/engine';
import { useTempFolder } from './helpers';

const EXACT = '{"id":12345678901234567890,"ratio":1.0,"zero":-0,"huge":1e400,"__proto__":{"x":1},"b":2,"a":[]}';

suite('JSON text', () => {
  const temp = useTempFolder();

  test('compacting keeps every token as written: big numbers, 1.0, -0, 1e400, __proto__ and key order', () => {
    const pretty = formatJsonText(EXACT).text;
    assert.equal(
      pretty,
      '{\n  "id": 12345678901234567890,\n  "ratio": 1.0,\n  "zero": -0,\n  "huge": 1e400,\n  "__proto__": {\n    "x": 1\n  },\n  "b": 2,\n  "a": []\n}',
    );
    assert.equal(compactJsonText(pretty), EXACT);
    assert.equal(compactJsonText(' "a b\\u0020\\"c" '), '"a b\\u0020\\"c"', 'strings are never rewritten');
  });

  test('pretty-printing lays out like JSON.stringify(value, null, 2) for any ordinary value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const compact = JSON.stringify(value);
        // -0 prints as 0 in JSON.stringify: compare against what the text says, not the parsed value.
        assert.equal(formatJsonText(compact).text, JSON.stringify(JSON.parse(compact), null, 2));
        assert.equal(compactJsonText(formatJsonText(compact).text), compact);
      }),
      { numRuns: 300 },
    );
  });

  test('anything but strict JSON is refused with what and where', () => {
    const problems: Array<[string, string]> = [
      ['{\n  "rows": 4,\n}', 'A trailing comma is not allowed in JSON at line 3, column 1'],
      ['{"a": 1} // note', 'Comments are not allowed in JSON at line 1, column 10'],
      ['{"a": 1} 2', 'End of text expected at line 1, column 10'],
      ['[1, 2,]', 'A trailing comma is not allowed in JSON at line 1, column 7'],
      ['{"a": 1,, "b": 2}', 'Property name expected at line 1, column 9'],
      ['{"a" 1}', 'Colon expected at line 1, column 6'],
      ['01', 'Invalid number or literal at line 1, column 2'],
      ['NaN', 'Value expected at line 1, column 1'],
      ["{'a': 1}", 'Property name expected at line 1, column 2'],
      ['"tab\there"', 'A control character must be escaped in a string at line 1, column 5'],
      ['"\\x"', 'Invalid escape in a string at line 1, column 2'],
      ['"\ud800"', 'A lone surrogate cannot be stored as UTF-8 at line 1, column 2'],
      ['', 'Value expected at line 1, column 1'],
      ['[1', 'Unexpected end of text at line 1, column 3'],
      ['['.repeat(901) + ']'.repeat(901), 'Nested deeper than 900 levels at line 1, column 901'],
    ];
    for (const [text, message] of problems) {
      assert.throws(() => compactJsonText(text), (error: unknown) => {
        assert.ok(error instanceof JsonTextError && error instanceof StorageError, text);
        assert.equal(error.code, 'ENOTJSON');
        assert.equal(error.message, message, text);
        return true;
      });
    }
  });

  test('a preview stops after its lines and formats a cut-off head as far as it goes', () => {
    const head = '{"rows":[1,2,3,4,5,6],"name":"unfinis';
    const preview = formatJsonText(head, { maxLines: 4 });
    assert.deepEqual(preview, { text: '{\n  "rows": [\n    1,\n    2,', complete: false });
    assert.deepEqual(formatJsonText('[1]', { maxLines: 4 }), { text: '[\n  1\n]', complete: true });
  });

  test('the data member of an entry file is found by position, in a whole file or a head', () => {
    const file = '\ufeff{"timestamp": 1700000000, "ttl": 5, "data": {"a": [1, {"b": 2}]}, "after": 1}';
    const found = findDataValue(file)!;
    assert.equal(file.slice(found.start, found.end), '{"a": [1, {"b": 2}]}');
    const scalar = findDataValue('{"data":"x","timestamp":1}')!;
    assert.deepEqual(scalar, { start: 8, end: 11 });
    assert.deepEqual(findDataValue('{"timestamp":1,"data":[1,2'), { start: 22 }, 'a head: the start only');
    assert.equal(findDataValue('{"key":"data","timestamp":1}'), undefined, 'a string value named data is no member');
    assert.equal(findDataValue('[{"data":1}]'), undefined);
    const twice = findDataValue('{"data":1,"d\\u0061ta":2}')!;
    assert.deepEqual(twice, { start: 22, end: 23 }, 'the last data member wins, as for JSON.parse');
  });

  test('setJsonText stores the text exactly, compact, as the Python tool writes it, and keeps a ttl', async () => {
    const cache = new Cache({ cacheDir: temp.cacheDir });
    await cache.setJsonText('exact', formatJsonText(EXACT).text, { ttl: 60 });
    const file = fs.readFileSync(path.join(temp.cacheDir, 'exact.json'), 'utf8');
    assert.match(file, /^\{"timestamp":[0-9.]+,"ttl":60,"data":(.*)\}$/);
    assert.equal(file.slice(file.indexOf('"data":') + 7, -1), EXACT);
    const read = (await cache.peek<Record<string, unknown>>('exact'))!.data!;
    assert.equal(read.b, 2);
    assert.ok(Object.prototype.hasOwnProperty.call(read, '__proto__'), 'the __proto__ member is data, not a prototype');
  });

  test('setJsonText refuses invalid text and leaves the entry as it was', async () => {
    const cache = new Cache({ cacheDir: temp.cacheDir });
    await cache.set('kept', { rows: 1 });
    const before = fs.readFileSync(path.join(temp.cacheDir, 'kept.json'), 'utf8');
    await assert.rejects(cache.setJsonText('kept', '{"rows": 2,}'), /A trailing comma is not allowed in JSON at line 1, column 12/);
    assert.equal(fs.readFileSync(path.join(temp.cacheDir, 'kept.json'), 'utf8'), before);
    assert.deepEqual(await cache.get('kept'), { rows: 1 });
  });

  test('readFileHead reads a bounded head, says when it is cut, and never follows a link', async () => {
    fs.mkdirSync(temp.cacheDir);
    const big = path.join(temp.cacheDir, 'big.json');
    fs.writeFileSync(big, `{"timestamp":1,"data":"${'é'.repeat(10_000)}"}`);
    const head = await readFileHead(big, 100);
    assert.equal(head.bytes.length, 100);
    assert.equal(head.truncated, true);
    assert.equal(head.size, fs.statSync(big).size);
    assert.ok(headText(head).startsWith('{"timestamp":1,"data":"éé'));
    const whole = await readFileHead(big, 1 << 20);
    assert.equal(whole.truncated, false);
    const link = path.join(temp.cacheDir, 'link.json');
    fs.symlinkSync(big, link);
    await assert.rejects(readFileHead(link, 100), /ELOOP|EMLINK|symbolic/i);
    await assert.rejects(readFileHead(temp.cacheDir, 100), (error: unknown) => (error as StorageError).code === 'EISDIR');
  });
});
