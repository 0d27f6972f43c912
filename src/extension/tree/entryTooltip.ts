// The hover for an entry: where it lives, its size and times, and the first lines of its value (read on hover only).
import * as vscode from 'vscode';
import type { EntryNode } from './entryNode';
import { formatBytes, formatTimestamp } from '../relativeTime';
import { isFileEntry, LOCATION_LABELS } from '../model/listedEntry';

const PREVIEW_LINES = 12;

export async function entryTooltip(node: EntryNode): Promise<vscode.MarkdownString> {
  const { entry } = node;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(entry.key)}** — ${node.state}\n\n`);
  md.appendMarkdown(`| | |\n|---|---|\n`);
  const where = isFileEntry(entry) ? `File | \`${entry.path.replace(/`/g, "'")}\`` : `Redis key | \`${entry.redisKey.replace(/`/g, "'")}\``;
  md.appendMarkdown(`| ${where} |\n| Size | ${formatBytes(entry.size)} |\n`);
  const { location } = entry;
  if (location) md.appendMarkdown(`| Stored | ${LOCATION_LABELS[location]} |\n`);
  if (entry.timestamp !== undefined) md.appendMarkdown(`| Written | ${formatTimestamp(entry.timestamp)} |\n`);
  if (entry.expiresAt !== undefined) md.appendMarkdown(`| Expires | ${formatTimestamp(entry.expiresAt)} |\n`);
  if (entry.problem) md.appendMarkdown(`\n\n$(warning) ${escape(entry.problem)}\n`);
  const preview = await valuePreview(node);
  if (preview !== undefined) md.appendCodeblock(preview, 'json');
  return md;
}

async function valuePreview(node: EntryNode): Promise<string | undefined> {
  try {
    const peeked = await node.folder.cache.peek(node.entry.key);
    if (peeked === undefined || peeked.info.state === 'unreadable') return undefined;
    const lines = (JSON.stringify(peeked.data, null, 2) ?? 'undefined').split('\n');
    return lines.length > PREVIEW_LINES ? [...lines.slice(0, PREVIEW_LINES), '…'].join('\n') : lines.join('\n');
  } catch {
    return undefined;
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
