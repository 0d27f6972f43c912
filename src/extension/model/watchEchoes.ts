// VS Code's file watcher reports a change seconds after the system's own watch (directWatch.ts) did, when it drains
// a flood: 10,000 new files reach the host as ~500 events per 200 ms. Taken as news, each late batch of echoes (over
// 200 names) listed the whole folder again: a million names, every 300 ms, for seconds. A name the direct watch
// reported within ECHO_MS is such an echo and is dropped, while that watch is set; any other name is news. Pure (no
// vscode): unit-tested on plain Node.

/** How long after the direct report VS Code's report of the same name is taken as its echo. */
export const ECHO_MS = 10_000;

export class WatchEchoes {
  /** Names the direct watch reported, with when (Date.now()). */
  private readonly reported = new Map<string, number>();
  private lastPrune = 0;

  /** The system's own watch reported `fileName` at `now`. */
  reportedDirectly(fileName: string, now = Date.now()): void {
    // Re-inserted, so the map stays in report order and pruning can stop at the first recent name.
    this.reported.delete(fileName);
    this.reported.set(fileName, now);
    if (now - this.lastPrune >= ECHO_MS) this.prune(now);
  }

  /** Whether VS Code's report of `fileName` at `now` repeats a direct report (only while the direct watch is set). */
  isEcho(fileName: string, directWatchSet: boolean, now = Date.now()): boolean {
    if (!directWatchSet) return false;
    const at = this.reported.get(fileName);
    return at !== undefined && now - at < ECHO_MS;
  }

  /** How many names are remembered (bounded: older reports are forgotten as new ones come). */
  get size(): number {
    return this.reported.size;
  }

  /** Forgets what the direct watch reported (it was set again on another folder). */
  clear(): void {
    this.reported.clear();
  }

  private prune(now: number): void {
    this.lastPrune = now;
    for (const [fileName, at] of this.reported) {
      if (now - at < ECHO_MS) break;
      this.reported.delete(fileName);
    }
  }
}
