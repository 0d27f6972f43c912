// Durations typed into Set Expiry…: what is accepted, and why the rest is refused.
import * as assert from 'node:assert/strict';
import { formatDuration, parseDuration } from '../../src/extension/commands/duration';

suite('Set Expiry durations', () => {
  test('a whole number and one unit, in any case, spaces around or between', () => {
    assert.deepEqual(parseDuration('90s'), { seconds: 90 });
    assert.deepEqual(parseDuration('15m'), { seconds: 900 });
    assert.deepEqual(parseDuration(' 2H '), { seconds: 7200 });
    assert.deepEqual(parseDuration('3 d'), { seconds: 259200 });
  });

  test('refuses text, negatives, zero, fractions, missing units and absurd lengths, each with its reason', () => {
    assert.deepEqual(parseDuration('abc'), { problem: 'notDuration' });
    assert.deepEqual(parseDuration('-5m'), { problem: 'negative' });
    assert.deepEqual(parseDuration(''), { problem: 'empty' });
    assert.deepEqual(parseDuration('0h'), { problem: 'zero' });
    assert.deepEqual(parseDuration('1.5h'), { problem: 'notDuration' });
    assert.deepEqual(parseDuration('90'), { problem: 'notDuration' });
    assert.deepEqual(parseDuration('2h30m'), { problem: 'notDuration' });
    assert.deepEqual(parseDuration('99999999999999999d'), { problem: 'tooLong' });
  });

  test('formats seconds in the largest whole unit', () => {
    assert.equal(formatDuration(3600), '1h');
    assert.equal(formatDuration(86400 * 7), '7d');
    assert.equal(formatDuration(90), '90s');
    assert.equal(formatDuration(900), '15m');
  });
});
