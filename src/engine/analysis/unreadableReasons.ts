// Unreadable files grouped by why: the engine's problem text with its per-file details taken out.
import { addTo } from './tally';
import type { EntrySummary, UnreadableGroup } from './types';

/**
 * `The file is not valid JSON (Unexpected token } in JSON at position 12).` and the same at position 40 are one
 * reason: parenthesised details and the value of a bad timestamp go, the sentence stays.
 */
export function reasonOf(problem: string | undefined): string {
  if (!problem) return 'Unreadable';
  return problem
    .replace(/\s*\([^()]*\)/g, '')
    .replace(/^The timestamp .* (is neither)/, 'The timestamp … $1')
    .replace(/\s+/g, ' ')
    .trim();
}

export class UnreadableTally {
  private readonly groups = new Map<string, UnreadableGroup>();

  constructor(private readonly examplesPerReason: number) {}

  /** `example` makes the file's summary, called only while the reason still wants examples. */
  add(problem: string | undefined, size: number, mtimeMs: number | undefined, example: () => EntrySummary): void {
    const reason = reasonOf(problem);
    let group = this.groups.get(reason);
    if (!group) {
      group = { reason, count: 0, bytes: 0, examples: [] };
      this.groups.set(reason, group);
    }
    addTo(group, size);
    if (mtimeMs !== undefined && !(mtimeMs >= (group.since ?? Infinity))) group.since = mtimeMs;
    if (group.examples.length < this.examplesPerReason) group.examples.push(example());
  }

  /** Most files first. */
  result(): UnreadableGroup[] {
    return [...this.groups.values()]
      .map((group) => ({ ...group, examples: [...group.examples] }))
      .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
  }
}
