// The view's key filter: a glob (`*`, `?`) when the text has one, otherwise a substring; both ignore case.
// Matching never backtracks (see GlobMatcher), so no filter text can stall the extension host.
import { GlobMatcher } from '../keys/globMatcher';

export class KeyFilter {
  private readonly matcher: GlobMatcher;

  constructor(readonly text: string) {
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
}
