// The view's key filter: a glob (`*`, `?`) when the text has one, otherwise a substring; both ignore case.
// Matching never backtracks (see GlobMatcher), so no filter text can stall the extension host.
import type { StoredEntry } from '../../engine';
import { GlobMatcher } from '../keys/globMatcher';
import { matchesState, type StateFilter } from './stateFilter';

/** Exactly these files (the results of Find in Values), by path, and the query that found them, for the wording. */
export interface FileSet {
  paths: ReadonlySet<string>;
  query: string;
}

export class KeyFilter {
  private readonly matcher: GlobMatcher;

  /**
   * `text` '' matches every key. `state` (optional) also keeps only entries in that state, judged at `judgedAtMs`
   * (when the filter was set), so what the view shows stays put until the filter or the listing changes. `files`
   * (optional) also keeps only those files: paths, so a like-named key in another folder or only in Redis is not one.
   */
  constructor(
    readonly text: string,
    readonly state?: StateFilter,
    readonly judgedAtMs: number = Date.now(),
    readonly files?: FileSet,
  ) {
    const folded = text.toLowerCase();
    // A substring is the glob `*text*`: one matcher, one cost model.
    this.matcher = new GlobMatcher(/[*?]/.test(text) ? folded : `*${folded}*`);
  }

  /** True when the filter text is a glob (matched against the whole key). */
  get isGlob(): boolean {
    return /[*?]/.test(this.text);
  }

  matches(key: string): boolean {
    return this.matcher.matches(key.toLowerCase());
  }

  /** `matches` for a key already lower-cased (a listing folds its keys once, not on every filter). */
  matchesLowerCase(lowerCaseKey: string): boolean {
    return this.matcher.matches(lowerCaseKey);
  }

  /** Whether the entry's state passes the state filter (always, without one). */
  matchesEntry(entry: Pick<StoredEntry, 'state' | 'timestamp' | 'ttl'>): boolean {
    return this.state === undefined || matchesState(this.state, entry, this.judgedAtMs);
  }

  /** Whether the entry is one of the files (always, without a file set); known from its path, read or not. */
  matchesFile(entry: Pick<StoredEntry, 'key'> & { path?: string }): boolean {
    return this.files === undefined || (entry.path !== undefined && this.files.paths.has(entry.path));
  }
}
