// Find in Values' regular expressions: the same matches as JavaScript's RegExp on the subset they accept, in time
// linear in the text (a pattern that makes RegExp backtrack for ever finishes here), and clear refusals.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { LinearPattern } from '../../src/engine/search/patternMachine';
import { PatternError } from '../../src/engine/search/patternSyntax';

/**
 * Patterns over a small alphabet, so that matches are common and every operator is exercised; kept shallow, as
 * RegExp (the reference) can backtrack for ages on deep nests of quantifiers.
 */
const patternArbitrary: fc.Arbitrary<string> = fc.letrec<{ pattern: string; atom: string }>((tie) => ({
  atom: fc.oneof(
    { depthSize: 'small', maxDepth: 2 },
    fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', '\\w', '\\s', 'x', '^', '$', '\\b'),
    tie('pattern').map((p) => `(${p})`),
    tie('pattern').map((p) => `(?:${p})`),
  ),
  pattern: fc
    .array(
      fc.tuple(tie('atom'), fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '{0,}')).map(([atom, q]) => (/^(\^|\$|\\b)$/.test(atom) ? atom : atom + q)),
      { minLength: 1, maxLength: 3 },
    )
    .chain((parts) => fc.constantFrom(parts.join(''), parts.join('|'))),
})).pattern;

const textArbitrary = fc.string({ unit: fc.constantFrom('a', 'b', 'x', '1', ' ', '\n', '_'), maxLength: 16 });

suite('Find in Values: linear-time patterns', () => {
  test('finds what RegExp finds, at the same index, for generated patterns and texts', () => {
    fc.assert(
      fc.property(patternArbitrary, textArbitrary, fc.boolean(), (source, text, ignoreCase) => {
        const expected = new RegExp(source, ignoreCase ? 'mi' : 'm').exec(text);
        const found = new LinearPattern(source, ignoreCase).exec(text);
        assert.equal(found?.start, expected?.index, `/${source}/ on ${JSON.stringify(text)}`);
      }),
      // A fixed seed: RegExp, the reference, backtracks for minutes on a rare generated pattern, and a test must not.
      { numRuns: 1500, seed: 20261201 },
    );
  });

  test('text fed in chunks of any size finds the same match as whole', () => {
    fc.assert(
      fc.property(patternArbitrary, textArbitrary, fc.integer({ min: 1, max: 5 }), (source, text, size) => {
        const pattern = new LinearPattern(source);
        const scanner = pattern.scanner();
        let found;
        for (let i = 0; i < text.length && !found; i += size) found = scanner.feed(text.slice(i, i + size));
        found ??= scanner.end();
        assert.deepEqual(found, pattern.exec(text));
      }),
      { numRuns: 500, seed: 20261201 },
    );
  });

  test('a pattern that makes a backtracking engine hang runs through 100,000 characters', () => {
    // (a+)+$ against "aaaa…b" takes RegExp exponential time; here it is one pass.
    const text = `${'a'.repeat(100_000)}b`;
    assert.equal(new LinearPattern('(a+)+$').exec(text), undefined);
    assert.equal(new LinearPattern('(a|aa)*c').exec(text), undefined);
    assert.deepEqual(new LinearPattern('(a+)+b').exec(text), { start: 0, end: 100_001 });
  });

  test('refuses what cannot run in linear time, or is not understood, saying where', () => {
    const refusals: [string, RegExp][] = [
      ['(a)\\1', /Backreferences are not supported.*position 4/],
      ['a(?=b)', /Lookahead and lookbehind are not supported/],
      ['(?<!a)b', /Lookahead and lookbehind are not supported/],
      ['\\p{L}', /Unicode property escapes/],
      ['(ab', /Unterminated group/],
      ['ab)', /Unmatched \)/],
      ['[ab', /Unterminated \[/],
      ['*a', /Nothing to repeat/],
      ['a{5,2}', /out of order/],
      ['a{2000}', /A count above 1000/],
      ['(a{1000}){1000}', /too large/],
    ];
    for (const [source, message] of refusals) {
      assert.throws(() => new LinearPattern(source), (error: unknown) => error instanceof PatternError && message.test(error.message), source);
    }
  });

  test('escapes, classes and ranges read as in JavaScript', () => {
    const cases: [string, string, number | undefined][] = [
      ['\\x41\\u0042', 'xAB', 1],
      ['[a-c]+d', 'zzbcad', 2],
      ['[\\d-]+', 'tel 12-34', 4],
      ['a{', 'a{', 0],
      ['\\.json$', 'x.json', 1],
      ['"id":\\s*4711\\b', '{"id": 4711}', 1],
      ['"id":\\s*4711\\b', '{"id": 47110}', undefined],
    ];
    for (const [source, text, index] of cases) {
      assert.equal(new LinearPattern(source).exec(text)?.start, index, `/${source}/ on ${text}`);
      assert.equal(new RegExp(source, 'm').exec(text)?.index, index, 'the case itself agrees with RegExp');
    }
  });
});
