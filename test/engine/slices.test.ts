// Small-file I/O runs synchronously in slices (fileSystem.ts, concurrency.ts): the event loop must keep turning
// during long listings and loops of sets, sorting must stay correct and stable, and readdir's fast path must
// still tell a name that holds U+FFFD from one whose bytes are not UTF-8.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { awaitSyncTurn, backgroundAtHalfSpeed, claimed, inBackground, pauseBackground, shared, SLICE_MS, sortInSlices } from '../../src/engine/concurrency';
import { nodeFileSystem } from '../../src/engine/fileSystem';
import { makeCache, makeTempDir } from './helpers';

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

/** A tree level the background prepares and a click may wait for: `steps` synchronous steps of `stepMs`, shared. */
function levelInBackground(steps: number, stepMs: number): Promise<string> {
  return inBackground(() =>
    shared(async () => {
      for (let i = 0; i < steps; i++) {
        await awaitSyncTurn();
        busyWait(stepMs);
      }
      return 'level';
    }),
  );
}

suite('Synchronous work in slices', () => {
  let temp: ReturnType<typeof makeTempDir>;
  setup(() => {
    temp = makeTempDir();
  });
  teardown(() => temp.remove());

  test('awaitSyncTurn lets the event loop turn once a slice is spent', async () => {
    // Counted in steps of work, not in milliseconds, so a loaded machine cannot make it fail: between two turns of
    // the event loop, at most one slice's worth of 1 ms steps runs (a descheduled process runs fewer, never more).
    let steps = 0;
    let mostStepsBetweenTurns = 0;
    let turns = 0;
    const turn = setInterval(() => {
      turns++;
      mostStepsBetweenTurns = Math.max(mostStepsBetweenTurns, steps);
      steps = 0;
    }, 0);
    try {
      for (let i = 0; i < 100; i++) {
        await awaitSyncTurn();
        busyWait(1);
        steps++;
      }
      mostStepsBetweenTurns = Math.max(mostStepsBetweenTurns, steps);
    } finally {
      clearInterval(turn);
    }
    assert.ok(turns > 3, `the event loop turned ${turns} times in 100 steps of work`);
    assert.ok(mostStepsBetweenTurns <= SLICE_MS + 2, `${mostStepsBetweenTurns} steps of 1 ms ran without a turn (slice: ${SLICE_MS} ms)`);
  });

  test('a short task waiting for a turn is not starved by long ones that started waiting first', async () => {
    // Two background readers of many small steps (as a listing reads files), then the view's short job (as a tree
    // level): the job's steps take turns with the readers' inside each slice, so it ends long before they do.
    // Counted in steps, not milliseconds, so a loaded machine cannot make it fail.
    const READER_STEPS = 2000;
    let readerSteps = 0;
    let readerStepsWhenJobEnded = -1;
    const reader = async () => {
      for (let i = 0; i < READER_STEPS; i++) {
        await awaitSyncTurn();
        busyWait(0.05);
        readerSteps++;
      }
    };
    const job = async () => {
      for (let i = 0; i < 20; i++) {
        await awaitSyncTurn();
        busyWait(0.5);
      }
      readerStepsWhenJobEnded = readerSteps;
    };
    const readers = [reader(), reader()];
    // The job arrives while the readers already take turns (a click while the listing reads states).
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([...readers, job()]);
    assert.ok(
      readerStepsWhenJobEnded < READER_STEPS / 2,
      `the short job ended after ${readerStepsWhenJobEnded} of the readers' ${2 * READER_STEPS} steps`,
    );
  });

  test('background work gives way: while a job waits for a turn, background readers get none', async () => {
    // The listing's state reads run in the background; a click's level (the job) must not share its slices with
    // them. Steps of the same size, counted, not timed: with shared slices the readers would take two steps for
    // each of the job's; here they take at most what is left of the slice the job arrived in.
    const STEP_MS = 0.5;
    let readerSteps = 0;
    const reader = () =>
      inBackground(async () => {
        for (let i = 0; i < 300; i++) {
          await awaitSyncTurn();
          busyWait(STEP_MS);
          readerSteps++;
        }
      });
    let during = -1;
    const job = async () => {
      const before = readerSteps;
      for (let i = 0; i < 100; i++) {
        await awaitSyncTurn();
        busyWait(STEP_MS);
      }
      during = readerSteps - before;
    };
    const readers = [reader(), reader()];
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([...readers, job()]);
    assert.equal(readerSteps, 600, 'the background readers still finish');
    assert.ok(during <= SLICE_MS / STEP_MS, `the readers took ${during} steps while the job's 100 ran`);
  });

  test('other work that keeps every turn for long still lets the background have a slice now and then', async () => {
    // A pipeline writing for seconds keeps the view's own work coming; background work must not wait for all of it
    // (whoever awaits a background result would wait as long). Counted in steps, as above.
    const STEP_MS = 0.5;
    let readerSteps = 0;
    let jobDone = false;
    const reader = inBackground(async () => {
      while (!jobDone) {
        await awaitSyncTurn();
        busyWait(STEP_MS);
        readerSteps++;
      }
    });
    let secondHalf = 0;
    const job = async () => {
      const before = readerSteps;
      let half = 0;
      for (let i = 0; i < 1200; i++) {
        if (i === 600) half = readerSteps;
        await awaitSyncTurn();
        busyWait(STEP_MS);
      }
      secondHalf = readerSteps - half;
      return readerSteps - before;
    };
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    const during = await job();
    jobDone = true;
    await reader;
    // 600 ms of other work: a slice of background about every 100 ms, far less than the job's own 1,200 steps.
    assert.ok(secondHalf > 0, 'the background had no turn in the last 300 ms of other work');
    assert.ok(during <= 10 * (SLICE_MS / STEP_MS), `the background took ${during} steps while the job's 1,200 ran`);
  });

  test('a result the background started, once a click waits for it, no longer gives way to other work', async () => {
    // A tree level prepared in the background and then asked for by an expand. Counted in steps: given way to the
    // other work, the level's 400 steps would get a slice every 100 ms (thousands of the other work's steps meanwhile).
    const STEP_MS = 0.5;
    let otherSteps = 0;
    let running = true;
    const other = (async () => {
      while (running) {
        await awaitSyncTurn();
        busyWait(STEP_MS);
        otherSteps++;
      }
    })();
    const level = levelInBackground(400, STEP_MS);
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    const before = otherSteps;
    assert.equal(await claimed(level), 'level');
    const meanwhile = otherSteps - before;
    running = false;
    await other;
    assert.ok(meanwhile < 1200, `the other work took ${meanwhile} steps while the level's 400 ran`);
  });

  test('after a user action the background sleeps a moment, off the CPU, while other work runs at once', async () => {
    // The window draws the rows a click asked for: background reads must leave it the CPU for a moment, and then go
    // on. Counted in steps and turns, with margins a loaded machine cannot cross: a sleeping background takes none.
    const STEP_MS = 0.5;
    let readerSteps = 0;
    let running = true;
    const reader = inBackground(async () => {
      while (running) {
        await awaitSyncTurn();
        busyWait(STEP_MS);
        readerSteps++;
      }
    });
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    try {
      // Far from any earlier pause (one starts only after the background has run a while since the last).
      await sleep(500);
      assert.ok(readerSteps > 0, 'the background runs before the pause');
      pauseBackground();
      const atPause = readerSteps;
      let otherSteps = 0;
      for (let i = 0; i < 20; i++) {
        await awaitSyncTurn();
        busyWait(STEP_MS);
        otherSteps++;
      }
      await sleep(50);
      // What was left of the slice the pause began in, at most.
      assert.ok(readerSteps - atPause <= SLICE_MS / STEP_MS, `the background took ${readerSteps - atPause} steps in its pause`);
      assert.equal(otherSteps, 20, 'other work runs during the pause');
      // The pause (200 ms) is over; the next may start only 400 ms after it.
      await sleep(300);
      assert.ok(readerSteps - atPause > 2 * (SLICE_MS / STEP_MS), 'the background goes on once the pause is over');
      // So soon after a pause, another is not granted: the background gets its share however often the user acts.
      const afterPause = readerSteps;
      pauseBackground();
      await sleep(100);
      assert.ok(readerSteps - afterPause > SLICE_MS / STEP_MS, 'a second pause right after the first held the background');
    } finally {
      running = false;
      await reader;
    }
  });

  test('while nobody looks, the background runs half the time at most, and still gets on', async () => {
    // Its steps' time over the wall time: a loaded machine can only make it smaller, so the bound cannot flake.
    const STEP_MS = 0.5;
    const WALL_MS = 400;
    let busyMs = 0;
    let steps = 0;
    backgroundAtHalfSpeed(true);
    const started = performance.now();
    try {
      await inBackground(async () => {
        while (performance.now() - started < WALL_MS) {
          await awaitSyncTurn();
          busyWait(STEP_MS);
          busyMs += STEP_MS;
          steps++;
        }
      });
    } finally {
      backgroundAtHalfSpeed(false);
    }
    const share = busyMs / (performance.now() - started);
    assert.ok(share <= 0.6, `the background was busy ${(share * 100).toFixed(0)}% of the time`);
    assert.ok(steps >= 2 * (SLICE_MS / STEP_MS), `the background took only ${steps} steps in ${WALL_MS} ms`);
  });

  test('a background result someone waits for is not held by a pause', async () => {
    const STEP_MS = 0.5;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const level = levelInBackground(100, STEP_MS);
    pauseBackground();
    const started = performance.now();
    assert.equal(await claimed(level), 'level');
    // 100 steps of 0.5 ms: far below the pause (200 ms) on any machine that is not stopped outright.
    const took = performance.now() - started;
    assert.ok(took < 190, `the level waited ${took.toFixed(0)} ms, as long as the pause`);
  });

  test('sortInSlices sorts like Array.prototype.sort, stably', async () => {
    for (const n of [0, 1, 5, 2048, 2049, 5000, 20_011]) {
      const items = Array.from({ length: n }, (_, i) => ({ key: `k${(i * 7919) % 613}`, i }));
      const expected = [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const sorted = await sortInSlices([...items], (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      assert.deepEqual(sorted, expected, `n = ${n}`);
    }
  });

  test('listing many entries keeps the event loop turning and returns them sorted', async function () {
    this.timeout(60_000);
    const dir = path.join(temp.dir, 'cache');
    fs.mkdirSync(dir);
    const count = 5000;
    const timestamp = Math.floor(Date.now() / 1000);
    for (let i = 0; i < count; i++) {
      fs.writeFileSync(path.join(dir, `e${(i * 7919) % count}.json`), JSON.stringify({ timestamp, data: { i } }));
    }
    const { cache } = makeCache(dir, { now: Date.now });
    let turns = 0;
    const tick = setInterval(() => turns++, 0);
    const list = await cache.entries().finally(() => clearInterval(tick));
    assert.equal(list.length, count);
    assert.ok(list.every((e) => e.state === 'fresh'));
    assert.deepEqual(
      list.map((e) => e.key),
      list.map((e) => e.key).sort(),
    );
    assert.ok(turns > 0, 'the event loop never turned while listing');
  });

  test('a file name holding U+FFFD as a character is an ordinary entry, not an undecodable name', async () => {
    const dir = path.join(temp.dir, 'cache');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'plain.json'), '{}');
    fs.writeFileSync(path.join(dir, 'a\ufffd.json'), '{}');
    const names = await nodeFileSystem.readdir(dir);
    assert.deepEqual(
      names.map((d) => [d.name, d.kind, d.undecodable ?? false]).sort(),
      [
        ['a\ufffd.json', 'file', false],
        ['plain.json', 'file', false],
      ],
    );
  });

  test('a sequence of sets and gets, all small files, still gives the event loop turns', async () => {
    const { cache } = makeCache(path.join(temp.dir, 'cache'), { now: Date.now });
    let turns = 0;
    const tick = setInterval(() => turns++, 0);
    try {
      const started = performance.now();
      for (let i = 0; performance.now() - started < 100 || i < 50; i++) {
        await cache.set(`k${i}`, { i });
        await cache.peek(`k${i}`);
      }
    } finally {
      clearInterval(tick);
    }
    assert.ok(turns > 1, `the event loop turned ${turns} times during 100 ms of sets`);
  });
});
