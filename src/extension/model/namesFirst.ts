// A folder's listing built from its names first (one readdir), so the view shows keys, groups and counts before
// any file is read, then filled in as the engine streams the entries' states. The entries are filled in place:
// the same objects in the same Map, so the tree's order and levels, built once from the names, never move under the
// user's pointer while states arrive. Pure (no vscode): unit-tested on plain Node.
import type { Cache, EntryInfo, EntryName } from '../../engine';
import { awaitSyncTurn, inBackground, outOfBackground } from '../../engine/concurrency';
import type { FolderListing, UnreadNames } from './folderListing';
import type { FileEntry } from './listedEntry';
import { NamedEntry } from './namedEntry';
import { CountsChange, countsRevision, noCounts, noteStatesFilled, nowInSeconds, rememberCounts, tally } from './entryCounts';
import { withCountedChanges } from './layeredEntries';
import { changedLineage, freshLineage } from './listingLineage';

/** Least time between two progress reports while states are read: what bounds the view's refreshes. */
export const PROGRESS_INTERVAL_MS = 250;

/**
 * Files read at once in the background: few, so the view's own work (ordering, levels) gets its turns of the event
 * loop between the reads instead of waiting behind dozens of them.
 */
const BACKGROUND_READS = 2;

/**
 * How long a burst's load reads its new files before it shows its listing: the rest show by name and are read after
 * (see listingAfterChanges).
 */
const FIRST_READS_MS = 200;

/** States read per batch (filled in and counted as one). */
const BATCH_SIZE = 256;

/** Names whose states are read as one run of the engine's stream: the names to read are walked this many at a time. */
const CHUNK_SIZE = 4096;

/** Entries placed between two looks at the slice's budget (a million names must not hold the host). */
const NAMES_PER_STEP = 2048;

export interface NamesFirstLoad {
  /** The listing before this re-read: an entry known there keeps showing its last state until read again. */
  previous?: FolderListing;
  /** The files changed since `previous`: only they and the files it had not read are read again (see LoadProgress). */
  changed?: ReadonlySet<string>;
  /** `changed` is every change since `previous`: its names are not listed again (see LoadProgress.changedOnly). */
  changedOnly?: boolean;
  /** Called with the listing once the names are known, then at most every PROGRESS_INTERVAL_MS as states arrive. */
  progress?: (listing: FolderListing) => void;
  signal?: AbortSignal;
}

/** A listing of `names`: entries known in `previous` (same file, same key) are reused, the rest are unread. */
export async function listingFromNames(
  names: readonly EntryName[],
  base: Omit<FolderListing, 'entries'>,
  placeholder: (name: EntryName) => FileEntry,
  previous?: FolderListing,
): Promise<FolderListing> {
  const entries = new Map<string, FileEntry>();
  let unread = 0;
  // Counted on the way (the status bar and the badge show them at once): a million are not walked again to count.
  const now = nowInSeconds();
  const second = Math.floor(now);
  const revision = countsRevision();
  const counts = noCounts();
  for (let i = 0; i < names.length; i++) {
    if (i % NAMES_PER_STEP === 0) await awaitSyncTurn();
    const name = names[i]!;
    const known = previous?.entries.get(name.fileName) as FileEntry | undefined;
    const entry = known && known.key === name.key ? known : placeholder(name);
    entries.set(name.fileName, entry);
    // A load cut short leaves entries it had not read yet: still unread here.
    if (entry.unread) unread++;
    tally(counts, entry, second);
  }
  rememberCounts(entries, counts, now, countsRevision() !== revision);
  return { ...base, entries, unread, lineage: freshLineage() };
}

/**
 * The listing's entry of each info, overwritten in place with what was read (every field, so none goes stale). The
 * listing's counts change by these entries alone (exact when they were): the status bar and the badge count the
 * listing, and counted again after each batch of states, a million entries took a fifth of the host's time while
 * they were read. Other sets holding these entries (a group's, a later listing's) are counted again as before.
 */
export function fillStates(listing: FolderListing, batch: readonly EntryInfo[]): void {
  const entries = listing.entries as ReadonlyMap<string, FileEntry>;
  const counts = new CountsChange(entries);
  noteStatesFilled();
  for (const info of batch) {
    const entry = entries.get(info.fileName);
    if (!entry) continue;
    if (entry.unread) listing.unread = (listing.unread ?? 1) - 1;
    counts.removed(entry);
    fillEntry(entry, info);
    counts.added(entry);
  }
  counts.rememberFor(entries);
}

/** Overwrites `entry` with what was read of its file. */
function fillEntry(entry: FileEntry, info: EntryInfo): void {
  // The path is not copied: the same file in the same folder (a NamedEntry puts it together when asked).
  entry.key = info.key;
  entry.size = info.size;
  entry.timestamp = info.timestamp;
  entry.ttl = info.ttl;
  entry.expiresAt = info.expiresAt;
  entry.state = info.state;
  entry.problem = info.problem;
  entry.timestampSource = info.timestampSource;
  entry.unread = false;
}

/**
 * Lists `cache` names first, then streams its states into the listing; resolves with the listing once every
 * state is read. A file that vanished meanwhile is dropped (in a new listing, so orders built on the old one are
 * not left pointing at it). Aborted: resolves with what was read so far.
 */
export async function loadNamesFirst(cache: Cache, base: Omit<FolderListing, 'entries'>, load: NamesFirstLoad = {}): Promise<FolderListing> {
  const { previous, changed } = load;
  let listing: FolderListing;
  let toRead: UnreadNames;
  // Whether every unread entry is among toRead's names (not when a load was cut short looking for them).
  let known = true;
  let pick: (name: EntryName) => boolean;
  if (load.changedOnly && previous && changed) {
    // Not cut short by a newer batch (see EntryListing.load): that one's load starts from this listing.
    listing = await listingAfterChanges(cache, base, previous, changed);
    load.progress?.(listing);
    // What the previous load had not read yet: none in the usual case; else among the names it read, from where it
    // stopped. Walking the listing for them instead walked every entry read so far, once per batch of a burst.
    const among = listing.unread ? (listing.unreadAmong ?? (await inBackground(() => unreadNamesOf(listing, load.signal)))) : NO_NAMES;
    known = among !== undefined;
    toRead = among ?? NO_NAMES;
    const entries = listing.entries as ReadonlyMap<string, FileEntry>;
    pick = (name) => entries.get(name.fileName)?.unread === true;
  } else {
    const names = await cache.entryNames();
    listing = await listingFromNames(names, base, (name) => placeholderOf(cache, name), previous);
    load.progress?.(listing);
    const entries = listing.entries as ReadonlyMap<string, FileEntry>;
    toRead = { names, from: 0 };
    pick = (name) => !changed || changed.has(name.fileName) || entries.get(name.fileName)?.unread === true;
  }
  // Nobody waits for the states: the first level and what the user does meanwhile go first (see inBackground).
  const { unseen, resume } = await inBackground(() => readStates(cache, toRead, pick, listing, load));
  if (load.signal?.aborted) {
    // Cut short: the next load reads on from where this one stopped.
    listing.unreadAmong = listing.unread && known ? resume : undefined;
    return listing;
  }
  listing.unreadAmong = undefined;
  if (unseen.size === 0) return listing;
  const gone = new Map<string, string>();
  for (const fileName of unseen) gone.set(fileName, listing.entries.get(fileName)!.key);
  const entries = await withCountedChanges(listing.entries, new Map([...unseen].map((fileName) => [fileName, undefined])));
  return { ...listing, entries, unread: 0, lineage: changedLineage(listing.lineage, gone) };
}

const NO_NAMES: UnreadNames = { names: [], from: 0 };

/**
 * The names of the listing's unread entries, found by walking it (in slices), when no load said where they are.
 * Undefined when cut short meanwhile: a walk over a million entries for the few left unread, run on beside a burst's
 * reads, kept the next load waiting 18 s.
 */
async function unreadNamesOf(listing: FolderListing, signal: AbortSignal | undefined): Promise<UnreadNames | undefined> {
  const names: EntryName[] = [];
  let i = 0;
  for (const entry of listing.entries.values() as Iterable<FileEntry>) {
    if (i++ % NAMES_PER_STEP === 0) {
      await awaitSyncTurn();
      if (signal?.aborted) return undefined;
    }
    if (entry.unread) names.push(entry);
  }
  return { names, from: 0 };
}

/**
 * The listing when every change since `previous` is known by name (a burst the watcher reported): `previous`'s
 * entries as they are, less the changed files, plus those of them found now. Its work is in the changed files: no
 * readdir (at a million entries one took 2–7 s per burst, for names already known), and the other entries are shared
 * with `previous` (layeredEntries.ts), not walked or counted again. The changed files it had are read first (a file
 * rewritten shows its new state, one removed is gone); new files are read for up to FIRST_READS_MS, so a burst's own
 * entries show with their states when the disk is fast, and the rest show by name ("reading…"), read right after by
 * the load: while a pipeline wrote into a folder of a million, reading a batch of 2,400 new files first took 3.5 s,
 * and the batches behind it waited.
 */
async function listingAfterChanges(
  cache: Cache,
  base: Omit<FolderListing, 'entries'>,
  previous: FolderListing,
  changed: ReadonlySet<string>,
): Promise<FolderListing> {
  const before = previous.entries as ReadonlyMap<string, FileEntry>;
  const known: EntryName[] = [];
  const fresh: EntryName[] = [];
  const files = new Map<string, string>();
  for (const fileName of changed) {
    const key = cache.fileNames.keyOf(fileName);
    if (key === undefined) continue;
    (before.has(fileName) ? known : fresh).push({ fileName, key });
    files.set(fileName, key);
  }
  const read = await readAll(cache, known);
  const deadline = performance.now() + FIRST_READS_MS;
  let deferred: EntryName[] = [];
  for (let start = 0; start < fresh.length; start += BATCH_SIZE) {
    if (performance.now() >= deadline) {
      deferred = fresh.slice(start);
      break;
    }
    read.push(...(await readAll(cache, fresh.slice(start, start + BATCH_SIZE))));
  }
  // An entry known before is filled in place (the view shows that object); a new file gets one of its own.
  const changes = new Map<string, FileEntry | undefined>();
  for (const fileName of changed) changes.set(fileName, undefined);
  const filled = read.map((info) => {
    const entry = before.get(info.fileName);
    const kept = entry && entry.key === info.key ? entry : placeholderOf(cache, info);
    changes.set(info.fileName, kept);
    return { entry: kept, info };
  });
  for (const name of deferred) changes.set(name.fileName, placeholderOf(cache, name));
  let unread = previous.unread ?? 0;
  // The counts change by exactly these files, as they stood and as they are once filled in.
  const entries = await withCountedChanges(before, changes, () => {
    for (const fileName of changed) if (before.get(fileName)?.unread) unread--;
    noteStatesFilled();
    for (const { entry, info } of filled) fillEntry(entry, info);
  });
  // A changed file whose name is no key's was not looked up: the view orders this listing afresh.
  const lineage = files.size === changed.size ? changedLineage(previous.lineage, files) : freshLineage();
  // Its unread entries: the new files not read yet, then the previous listing's still unread, among the names it
  // was reading (unknown when it did not know them).
  const earlier = unread > 0 ? previous.unreadAmong : NO_NAMES;
  const unreadAmong = earlier && deferred.length > 0 ? { names: deferred, from: 0, then: earlier } : earlier;
  unread += deferred.length;
  return { ...base, entries, unread, lineage, unreadAmong: unread > 0 ? unreadAmong : undefined };
}

/** The entries of `names` as read now (a file gone is left out). */
async function readAll(cache: Cache, names: readonly EntryName[]): Promise<EntryInfo[]> {
  const read: EntryInfo[] = [];
  if (names.length === 0) return read;
  for await (const batch of cache.streamEntries({ names, batchSize: BATCH_SIZE })) read.push(...batch);
  return read;
}

/** A run of names to read, and where it lies among the names a load reads (see UnreadNames). */
interface NamesChunk {
  names: EntryName[];
  /** The names it was picked from, and the index of its first name and the index after its last among them. */
  among: UnreadNames;
  from: number;
  end: number;
}

/**
 * The names `pick` keeps of `toRead` (from `from` on, then its `then`), CHUNK_SIZE at a time, walked in slices only
 * as the reads ask for them: a load cut short stops walking too (a walk over a million entries to find the few unread
 * took seconds beside a burst's reads, once per batch).
 */
async function* chunksOf(toRead: UnreadNames, pick: (name: EntryName) => boolean, signal: AbortSignal | undefined): AsyncGenerator<NamesChunk> {
  let step = 0;
  for (let among: UnreadNames | undefined = toRead; among; among = among.then) {
    const { names } = among;
    let chunk: EntryName[] = [];
    let from = among.from;
    for (let i = among.from; i < names.length; i++) {
      if (step++ % NAMES_PER_STEP === 0) {
        await awaitSyncTurn();
        // Cut short: the next load waits for this one to end.
        if (signal?.aborted) return;
      }
      const name = names[i]!;
      if (!pick(name)) continue;
      if (chunk.length === 0) from = i;
      chunk.push(name);
      if (chunk.length === CHUNK_SIZE) {
        yield { names: chunk, among, from, end: i + 1 };
        chunk = [];
      }
    }
    if (chunk.length > 0) yield { names: chunk, among, from, end: names.length };
  }
}

/** The names of `among` from `index` on, then its `then`: where a load reads on from. */
function readingOnAt(among: UnreadNames, index: number): UnreadNames {
  return index < among.names.length ? { names: among.names, from: index, then: among.then } : (among.then ?? NO_NAMES);
}

/**
 * Streams the states of the names `pick` keeps of `toRead` into `listing` (see chunksOf). Resolves with the names read
 * for that no read found (files gone meanwhile), in the chunks read to their end, and where a load cut short would
 * read on from (every name before it was read or not to be read).
 */
async function readStates(
  cache: Cache,
  toRead: UnreadNames,
  pick: (name: EntryName) => boolean,
  listing: FolderListing,
  load: NamesFirstLoad,
): Promise<{ unseen: Set<string>; resume: UnreadNames }> {
  const unseen = new Set<string>();
  let resume = toRead;
  let reported = performance.now();
  for await (const chunk of chunksOf(toRead, pick, load.signal)) {
    const { among } = chunk;
    resume = readingOnAt(among, chunk.from);
    if (load.signal?.aborted) break;
    const pending = new Set(chunk.names.map((name) => name.fileName));
    for await (const batch of cache.streamEntries({ names: chunk.names, signal: load.signal, batchSize: BATCH_SIZE, concurrency: BACKGROUND_READS })) {
      fillStates(listing, batch);
      for (const info of batch) pending.delete(info.fileName);
      if (performance.now() - reported >= PROGRESS_INTERVAL_MS) {
        // Its listeners (the tree, the status bar) work for the user: not background work.
        outOfBackground(() => load.progress?.(listing));
        reported = performance.now();
      }
    }
    if (load.signal?.aborted) break;
    for (const fileName of pending) unseen.add(fileName);
    resume = readingOnAt(among, chunk.end);
  }
  return { unseen, resume };
}

/** An entry known by name only: its key and file, shown as "reading…" until its state is read. */
function placeholderOf(cache: Cache, name: EntryName): FileEntry {
  return new NamedEntry(cache.dir, name, cache.ttl);
}

/**
 * The files whose names differ between the folder's `names` (one readdir) and `listing`: on disk and not listed, or
 * listed and no longer on disk. What a names-only re-check takes in as a batch the watcher dropped (see
 * CacheFolder.recheckNames). In slices; a Set of the names is made only when a listed file is gone.
 */
export async function namesChangedSince(names: readonly EntryName[], listing: FolderListing): Promise<Set<string>> {
  const changed = new Set<string>();
  let listed = 0;
  for (let i = 0; i < names.length; i++) {
    if (i % NAMES_PER_STEP === 0) await awaitSyncTurn();
    const fileName = names[i]!.fileName;
    if (listing.entries.has(fileName)) listed++;
    else changed.add(fileName);
  }
  if (listed === listing.entries.size) return changed;
  const onDisk = new Set<string>();
  for (let i = 0; i < names.length; i++) {
    if (i % NAMES_PER_STEP === 0) await awaitSyncTurn();
    onDisk.add(names[i]!.fileName);
  }
  // A listing is replaced whole, never changed in place: walking it across turns sees one set of files.
  let i = 0;
  for (const fileName of listing.entries.keys()) {
    if (i++ % NAMES_PER_STEP === 0) await awaitSyncTurn();
    if (!onDisk.has(fileName)) changed.add(fileName);
  }
  return changed;
}
