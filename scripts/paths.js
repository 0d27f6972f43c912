// Where the project keeps the things it installs and produces; one place so scripts agree.
'use strict';
const path = require('node:path');

const fs = require('node:fs');

/** The project folder: found by walking up, so this still works when bundled into out/test/. */
function findRoot(start) {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'cache-explorer') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no cache-explorer package.json above ${start}`);
  }
}

const root = findRoot(__dirname);
// The last code-server release that runs on Node 20 (VS Code 1.100.3).
const CODE_SERVER_VERSION = '4.100.3';
const codeServerDir = path.join(root, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);

module.exports = {
  root,
  CODE_SERVER_VERSION,
  codeServerDir,
  codeServerEntry: path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  chromiumPath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  demoDir: path.join(root, 'demo'),
  testResultsDir: path.join(root, 'test-results'),
};
