// The short times and sizes the tree, tooltips and status bar show.
import * as assert from 'node:assert/strict';
import { formatBytes, formatDuration } from '../../src/extension/relativeTime';

suite('relative times and sizes', () => {
  test('a duration shows its largest whole unit, either side of now', () => {
    assert.equal(formatDuration(10_800), '3 h');
    assert.equal(formatDuration(-10_800), '3 h');
    assert.equal(formatDuration(86_399), '23 h');
    assert.equal(formatDuration(2 * 86_400 + 5), '2 d');
    assert.equal(formatDuration(59), '< 1 min');
    assert.equal(formatDuration(400 * 86_400), '1 y');
  });

  test('sizes go from bytes to gigabytes', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(20 * 1024 * 1024), '20.0 MB');
    assert.equal(formatBytes(3 * 1024 ** 3), '3.0 GB');
  });
});
