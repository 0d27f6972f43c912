// Whether the engine may make synchronous file calls now. They are ~15 µs each on a healthy disk (fileSystem.ts says
// why the engine prefers them), but a call the kernel holds up holds the whole event loop with it: while a pipeline
// wrote 10,000 files into a folder of a million, one open() of an entry to read took 118 ms, another 276 ms, and the
// extension host stalled as long. After a call that slow, the engine makes its calls through the thread pool for a
// spell, and tries synchronous ones again once the spell has passed.

/** A synchronous call (or run of calls for one file) this long means the disk is holding calls up. */
export const SLOW_CALL_MS = 20;

/** How long after a slow call the engine stays off synchronous calls. */
export const SLOW_SPELL_MS = 5_000;

export class SlowDisk {
  private syncAgainAt = -Infinity;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Whether a synchronous call may be made now (no slow call within the last SLOW_SPELL_MS). */
  get syncAllowed(): boolean {
    return this.now() >= this.syncAgainAt;
  }

  /** Runs `call` (synchronous file calls) and notes how long it took. */
  timed<T>(call: () => T): T {
    const start = this.now();
    try {
      return call();
    } finally {
      this.took(this.now() - start);
    }
  }

  /** Forgets slow calls: synchronous calls are allowed again (a test's clean slate). */
  forget(): void {
    this.syncAgainAt = -Infinity;
  }

  /** Notes that synchronous calls took `ms`. */
  took(ms: number): void {
    if (ms >= SLOW_CALL_MS) this.syncAgainAt = this.now() + SLOW_SPELL_MS;
  }
}

/** The node file system's: one per process, as the disk is. */
export const slowDisk = new SlowDisk();
