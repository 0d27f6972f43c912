// The hover for an entry: its full key, where it lives, its size and times, and the first lines of its value,
// read on hover from a bounded head of the file (16 KB, whatever the value's size), saying when the value goes on.
import * as vscode from 'vscode';
import { TOOLTIP_BYTES, TOOLTIP_LINES } from '../entryDocument/documentLimits';
import { previewValueText, type ValuePreview } from '../entryDocument/jsonText';
import { formatBytes, formatTimestamp } from '../relativeTime';
import { isFileEntry, LOCATION_LABELS } from '../model/listedEntry';
import type { EntryNode } from './entryNode';

export async function entryTooltip(node: EntryNode): Promise<vscode.MarkdownString> {
  const { entry } = node;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(entry.key)}** — ${node.state}\n\n`);
  md.appendMarkdown(`| | |\n|---|---|\n`);
  const where = isFileEntry(entry)
    ? `${vscode.l10n.t('File')} | \`${entry.path.replace(/`/g, "'")}\``
    : `${vscode.l10n.t('Redis key')} | \`${entry.redisKey.replace(/`/g, "'")}\``;
  md.appendMarkdown(`| ${where} |\n| ${vscode.l10n.t('Size')} | ${formatBytes(entry.size)} |\n`);
  const { location } = entry;
  if (location) md.appendMarkdown(`| Stored | ${LOCATION_LABELS[location]} |\n`);
  if (entry.timestamp !== undefined) md.appendMarkdown(`| Written | ${formatTimestamp(entry.timestamp)} |\n`);
  if (entry.expiresAt !== undefined) md.appendMarkdown(`| Expires | ${formatTimestamp(entry.expiresAt)} |\n`);
  if (entry.problem) md.appendMarkdown(`\n\n$(warning) ${escape(entry.problem)}\n`);
  const preview = await valuePreview(node);
  if (preview) {
    md.appendCodeblock(preview.cut ? `${preview.text}\n…` : preview.text, 'json');
    if (preview.cut) md.appendMarkdown(vscode.l10n.t('First lines of the value only ({0} in all).', formatBytes(preview.fileSize)));
  }
  return md;
}

async function valuePreview(node: EntryNode): Promise<ValuePreview | undefined> {
  // Shared-only entries have no file here; unreadable ones have no value to show.
  const { entry } = node;
  if (node.state === 'unreadable' || !isFileEntry(entry)) return undefined;
  try {
    return await previewValueText(entry.path, TOOLTIP_BYTES, TOOLTIP_LINES);
  } catch {
    return undefined;
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
