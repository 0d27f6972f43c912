// Per-key mutual exclusion without blocking the event loop: operations on one key run one after another,
// in call order; operations on different keys run in parallel. The spec's threading.Lock, per key.
export class KeyLocks {
  /** The tail of each key's queue; removed when the queue drains, so idle keys cost nothing. */
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` once every earlier task for `key` has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(task, task) : task();
    const tail = result.then(noop, noop);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task queued or running. */
  get busyKeys(): number {
    return this.tails.size;
  }
}

function noop(): void {}
