// Changing the multi-root workspace's folders from a test.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** Changes the workspace's folders and waits until VS Code has applied it (one change may run at a time). */
export async function changeFolders(start: number, deleteCount: number, ...add: { uri: vscode.Uri; name?: string }[]): Promise<void> {
  const applied = new Promise<void>((resolve) => {
    const listener = vscode.workspace.onDidChangeWorkspaceFolders(() => {
      listener.dispose();
      resolve();
    });
  });
  assert.ok(vscode.workspace.updateWorkspaceFolders(start, deleteCount, ...add), 'VS Code refused the folder change');
  await applied;
}
