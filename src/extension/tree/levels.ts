// Splits entries into one tree level: prefix groups (by the key separator) and the entries that sit at that level.
// Groups exist to help: a prefix holding one entry is no group (the entry shows at this level, labelled with the
// rest of its key), and a group whose only child would be one group folds into it (`model:v3`), as VS Code's
// compact folders do. So `user:<id>:profile` keys show as entries right under `user`, not one group per id.
import { awaitSyncTurn, sortInSlices } from '../../engine/concurrency';
import { countsRevision, noCounts, rememberCounts, stateAt, tally, type Tally } from '../model/entryCounts';
import type { ListedEntry as EntryInfo } from '../model/listedEntry';
import { sortNaturalInSlices } from '../keys/naturalOrder';
import type { SortBy, ViewSettings } from '../settings';

export interface LevelGroup {
  /** The group's full prefix, ending with the separator; folded groups span several segments (`model:v3:`). */
  prefix: string;
  /** Every entry under the prefix, at any depth (at least two). */
  entries: EntryInfo[];
}

export interface Level {
  groups: LevelGroup[];
  entries: EntryInfo[];
}

/**
 * The prefix of the next segment of `key` after `prefix` (separator included), or undefined when the key has no
 * further segment: a key ending in the separator stays an entry, since a group needs something after its prefix.
 */
export function nextPrefix(key: string, prefix: string, separator: string): string | undefined {
  const cut = key.indexOf(separator, prefix.length);
  if (cut < 0 || cut + separator.length >= key.length) return undefined;
  return key.slice(0, cut + separator.length);
}

/**
 * Extends a group's prefix while every entry in it shares the next segment too (the chain folds into one node).
 * An entry shares it when its key starts with it and goes on after it (its first separator from `prefix` on is the
 * one that ends `next`: the characters before are the same). In slices: a group may hold 500,000 entries.
 */
export async function foldedPrefix(entries: readonly EntryInfo[], prefix: string, separator: string): Promise<string> {
  for (;;) {
    const next = nextPrefix(entries[0].key, prefix, separator);
    if (next === undefined) return prefix;
    for (let i = 1; i < entries.length; i++) {
      if (i % STEP === 0) await awaitSyncTurn();
      const key = entries[i].key;
      if (!(key.length > next.length && key.startsWith(next))) return prefix;
    }
    prefix = next;
  }
}

/** Entries walked between two looks at the slice's budget: a level of a million entries must not hold the host. */
const STEP = 4096;

/**
 * The level below `prefix` ('' for the top). `keyOrdered`: the entries are already in natural key order (sorted once
 * per listing, see sortedListing.ts), which the level keeps instead of sorting again. Walks the entries in slices.
 */
export async function levelOf(
  entries: readonly EntryInfo[],
  prefix: string,
  settings: ViewSettings,
  now: number,
  keyOrdered = false,
): Promise<Level> {
  const separator = settings.keySeparator;
  // Each group's entries, and its counts judged on the way (its node shows them): a group of 500,000 is not walked
  // again to count.
  const byPrefix = new Map<string, { prefix: string; members: EntryInfo[]; counts: Tally }>();
  const second = Math.floor(now);
  const revision = countsRevision();
  const prefixes: Array<string | undefined> = [];
  // The group of the entry before: in key order the next one is nearly always in it too, which a look at its key's
  // start tells, without cutting a prefix out of it and finding that in the map (a million of each took ~0.5 s).
  let last: { prefix: string; members: EntryInfo[]; counts: Tally } | undefined;
  for (let i = 0; i < entries.length; i++) {
    if (i % STEP === 0) await awaitSyncTurn();
    const entry = entries[i];
    const key = entry.key;
    // Sharing the group's prefix (which ends with the level's first separator) and going on after it: same group.
    if (last && key.length > last.prefix.length && key.startsWith(last.prefix)) {
      prefixes.push(last.prefix);
      last.members.push(entry);
      tally(last.counts, entry, second);
      continue;
    }
    const groupPrefix = settings.groupBy === 'prefix' ? nextPrefix(key, prefix, separator) : undefined;
    prefixes.push(groupPrefix);
    if (groupPrefix === undefined) continue;
    let group = byPrefix.get(groupPrefix);
    if (group) group.members.push(entry);
    else byPrefix.set(groupPrefix, (group = { prefix: groupPrefix, members: [entry], counts: noCounts() }));
    last = group;
    tally(group.counts, entry, second);
  }
  // Entries of this level in the order given (a prefix with one entry is no group): a key-ordered input stays so.
  const direct: EntryInfo[] = [];
  for (let i = 0; i < entries.length; i++) {
    if (i % STEP === 0) await awaitSyncTurn();
    const groupPrefix = prefixes[i];
    if (groupPrefix === undefined || byPrefix.get(groupPrefix)!.members.length === 1) direct.push(entries[i]);
  }
  const groups: LevelGroup[] = [];
  // States filled in during the walk: the counts are what to show until the group is counted again.
  const stale = countsRevision() !== revision;
  let walked = 0;
  for (const [groupPrefix, { members, counts }] of byPrefix) {
    if (++walked % STEP === 0) await awaitSyncTurn();
    if (members.length < 2) continue;
    rememberCounts(members, counts, second, stale);
    groups.push({ prefix: await foldedPrefix(members, groupPrefix, separator), entries: members });
  }
  return {
    groups: await sortNaturalInSlices(groups, (group) => group.prefix),
    entries: await sortEntries(direct, settings.sortBy, now, keyOrdered),
  };
}

export async function sortEntries(entries: readonly EntryInfo[], sortBy: SortBy, now: number, keyOrdered = false): Promise<EntryInfo[]> {
  // Natural key order first: the other orders keep it among equals.
  const byKey = keyOrdered ? [...entries] : await sortNaturalInSlices(entries, (entry) => entry.key);
  if (sortBy === 'key') return byKey;
  const rank = new Map(byKey.map((entry, i) => [entry, i]));
  const byRank = (a: EntryInfo, b: EntryInfo) => rank.get(a)! - rank.get(b)!;
  const compare: Record<Exclude<SortBy, 'key'>, (a: EntryInfo, b: EntryInfo) => number> = {
    // Soonest to expire first; unreadable entries (no expiry) last.
    expiry: (a, b) =>
      (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) ||
      Number(stateAt(a, now) === 'unreadable') - Number(stateAt(b, now) === 'unreadable') ||
      byRank(a, b),
    size: (a, b) => b.size - a.size || byRank(a, b),
  };
  return sortInSlices(byKey, compare[sortBy]);
}
