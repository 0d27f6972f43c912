// Entries and bytes by namespace (the key's separator-delimited prefixes), a few levels deep, in bounded memory:
// each namespace counts at most `maxTracked` distinct sub-namespaces one by one, and all levels together at most
// 20 × `maxTracked`; the rest are summed into their parent's untracked tally.
import { addTo, emptyTally } from './tally';
import type { NamespaceStats, Tally } from './types';

/** The name shown for top-level keys that have no separator. */
export const NO_NAMESPACE = '(no namespace)';

export interface NamespaceLimits {
  depth: number;
  top: number;
  maxTracked: number;
}

/** What one entry adds to every namespace it sits in. */
export interface NamespaceSample {
  bytes: number;
  expired: boolean;
  defaultTtl: boolean;
}

class NamespaceNode {
  readonly all = emptyTally();
  readonly expired = emptyTally();
  readonly defaultTtl = emptyTally();
  readonly direct = emptyTally();
  readonly children = new Map<string, NamespaceNode>();
  /** Entries of sub-namespaces that were not tracked (past the limit). */
  readonly untracked = emptyTally();

  add(sample: NamespaceSample): void {
    addTo(this.all, sample.bytes);
    if (sample.expired) addTo(this.expired, sample.bytes);
    if (sample.defaultTtl) addTo(this.defaultTtl, sample.bytes);
  }
}

/** All namespaces tracked one by one, as a multiple of the per-namespace limit. */
const TOTAL_TRACKED_FACTOR = 20;

export class NamespaceTally {
  private readonly root = new NamespaceNode();
  private tracked = 0;
  /** Keys with no separator at all, shown as one pseudo-namespace at the top. */
  private readonly unnamespaced = new NamespaceNode();

  constructor(
    private readonly separator: string,
    private readonly limits: NamespaceLimits,
  ) {}

  add(key: string, sample: NamespaceSample): void {
    this.root.add(sample);
    const segments = key.split(this.separator);
    if (segments.length === 1) {
      this.unnamespaced.add(sample);
      addTo(this.unnamespaced.direct, sample.bytes);
      return;
    }
    // The last segment names the entry itself, not a namespace.
    const levels = Math.min(segments.length - 1, this.limits.depth);
    let node = this.root;
    for (let level = 0; level < levels; level++) {
      const segment = segments[level]!;
      let child = node.children.get(segment);
      if (!child) {
        if (node.children.size >= this.limits.maxTracked || this.tracked >= this.limits.maxTracked * TOTAL_TRACKED_FACTOR) {
          addTo(node.untracked, sample.bytes);
          return;
        }
        child = new NamespaceNode();
        node.children.set(segment, child);
        this.tracked++;
      }
      child.add(sample);
      node = child;
    }
    if (segments.length - 1 === levels) addTo(node.direct, sample.bytes);
  }

  result(): NamespaceStats {
    const root = this.stats(this.root, '', '', 0);
    if (this.unnamespaced.all.count > 0) {
      root.children = rank([...root.children, this.stats(this.unnamespaced, NO_NAMESPACE, '', this.limits.depth)]);
    }
    return this.trim(root);
  }

  private stats(node: NamespaceNode, name: string, prefix: string, level: number): NamespaceStats {
    const children =
      level < this.limits.depth
        ? [...node.children].map(([segment, child]) =>
            this.stats(child, segment, level === 0 ? segment : `${prefix}${this.separator}${segment}`, level + 1),
          )
        : [];
    return {
      name,
      prefix,
      ...copy(node.all),
      expired: copy(node.expired),
      defaultTtl: copy(node.defaultTtl),
      direct: copy(node.direct),
      children: rank(children),
      otherChildren: { namespaces: 0, ...copy(node.untracked), untracked: node.untracked.count > 0 },
    };
  }

  /** Keeps the top children of every namespace and sums the rest into `otherChildren`. */
  private trim(stats: NamespaceStats): NamespaceStats {
    const kept = stats.children.slice(0, this.limits.top);
    const left = stats.children.slice(this.limits.top);
    const other = stats.otherChildren;
    for (const child of left) {
      other.namespaces += 1;
      addTo(other, child.bytes, child.count);
    }
    stats.children = kept.map((child) => this.trim(child));
    return stats;
  }
}

function copy(tally: Tally): Tally {
  return { count: tally.count, bytes: tally.bytes };
}

/** Most bytes first; ties by more entries, then by name, so the order is stable. */
function rank(children: NamespaceStats[]): NamespaceStats[] {
  return children.sort((a, b) => b.bytes - a.bytes || b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
