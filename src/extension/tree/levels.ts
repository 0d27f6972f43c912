// Splits entries into one tree level: prefix groups (by the key separator) and the entries that sit at that level,
// each sorted as the settings ask.
import { stateAt } from '../model/entryCounts';
import type { ListedEntry as EntryInfo } from '../model/listedEntry';
import type { SortBy, ViewSettings } from '../settings';

export interface Level {
  /** Group prefix (ending with the separator) → every entry under it, at any depth. */
  groups: Array<{ prefix: string; entries: EntryInfo[] }>;
  entries: EntryInfo[];
}

/** The level below `prefix` ('' for the top). */
export function levelOf(entries: EntryInfo[], prefix: string, settings: ViewSettings, now: number): Level {
  const groups = new Map<string, EntryInfo[]>();
  const direct: EntryInfo[] = [];
  for (const entry of entries) {
    const rest = entry.key.slice(prefix.length);
    const cut = settings.groupBy === 'prefix' ? rest.indexOf(settings.keySeparator) : -1;
    // A key ending in the separator stays an entry: a group needs something after its prefix.
    if (cut < 0 || cut + settings.keySeparator.length >= rest.length) {
      direct.push(entry);
      continue;
    }
    const groupPrefix = prefix + rest.slice(0, cut + settings.keySeparator.length);
    const members = groups.get(groupPrefix);
    if (members) members.push(entry);
    else groups.set(groupPrefix, [entry]);
  }
  return {
    groups: [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([p, members]) => ({ prefix: p, entries: members })),
    entries: sortEntries(direct, settings.sortBy, now),
  };
}

export function sortEntries(entries: EntryInfo[], sortBy: SortBy, now: number): EntryInfo[] {
  const byKey = (a: EntryInfo, b: EntryInfo) => a.key.localeCompare(b.key);
  const compare: Record<SortBy, (a: EntryInfo, b: EntryInfo) => number> = {
    key: byKey,
    // Soonest to expire first; unreadable entries (no expiry) last.
    expiry: (a, b) =>
      (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) ||
      Number(stateAt(a, now) === 'unreadable') - Number(stateAt(b, now) === 'unreadable') ||
      byKey(a, b),
    size: (a, b) => b.size - a.size || byKey(a, b),
  };
  return [...entries].sort(compare[sortBy]);
}
