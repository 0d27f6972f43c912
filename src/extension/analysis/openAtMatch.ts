// Opens an entry found by Find in Values and selects the match: the document shows the value pretty-printed,
// so the match is found again in the document's own text with the same query, rather than by the file's offset.
import * as vscode from 'vscode';
import type { EntryInfo } from '../../engine';
import { compileQuery, type ValueQuery } from '../../engine/search';
import type { AnalysisFolder, AnalysisHost } from './analysisHost';

export async function openAtMatch(host: AnalysisHost, folder: AnalysisFolder, entry: EntryInfo, query: ValueQuery): Promise<vscode.TextEditor | undefined> {
  const editor = await host.openEntry(folder, entry);
  if (!editor) return undefined; // an unreadable file that is no longer a regular file: openEntry said why
  const text = editor.document.getText();
  const scanner = compileQuery(query).scanner();
  const match = scanner.feed(text) ?? scanner.end();
  if (match) {
    const range = new vscode.Range(editor.document.positionAt(match.start), editor.document.positionAt(match.end));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  return editor;
}
