// Counts in plain words with correct plurals ("1 entry", "3 entries, 1 expired"), for tooltips and screen readers.
import * as vscode from 'vscode';
import { formatCounts, type EntryCounts } from '../model/entryCounts';

export function entriesInWords(count: number): string {
  const n = count.toLocaleString('en-US');
  return count === 1 ? vscode.l10n.t('{0} entry', n) : vscode.l10n.t('{0} entries', n);
}

/** "3 entries, 1 expired, 2 unreadable"; zero counts other than the total are left out. */
export function countsInWords(counts: EntryCounts): string {
  const parts = [entriesInWords(counts.total)];
  if (counts.expired) parts.push(vscode.l10n.t('{0} expired', counts.expired.toLocaleString('en-US')));
  if (counts.unreadable) parts.push(vscode.l10n.t('{0} unreadable', counts.unreadable.toLocaleString('en-US')));
  return parts.join(', ');
}

/** "1,204 · 37 expired", the short form for descriptions and the status bar, in the UI's language. */
export function shortCounts(counts: EntryCounts): string {
  return formatCounts(counts, (n) => vscode.l10n.t('{0} expired', n));
}
