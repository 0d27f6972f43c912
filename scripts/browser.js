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
  // Nothing outside this machine resolves, whatever a page asks for.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

/** Requests a page made to hosts other than this machine (kept for the whole process, asserted by a test). */
/** @type {string[]} */
const outboundRequests = [];
const LOCAL_URL = /^(?:https?|wss?):\/\/(?:127\.\d+\.\d+\.\d+|localhost|\[::1\])(?::\d+)?\//;
const NO_NETWORK_URL = /^(?:data|blob|about|chrome|devtools|vscode-[a-z-]+):/;

/** Opens a page that records every request leaving 127.0.0.1 in `outboundRequests`. */
async function newWatchedPage(browser, options) {
  const page = await browser.newPage(options);
  page.on('request', (request) => {
    const url = request.url();
    if (!LOCAL_URL.test(url) && !NO_NETWORK_URL.test(url)) outboundRequests.push(url);
  });
  return page;
}

async function launchBrowser() {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: run \`node scripts/install-vscode.js\` (as root) or set CHROMIUM_PATH`);
  }
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
}

module.exports = { launchBrowser, newWatchedPage, outboundRequests };
