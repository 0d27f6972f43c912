// A level of a listing that differs from the one before by a few files, built from the level the view had: only the
// groups those files fall in are built again (in natural order by placing the files, in listing order by appending
// new ones: see orderPlacement.ts); every other group is the same object, with its entries and its counts. Walking a million entries to group them again took 1–3 s beside a
// burst's reads, for a burst of 10,000 files that touched one group.
import type { ViewSettings } from '../settings';
import { inheritCounts } from '../model/entryCounts';
import type { FileEntry, ListedEntry } from '../model/listedEntry';
import { sortNaturalInSlices } from '../keys/naturalOrder';
import { foldedPrefix, nextPrefix, type Level, type LevelGroup } from './levels';
import { withChanges, type Derivation } from './orderPlacement';

/** Past this many entries at the level itself (not in groups), they are grouped again from scratch. */
const MOST_DIRECT = 20_000;

/**
 * The level below `prefix` of entries made from others as `derivation` says, from `base`, the level of those others.
 * Only grouped by prefix, sorted by key. Undefined when it cannot tell (then the caller groups every entry again):
 * too many entries at the level itself, or a total that does not add up to `size`.
 */
export async function levelAfterChanges(base: Level, derivation: Derivation, prefix: string, settings: ViewSettings, size: number): Promise<Level | undefined> {
  const { changed, current, appended } = derivation;
  if (settings.groupBy !== 'prefix' || settings.sortBy !== 'key') return undefined;
  const separator = settings.keySeparator;
  // The changed files by the group prefix their key has below `prefix` ('' for none: an entry of the level itself).
  const byGroup = new Map<string, Map<string, string>>();
  for (const [fileName, key] of changed) {
    const group = nextPrefix(key, prefix, separator) ?? '';
    let files = byGroup.get(group);
    if (!files) byGroup.set(group, (files = new Map()));
    files.set(fileName, key);
  }
  // New files in listing order, by group: in the order they were appended.
  const appendedByGroup = new Map<string, ListedEntry[]>();
  for (const entry of appended ?? []) {
    const group = nextPrefix(entry.key, prefix, separator) ?? '';
    const entries = appendedByGroup.get(group);
    if (entries) entries.push(entry);
    else appendedByGroup.set(group, [entry]);
  }
  // Each group by the prefix its entries' keys have (a folded group `model:v3:` is `model:`'s).
  const groupsBefore = new Map<string, LevelGroup>();
  for (const group of base.groups) groupsBefore.set(nextPrefix(group.prefix, prefix, separator) ?? group.prefix, group);
  // The level's own entries that change: its changed files, and the entries that leave or join a group of one.
  const direct = new Map<string, string>(byGroup.get('') ?? []);
  const directNow = new Map<string, ListedEntry | undefined>();
  for (const fileName of direct.keys()) directNow.set(fileName, current(fileName));
  const singles = [...byGroup.keys()].some((group) => group !== '' && !groupsBefore.has(group));
  if (singles && base.entries.length > MOST_DIRECT) return undefined;
  const groups: LevelGroup[] = [];
  for (const [groupPrefix, group] of groupsBefore) if (!byGroup.has(groupPrefix)) groups.push(group);
  for (const [groupPrefix, files] of byGroup) {
    if (groupPrefix === '') continue;
    const before = groupsBefore.get(groupPrefix);
    // A prefix with one entry was no group: its entry was one of the level's own.
    const single = before ? undefined : base.entries.find((entry) => nextPrefix(entry.key, prefix, separator) === groupPrefix);
    const earlier = before?.entries ?? (single ? [single] : []);
    // In listing order the group's new files come after its entries (they were appended to the listing's).
    const members = appended ? earlier.concat(appendedByGroup.get(groupPrefix) ?? []) : await withChanges(earlier, files, current);
    if (single) {
      direct.set(fileNameOf(single), single.key);
      directNow.set(fileNameOf(single), undefined);
    }
    if (members.length === 1) {
      direct.set(fileNameOf(members[0]), members[0].key);
      directNow.set(fileNameOf(members[0]), members[0]);
    } else if (members.length > 1) {
      // Counted for the group before until counted again (in the background when many).
      if (before) inheritCounts(members, before.entries);
      // Not copied: its own levels may be built from the group's before (its placement is remembered by the array).
      groups.push({ prefix: await foldedPrefix(members, groupPrefix, separator), entries: members as ListedEntry[] });
    }
  }
  const entries = [...(await withChanges(base.entries, direct, (fileName) => directNow.get(fileName)))];
  const total = groups.reduce((sum, group) => sum + group.entries.length, entries.length);
  if (total !== size) return undefined;
  return { groups: await sortNaturalInSlices(groups, (group) => group.prefix), entries };
}

/** A listing with a lineage lists files only (no shared-only entries). */
function fileNameOf(entry: ListedEntry): string {
  return (entry as FileEntry).fileName;
}
