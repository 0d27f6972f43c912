#!/usr/bin/env node
// `npm start [-- <folder>]`: builds and opens Cache Explorer in a real VS Code on <folder> (its `cache/`, or the
// folder its `cacheExplorer.folder` setting names), or without one on demo/ with a freshly generated demo cache.
// Desktop VS Code when its `code` CLI is on the PATH, otherwise code-server on 127.0.0.1 (URL printed).
// Ctrl+C stops code-server cleanly.
'use strict';
const { spawnSync, spawn } = require('node:child_process');
const fs = require('node:fs');
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

async function startCodeServerOn(folder) {
  runOrExit([path.join(root, 'scripts', 'install-vscode.js')]);
  const { startCodeServer } = require('./codeServer');
  const port = Number(process.env.CACHE_EXPLORER_PORT) || undefined;
  const server = await startCodeServer({ port, stdio: process.env.CACHE_EXPLORER_VERBOSE ? 'inherit' : undefined });
  const url = server.workbenchUrl({
    folder,
    payload: [['extensionDevelopmentPath', server.remoteUri(root)]],
  });
  console.log(`\nCache Explorer is running in code-server (VS Code 1.100) on ${folder}.\nOpen:\n\n  ${url}\n\nCtrl+C stops it.`);
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

/** The folder to open: the one named on the command line (relative to where npm was run), else the demo. */
function chooseFolder() {
  const named = process.argv[2];
  if (named === undefined) return undefined;
  const folder = path.resolve(process.env.INIT_CWD ?? process.cwd(), named);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    console.error(`npm start: ${folder} is not a folder`);
    process.exit(2);
  }
  return folder;
}

async function main() {
  const folder = chooseFolder() ?? demoDir;
  runOrExit(['esbuild.js']);
  if (folder === demoDir) runOrExit([path.join(demoDir, 'generate.js')]);
  if (hasDesktopCode()) {
    const child = spawn('code', [`--extensionDevelopmentPath=${root}`, folder], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  await startCodeServerOn(folder);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
