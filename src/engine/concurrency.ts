// Runs async work over many items with a cap on how many are in flight (file handles, memory).
import { AsyncLocalStorage } from 'node:async_hooks';

/** Calls `task` for every item, at most `limit` at a time; rejects with the first failure after all settle. */
export async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let firstError: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        firstError ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (firstError) throw firstError.error;
}

/*
 * The engine runs inside VS Code's extension host, whose event loop must keep turning. Small-file I/O is done with
 * synchronous calls (fileSystem.ts) and long CPU work (sorting 100k entries) in pieces, all in slices of at most
 * SLICE_MS: the first synchronous step of a slice schedules a setImmediate that ends the slice. While that has not run
 * (the caller loops on already-resolved promises and never lets the loop turn), steps go on until SLICE_MS have
 * passed; then each waits for the next turn of the loop before it runs.
 *
 * Every task waiting for a turn is let go in the same turn, in the order they began to wait, so their steps take
 * turns within the slice (each await goes to the back of the microtask queue). One setImmediate per waiting task, as
 * before, let the first one run its whole slice alone and queue again ahead of the others: two background readers
 * kept the view's first level (45 ms of work) waiting 3.4 s, until they had read every file.
 */
/** Longest run of synchronous steps without a turn of the event loop, in ms. */
export const SLICE_MS = 8;

let sliceStart = -1;
const endSlice = (): void => {
  sliceStart = -1;
};

/**
 * Work marked as background (inBackground: reading a listing's states while nobody waits for them) gives way: its
 * tasks get a turn only when no other task is waiting for one. The first level of a 100,000-entry view (tens of ms
 * of work) took 0.1–0.4 s after the click while it shared every slice with the state reads. Other work never waits
 * on background work while holding turns, so it always ends, and the background goes on after it.
 */
const background = new AsyncLocalStorage<true>();

/** Runs `task` (and everything it awaits or starts) as background work: see above. */
export function inBackground<T>(task: () => T): T {
  return background.run(true, task);
}

/** Results started as background work (see shared). */
const startedInBackground = new WeakSet<object>();

/**
 * How many results started as background work someone outside it is waiting for: while any is, background work
 * does not give way (the one waited for may be waiting on others in turn, a level on an order, an order on the one
 * before it). Before, a click waiting for a level the background had started waited as long as the background was
 * held back.
 */
let awaitedResults = 0;

/** A result computed once and handed to whoever asks (a tree level, an order): hand it out with `claimed`. */
export function shared<T>(task: () => Promise<T>): Promise<T> {
  const result = task();
  if (background.getStore()) startedInBackground.add(result);
  return result;
}

/** `result` (from `shared`); while a caller that is not background work waits for it, the background does not give way. */
export function claimed<T>(result: Promise<T>): Promise<T> {
  if (!startedInBackground.has(result) || background.getStore()) return result;
  // Background steps asleep in a pause (see pauseBackground) are what it waits for: woken now, not when it ends.
  if (awaitedResults++ === 0 && waitingBehind.length > 0) scheduleTurn();
  const settled = () => void awaitedResults--;
  result.then(settled, settled);
  return result;
}

/** Whether the caller runs as background work that gives way now. */
function isBehind(): boolean {
  return awaitedResults === 0 && background.getStore() === true;
}

/** Runs `task` as other work, even from background work: what background work reports to others is not its own. */
export function outOfBackground<T>(task: () => T): T {
  return background.exit(task);
}

/** The tasks waiting for the next turn (others, then background ones), and whether that turn is scheduled. */
let waiting: Array<() => void> = [];
let waitingBehind: Array<() => void> = [];
let turnScheduled = false;

/**
 * Longest wait of background work while other work takes every turn; then it gets one slice first. Without it, other
 * work that kept coming (a pipeline writing for 20 s, each batch read as it came) held back the background for as
 * long.
 */
const LONGEST_BACKGROUND_WAIT_MS = 100;

/** When a background step last ran. */
let backgroundRanAt = 0;

/**
 * After a user's action, how long background work stops taking the CPU at all (see pauseBackground), how long one
 * pause may grow to as actions follow one another, and how long at least between the end of a pause and the next.
 */
const PAUSE_MS = 200;
const LONGEST_PAUSE_MS = 400;
const BACKGROUND_BETWEEN_PAUSES_MS = 400;

/** The pause under way, or the last one (performance.now() times). */
let pauseStart = -Infinity;
let pauseEnd = -Infinity;
/** Wakes the background when the pause ends. */
let pauseTimer: NodeJS.Timeout | undefined;

/**
 * The window is drawing what the user just asked for (the view opened, a level handed over): background work sleeps
 * for PAUSE_MS, off the CPU. Giving way to our own work is not enough on a machine of two cores: reading 100,000
 * states at a core's full speed right after startup kept the click on the view's icon 150–550 ms from its first row
 * (60–70 ms at 2,000 entries, read before the click), the window's own drawing short of CPU. A pause grows with the
 * actions that follow, up to LONGEST_PAUSE_MS; the next one starts only BACKGROUND_BETWEEN_PAUSES_MS after it ended,
 * so a user who keeps clicking halves the background's speed at most. Work someone waits for (see claimed) never
 * pauses.
 */
export function pauseBackground(): void {
  const now = performance.now();
  if (now >= pauseEnd) {
    if (now < pauseEnd + BACKGROUND_BETWEEN_PAUSES_MS) return;
    pauseStart = now;
  }
  pauseEnd = Math.max(pauseEnd, Math.min(now + PAUSE_MS, pauseStart + LONGEST_PAUSE_MS));
}

/**
 * While nobody looks at what the background prepares (no view of the cache is open: only the status bar's counts
 * wait for it), it runs at most half the time: a slice, then as long off the CPU. Right after startup the reads of
 * 100,000 states took a full core for seconds; a click on the view's icon then waited for the window, short of CPU
 * on two cores, to draw the first row (1.5–2.6× as long as at 2,000 entries).
 */
let halfSpeed = false;
/** When the background's current run of steps began, and until when it rests (performance.now() times). */
let runStart = -Infinity;
let restEnd = -Infinity;

/** Background work at half speed (`true`: nobody looks at what it prepares) or full speed. */
export function backgroundAtHalfSpeed(on: boolean): void {
  halfSpeed = on;
  if (!on) restEnd = -Infinity;
}

/**
 * Half speed: after a slice's worth of background steps, the background rests as long; true when a rest starts now.
 * A rest under way is one isPaused tells (syncTurn asks it first).
 */
function restsNow(now: number): boolean {
  if (!halfSpeed || awaitedResults > 0) return false;
  // The first step after a rest starts a run.
  if (runStart <= restEnd) {
    runStart = now;
    return false;
  }
  if (now - runStart < SLICE_MS) return false;
  restEnd = now + SLICE_MS;
  return true;
}

function isPaused(now: number): boolean {
  return awaitedResults === 0 && (now < pauseEnd || (halfSpeed && now < restEnd));
}

/** Background steps wait for the pause (or rest) to end: woken by a timer, not by polling every turn. */
function wakeAfterPause(now: number): void {
  pauseTimer ??= setTimeout(
    () => {
      pauseTimer = undefined;
      scheduleTurn();
    },
    Math.max(pauseEnd, halfSpeed ? restEnd : -Infinity) - now,
  );
}

function releaseWaiting(): void {
  turnScheduled = false;
  sliceStart = -1;
  let ready = waiting;
  waiting = [];
  const now = performance.now();
  if (waitingBehind.length > 0 && isPaused(now)) {
    wakeAfterPause(now);
  } else if (ready.length === 0 || awaitedResults > 0) {
    ready = [...ready, ...waitingBehind];
    waitingBehind = [];
  } else if (waitingBehind.length > 0 && now - backgroundRanAt > LONGEST_BACKGROUND_WAIT_MS) {
    // The background first: its steps take this slice (none of the others waits for a turn until they have run).
    ready = [...waitingBehind, ...ready];
    waitingBehind = [];
  } else if (waitingBehind.length > 0) {
    scheduleTurn();
  }
  for (const resolve of ready) resolve();
}

function scheduleTurn(): void {
  if (!turnScheduled) {
    turnScheduled = true;
    setImmediate(releaseWaiting);
  }
}

function nextTurn(behind: boolean): Promise<void> {
  return new Promise((resolve) => {
    (behind ? waitingBehind : waiting).push(resolve);
    scheduleTurn();
  });
}

/** Undefined when a synchronous step may run now; else a promise to await first. */
function syncTurn(): Promise<void> | undefined {
  const behind = isBehind();
  const now = performance.now();
  // Others wait for the next turn: what is left of this slice is theirs. Paused: none is the background's.
  if (behind && (waiting.length > 0 || isPaused(now) || restsNow(now))) return nextTurn(true);
  if (sliceStart < 0) {
    sliceStart = now;
    setImmediate(endSlice);
  } else if (now - sliceStart >= SLICE_MS) {
    return nextTurn(behind);
  }
  if (behind) backgroundRanAt = now;
  return undefined;
}

/** Waits, if the current slice is spent, until a synchronous step may run. */
export async function awaitSyncTurn(): Promise<void> {
  for (let turn = syncTurn(); turn; turn = syncTurn()) await turn;
}

/** Elements sorted, or merged, between two looks at the slice's budget. */
const SORT_STEP = 2048;

/**
 * Sorts `items` (stable, like Array.prototype.sort) without holding the event loop for longer than a slice:
 * runs of SORT_STEP are sorted one at a time, then merged bottom-up in steps. Returns the sorted array (may be a new one).
 */
export async function sortInSlices<T>(items: T[], compare: (a: T, b: T) => number): Promise<T[]> {
  const n = items.length;
  if (n <= SORT_STEP) return items.sort(compare);
  let src = items;
  for (let lo = 0; lo < n; lo += SORT_STEP) {
    await awaitSyncTurn();
    const run = src.slice(lo, lo + SORT_STEP).sort(compare);
    for (let i = 0; i < run.length; i++) src[lo + i] = run[i]!;
  }
  let dst = new Array<T>(n);
  for (let width = SORT_STEP; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      for (let k = lo; k < hi; ) {
        await awaitSyncTurn();
        for (const stop = Math.min(hi, k + SORT_STEP); k < stop; k++) {
          dst[k] = i < mid && (j >= hi || compare(src[i]!, src[j]!) <= 0) ? src[i++]! : src[j++]!;
        }
      }
    }
    [src, dst] = [dst, src];
  }
  return src;
}
