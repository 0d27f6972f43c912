// Finds where the `data` value begins in an entry file's text, fed in chunks: Find in Values searches the value,
// not the `timestamp` or `ttl` around it. A small JSON scanner: strings (with escapes) and nesting depth only.

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

export class DataFieldLocator {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The string being read, kept only while it is a top-level key short enough to be `data`. */
  private current = '';
  private keyPosition = false;
  private readingKey = false;
  private lastKey: string | undefined;

  /** The index in `text` where the data value starts (right after its colon), or -1 if not in this chunk. */
  find(text: string): number {
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          this.current = '\0'; // an escaped key is not the plain `data`
        } else if (c === '\\') this.escaped = true;
        else if (c === '"') {
          this.inString = false;
          this.lastKey = this.readingKey ? this.current : undefined;
        } else if (this.readingKey && this.current.length <= 4) this.current += c;
        continue;
      }
      if (WHITESPACE.has(c)) continue;
      if (c === '"') {
        this.inString = true;
        this.current = '';
        this.readingKey = this.depth === 1 && this.keyPosition;
        continue;
      }
      if (c === ':' && this.depth === 1) {
        if (this.lastKey === 'data') return i + 1;
        this.keyPosition = false;
      } else if (c === '{' || c === '[') {
        this.depth++;
        if (this.depth === 1) this.keyPosition = c === '{';
      } else if (c === '}' || c === ']') this.depth--;
      else if (c === ',' && this.depth === 1) this.keyPosition = true;
      this.lastKey = undefined;
    }
    return -1;
  }
}
