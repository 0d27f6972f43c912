// Launches Debian's Chromium through playwright-core (which downloads no browser of its own).
'use strict';
const fs = require('node:fs');
const { chromiumPath } = require('./paths');

// This machine's network is closed: these keep Chromium from trying its own background connections.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

async function launchBrowser() {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: run \`node scripts/install-vscode.js\` (as root) or set CHROMIUM_PATH`);
  }
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
}

module.exports = { launchBrowser };
