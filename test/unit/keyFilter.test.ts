// The view's filter: globs and substrings, case-insensitive, and no pattern that makes matching slow.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { GlobMatcher } from '../../src/extension/keys/globMatcher';
import { KeyFilter } from '../../src/extension/tree/keyFilter';

/** The obvious (backtracking) reference, only ever run on short strings. */
function reference(pattern: string, subject: string): boolean {
  const source = [...pattern].map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`).test(subject);
}

suite('key filter', () => {
  test('a glob matches the whole key; text without * or ? matches anywhere in it', () => {
    const glob = new KeyFilter('model:*:metrics');
    assert.equal(glob.matches('model:v3:metrics'), true);
    assert.equal(glob.matches('model:v3:metrics:old'), false);
    assert.equal(glob.matches('Model:V3:Metrics'), true, 'case is ignored');
    const text = new KeyFilter('metr');
    assert.equal(text.matches('model:v3:metrics'), true);
    assert.equal(text.matches('model:v3:mtr'), false);
    assert.equal(new KeyFilter('report:202?.01').matches('report:2024.01'), true);
    assert.equal(new KeyFilter('report:202?.01').matches('report:20245.01'), false);
  });

  test('characters a regular expression would treat specially are plain text', () => {
    assert.equal(new KeyFilter('a.b').matches('axb'), false);
    assert.equal(new KeyFilter('a.b').matches('a.b'), true);
    assert.equal(new KeyFilter('(x)+[y]').matches('key (x)+[y] here'), true);
    assert.equal(new KeyFilter('^$\\').matches('^$\\'), true);
  });

  test('agrees with a regular-expression reference on every small pattern and key', () => {
    const alphabet = fc.constantFrom('a', 'b', '*', '?', ':');
    const text = fc.constantFrom('a', 'b', ':');
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 8 }), fc.string({ unit: text, maxLength: 12 }), (pattern, subject) => {
        assert.equal(new GlobMatcher(pattern).matches(subject), reference(pattern, subject), `${pattern} on ${subject}`);
      }),
      { numRuns: 5000 },
    );
  });

  test('segments longer than one 32-bit word still match exactly', () => {
    const long = 'x'.repeat(40) + '?' + 'y'.repeat(30);
    const matcher = new GlobMatcher(`*${long}*`);
    assert.equal(matcher.matches(`pre${'x'.repeat(40)}Z${'y'.repeat(30)}post`), true);
    assert.equal(matcher.matches(`pre${'x'.repeat(40)}Z${'y'.repeat(29)}post`), false);
    assert.equal(matcher.matches('x'.repeat(39) + 'Z' + 'y'.repeat(30)), false);
  });

  test('pathological globs over 100,000 URL-like keys complete with the right answers', () => {
    // `*/*/*/*/*.png` stalled the host for seconds as a backtracking RegExp on 20 such keys; the bench times it.
    const keys = Array.from({ length: 100_000 }, (_, i) => `https://example.com/${'a/'.repeat(20)}image-${i}.jpg`);
    for (const pattern of ['*/*/*/*/*.png', '*a*a*a*a*a*a*a*a*b', '*?*?*?*?*?*?*?*x']) {
      const filter = new KeyFilter(pattern);
      assert.equal(keys.filter((key) => filter.matches(key)).length, 0, pattern);
    }
    const everything = new KeyFilter('*/*/*/*/*.jpg');
    assert.equal(keys.filter((key) => everything.matches(key)).length, 100_000);
  });
});
