// The best N of a stream, kept in a binary heap whose root is the worst kept: O(log N) per item, N in memory.

export class TopN<T> {
  private readonly heap: T[] = [];

  /** `before(a, b)`: a ranks ahead of b. */
  constructor(
    readonly limit: number,
    private readonly before: (a: T, b: T) => boolean,
  ) {}

  offer(item: T): void {
    if (this.limit <= 0) return;
    if (this.heap.length < this.limit) {
      this.heap.push(item);
      this.up(this.heap.length - 1);
    } else if (this.before(item, this.heap[0]!)) {
      this.heap[0] = item;
      this.down(0);
    }
  }

  /** The kept items, best first. */
  sorted(): T[] {
    return [...this.heap].sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
  }

  /** The root is the item every other kept item ranks ahead of. */
  private worse(i: number, j: number): boolean {
    return this.before(this.heap[j]!, this.heap[i]!);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      let worst = i;
      for (const child of [2 * i + 1, 2 * i + 2]) {
        if (child < n && this.worse(child, worst)) worst = child;
      }
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }

  private swap(i: number, j: number): void {
    [this.heap[i], this.heap[j]] = [this.heap[j]!, this.heap[i]!];
  }
}
