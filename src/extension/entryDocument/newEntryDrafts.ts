// Entries being added (Add Entry…): their `cache-entry:` documents exist before their files do. Until the first save
// creates the file, the entry file system serves such a URI as an empty document; the command then types the
// starting text into it, so the document is dirty and saving (the user's act) writes it through the engine.
const drafts = new Set<string>();

export const newEntryDrafts = {
  add(uri: { toString(): string }): void {
    drafts.add(uri.toString());
  },
  has(uri: { toString(): string }): boolean {
    return drafts.has(uri.toString());
  },
  /** The file now exists (saved) or the draft was abandoned. */
  delete(uri: { toString(): string }): void {
    drafts.delete(uri.toString());
  },
};
