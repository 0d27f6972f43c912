// The analysis webview's page: a strict content security policy (only our own script, by nonce, and our own
// stylesheet; no remote anything, no inline style), and the localised strings the script shows.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { PanelStrings } from './panelStrings';

export interface PanelResources {
  script: vscode.Uri;
  style: vscode.Uri;
}

/** Where the webview loads from: the bundled script (dist/webview) and the stylesheet (media/analysis). */
export function resourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media', 'analysis')];
}

export function panelResources(webview: vscode.Webview, extensionUri: vscode.Uri): PanelResources {
  return {
    script: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'analysis.js')),
    style: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'analysis', 'analysis.css')),
  };
}

/** Text safe inside an HTML attribute or element. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function panelHtml(webview: vscode.Webview, resources: PanelResources, strings: PanelStrings, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${resources.style.toString()}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="root" aria-busy="true" data-strings="${escapeHtml(JSON.stringify(strings))}">
<h1>${escapeHtml(title)}</h1>
</main>
<script nonce="${nonce}" src="${resources.script.toString()}"></script>
</body>
</html>`;
}
