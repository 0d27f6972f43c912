// Counts in words for messages, with the right plural in every language the strings are translated to: each form is
// its own localizable string ("1 cache entry", "{0} cache entries").
import * as vscode from 'vscode';

const number = (count: number) => count.toLocaleString(vscode.env.language);

export function cacheEntriesCount(count: number): string {
  return count === 1 ? vscode.l10n.t('1 cache entry') : vscode.l10n.t('{0} cache entries', number(count));
}

export function expiredEntriesCount(count: number): string {
  return count === 1 ? vscode.l10n.t('1 expired entry') : vscode.l10n.t('{0} expired entries', number(count));
}

export function sharedEntriesCount(count: number): string {
  return count === 1 ? vscode.l10n.t('1 shared entry') : vscode.l10n.t('{0} shared entries', number(count));
}

export function entriesCount(count: number): string {
  return count === 1 ? vscode.l10n.t('1 entry') : vscode.l10n.t('{0} entries', number(count));
}
