// The view's key filter: a glob (`*`, `?`) when the text has one, otherwise a case-insensitive substring.

export class KeyFilter {
  private readonly pattern: RegExp;

  constructor(readonly text: string) {
    const isGlob = /[*?]/.test(text);
    const escaped = text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    this.pattern = isGlob
      ? new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i')
      : new RegExp(escaped.replace(/[*?]/g, '\\$&'), 'i');
  }

  matches(key: string): boolean {
    return this.pattern.test(key);
  }
}
