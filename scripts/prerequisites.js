// The tools outside npm that the tests and `npm start` need, and how each is found and installed.
// One list, so `npm test`, `npm start` and the README agree on what a machine must have.
//
// Each stage of `npm test` names the tools it needs; before the stage runs, the missing ones are installed from
// Debian's archive (as root, without recommends) or, when that cannot be done, reported in one message that says
// exactly what to install. CACHE_EXPLORER_SKIP_SYSTEM_PACKAGES=1 never calls apt-get (for machines whose packages
// are managed by someone else); a missing tool is then reported the same way.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const { chromiumPath } = require('./paths');

/** How to tell a Debian package is there: a command on the PATH, a file, or dpkg's record. */
const onPath = (command) => () => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
const fileExists = (file) => () => fs.existsSync(file);
const dpkgInstalled = (name) => () => {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
};

/**
 * Every system tool the project uses. `why` is shown to the user and in the README; `found` says whether this
 * machine has it (a tool found elsewhere than Debian's package, e.g. a pyenv python3, counts).
 */
const TOOLS = {
  'python3': { found: onPath('python3'), why: 'runs the Python reference cache for the interop tests' },
  'redis-server': { found: onPath(process.env.REDIS_SERVER ?? 'redis-server'), why: 'backs the shared-tier tests (started by them on a free port)' },
  'chromium': { found: fileExists(chromiumPath), why: 'drives the VS Code workbench in the extension and browser tests' },
  'fonts-dejavu-core': { found: dpkgInstalled('fonts-dejavu-core'), why: 'the font the screenshots are taken with' },
  'ripgrep': { found: onPath('rg'), why: 'seeds code-server\'s ripgrep so its install never downloads from GitHub' },
  'pkg-config': { found: onPath('pkg-config'), why: 'code-server\'s native modules are built on install' },
  'libkrb5-dev': { found: dpkgInstalled('libkrb5-dev'), why: 'headers for code-server\'s kerberos module' },
  'libxkbfile-dev': { found: dpkgInstalled('libxkbfile-dev'), why: 'headers for code-server\'s keyboard-layout module' },
  'libsecret-1-dev': { found: dpkgInstalled('libsecret-1-dev'), why: 'headers for code-server\'s keytar module' },
  'libx11-dev': { found: dpkgInstalled('libx11-dev'), why: 'headers for code-server\'s native keymap module' },
};

/** What installing code-server (VS Code) itself needs. */
const CODE_SERVER_TOOLS = ['ripgrep', 'pkg-config', 'libkrb5-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'libx11-dev'];

function log(message) {
  process.stderr.write(`[prerequisites] ${message}\n`);
}

function canUseApt() {
  return (
    process.platform === 'linux' &&
    fs.existsSync('/usr/bin/apt-get') &&
    process.getuid?.() === 0 &&
    process.env.CACHE_EXPLORER_SKIP_SYSTEM_PACKAGES !== '1'
  );
}

function installCommand(names) {
  return `sudo apt-get install --no-install-recommends ${names.join(' ')}`;
}

/** The exact words a user needs when a tool is missing and we may not install it. */
function missingMessage(missing) {
  const lines = missing.map((name) => `  ${name}: ${TOOLS[name].why}`);
  const reason =
    process.env.CACHE_EXPLORER_SKIP_SYSTEM_PACKAGES === '1'
      ? 'CACHE_EXPLORER_SKIP_SYSTEM_PACKAGES=1 is set, so nothing is installed'
      : process.platform !== 'linux' || !fs.existsSync('/usr/bin/apt-get')
        ? 'this is not a Debian-like system, so they cannot be installed for you'
        : 'not running as root, so they cannot be installed for you';
  return [
    `These tools are missing (${reason}):`,
    ...lines,
    `On Debian or Ubuntu: ${installCommand(missing)}`,
    'Elsewhere, install the equivalents (set CHROMIUM_PATH or REDIS_SERVER to their paths if they live elsewhere).',
  ].join('\n');
}

/**
 * Makes sure every named tool is present: installs the missing ones as root (without recommends, no upgrades
 * beyond what they depend on), else throws an error whose message says what to install.
 */
function ensureTools(names) {
  const missing = [...new Set(names)].filter((name) => !TOOLS[name].found());
  if (missing.length === 0) return;
  if (!canUseApt()) throw new Error(missingMessage(missing));
  log(`installing Debian packages without recommends: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...missing]]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} exited with ${r.status ?? r.signal}\n${missingMessage(missing)}`);
  }
  const still = missing.filter((name) => !TOOLS[name].found());
  if (still.length) throw new Error(`installed, but still not found: ${still.join(' ')}\n${missingMessage(still)}`);
}

module.exports = { TOOLS, CODE_SERVER_TOOLS, ensureTools };
