// Work a user waits for (the view building the rows they asked for) goes before reading states in the background.
// Both run in the extension host's slices (see engine/concurrency.ts), which share the event loop fairly: two
// background readers took three of every four steps from the view while a 100,000-entry folder was read, and the
// rows of an expanded group came 1–2 s late. Background loops wait here, between batches, while a user waits.
// Only background loops wait: work a user waits for never waits on them, so nothing can wait on itself.

let waitingUsers = 0;
let resumeBackground: Array<() => void> = [];

/** Runs `work` as work a user waits for: background loops pause (between their batches) until it ends. */
export async function whileUserWaits<T>(work: () => Promise<T>): Promise<T> {
  waitingUsers++;
  try {
    return await work();
  } finally {
    if (--waitingUsers === 0) {
      const resume = resumeBackground;
      resumeBackground = [];
      for (const go of resume) go();
    }
  }
}

/** Resolves at once when no user waits, else once the work they wait for has ended. */
export function noUserWaiting(): Promise<void> {
  return waitingUsers === 0 ? Promise.resolve() : new Promise((resolve) => resumeBackground.push(resolve));
}
