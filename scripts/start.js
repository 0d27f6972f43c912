#!/usr/bin/env node
// `npm start`: builds, regenerates the demo cache, and opens Cache Explorer on demo/ in a real VS Code:
// desktop VS Code when its `code` CLI is on the PATH, otherwise code-server on 127.0.0.1 (URL printed).
// Ctrl+C stops code-server cleanly.
'use strict';
const { spawnSync, spawn } = require('node:child_process');
const path = require('node:path');
const { root, demoDir } = require('./paths');

function runOrExit(args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function hasDesktopCode() {
  if (process.env.CACHE_EXPLORER_HOST === 'code-server') return false;
  const result = spawnSync('code', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0;
}

async function startCodeServerOnDemo() {
  runOrExit([path.join(root, 'scripts', 'install-vscode.js')]);
  const { startCodeServer } = require('./codeServer');
  const port = Number(process.env.CACHE_EXPLORER_PORT) || undefined;
  const server = await startCodeServer({ port, stdio: process.env.CACHE_EXPLORER_VERBOSE ? 'inherit' : undefined });
  const url = server.workbenchUrl({
    folder: demoDir,
    payload: [['extensionDevelopmentPath', server.remoteUri(root)]],
  });
  console.log(`\nCache Explorer is running in code-server (VS Code 1.100) on the demo workspace.\nOpen:\n\n  ${url}\n\nCtrl+C stops it.`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping code-server…');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main() {
  runOrExit(['esbuild.js']);
  runOrExit([path.join(demoDir, 'generate.js')]);
  if (hasDesktopCode()) {
    const child = spawn('code', [`--extensionDevelopmentPath=${root}`, demoDir], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  await startCodeServerOnDemo();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
