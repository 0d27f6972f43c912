// VS Code's late reports of what the system's own watch already reported are dropped; anything else is news.
import * as assert from 'node:assert/strict';
import { ECHO_MS, WatchEchoes } from '../../src/extension/model/watchEchoes';

suite('echoes of the direct watch in VS Code\'s reports', () => {
  test('a name reported directly is an echo for ECHO_MS, then news again', () => {
    const echoes = new WatchEchoes();
    echoes.reportedDirectly('a.json', 1000);
    assert.equal(echoes.isEcho('a.json', true, 1000 + ECHO_MS - 1), true);
    assert.equal(echoes.isEcho('a.json', true, 1000 + ECHO_MS), false);
  });

  test('a name the direct watch did not report is news', () => {
    const echoes = new WatchEchoes();
    echoes.reportedDirectly('a.json', 1000);
    assert.equal(echoes.isEcho('b.json', true, 1001), false);
  });

  test('while the direct watch is not set (none on this system, or it failed), every report is news', () => {
    const echoes = new WatchEchoes();
    echoes.reportedDirectly('a.json', 1000);
    assert.equal(echoes.isEcho('a.json', false, 1001), false);
  });

  test('a name reported directly again is an echo from its last report on', () => {
    const echoes = new WatchEchoes();
    echoes.reportedDirectly('a.json', 1000);
    echoes.reportedDirectly('a.json', 1000 + ECHO_MS - 10);
    assert.equal(echoes.isEcho('a.json', true, 1000 + ECHO_MS + 10), true);
  });

  test('old reports are forgotten as new ones come (a burst of 100,000 names does not stay in memory)', () => {
    const echoes = new WatchEchoes();
    for (let i = 0; i < 100_000; i++) echoes.reportedDirectly(`burst:${i}.json`, 1000);
    echoes.reportedDirectly('late.json', 1000 + ECHO_MS);
    assert.equal(echoes.isEcho('burst:0.json', true, 1000 + ECHO_MS), false);
    assert.equal(echoes.isEcho('late.json', true, 1000 + ECHO_MS + 1), true);
    assert.equal(echoes.size, 1, 'the burst is pruned');
  });

  test('cleared when the watch is set on another folder: nothing is an echo', () => {
    const echoes = new WatchEchoes();
    echoes.reportedDirectly('a.json', 1000);
    echoes.clear();
    assert.equal(echoes.isEcho('a.json', true, 1001), false);
  });
});
