#!/usr/bin/env node
// Installs the VS Code that the tests and `npm start` use, when it is missing:
// code-server (VS Code's workbench + Node extension host, from npm) in .vscode-test/, after the system tools it
// needs to build and the Chromium that drives it (see prerequisites.js).
// Only the npm registry and Debian's archive are contacted.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { codeServerDir, codeServerEntry, CODE_SERVER_VERSION } = require('./paths');
const { CODE_SERVER_TOOLS, ensureTools } = require('./prerequisites');

// The @vscode/ripgrep release code-server 4.100.3 pins; its postinstall looks here before GitHub.
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

function log(message) {
  process.stderr.write(`[install-vscode] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

function seedRipgrepCache() {
  const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => fs.existsSync(p));
  if (!rg) throw new Error('ripgrep (rg) is needed to install code-server offline');
  const cacheDir = path.join(os.tmpdir(), RIPGREP_CACHE);
  const archive = path.join(cacheDir, RIPGREP_ARCHIVE);
  if (fs.existsSync(archive)) return;
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'rgpack-'));
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.copyFileSync(rg, path.join(staging, 'rg'));
  execFileSync('tar', ['czf', archive, '-C', staging, 'rg']);
  fs.rmSync(staging, { recursive: true, force: true });
}

function installCodeServer() {
  if (fs.existsSync(codeServerEntry)) return;
  log(`installing code-server@${CODE_SERVER_VERSION} into ${path.relative(process.cwd(), codeServerDir)}`);
  seedRipgrepCache();
  fs.mkdirSync(codeServerDir, { recursive: true });
  fs.writeFileSync(
    path.join(codeServerDir, 'package.json'),
    JSON.stringify({ name: 'cache-explorer-code-server', private: true }, null, 2),
  );
  const env = { ...process.env, npm_config_yes: 'true', npm_config_unsafe_perm: 'true' };
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: codeServerDir,
    env,
  });
  if (!fs.existsSync(codeServerEntry)) throw new Error('code-server installed without its entry point');
}

function main() {
  ensureTools(CODE_SERVER_TOOLS);
  installCodeServer();
  log('ready');
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

module.exports = { installVSCode: main };
