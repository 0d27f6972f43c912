// One fresh code-server session for a round: Cache Explorer (production bundle, development mode) and the probe
// extension (installed) in one extension host, the workspace open in headless Chromium. Reuses the test harness's launchers.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { launchBrowser, newWatchedPage } = require('../../scripts/browser');
const { startCodeServer } = require('../../scripts/codeServer');
const { chooseCommand } = require('../../scripts/palette');
const { root } = require('../../scripts/paths');
const { ProbeLog } = require('./probeLog');

const STARTUP_TIMEOUT_MS = 120_000;

/**
 * Opens `workspace.dir` in a new session, the probe installed from `probeVsix`; resolves once the workbench shows
 * and the probe reports.
 */
async function openSession(workspace, { logFile, probeVsix }) {
  const probeFile = path.join(os.tmpdir(), `cache-explorer-ui-probe-${process.pid}-${Date.now()}.jsonl`);
  const probe = new ProbeLog(probeFile);
  const server = await startCodeServer({ logFile, env: { CACHE_EXPLORER_UI_PROBE_OUT: probeFile }, installExtensions: [probeVsix] });
  let browser;
  const close = async () => {
    await browser?.close().catch(() => {});
    const hostPids = probe.pids();
    await server.stop();
    // A host normally exits with its server; one that outlived it is ours to end, by its pid.
    for (const pid of hostPids) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    // Beside a profile, the probe's samples stay (stalls and garbage collections in time order).
    const profiles = process.env.CACHE_EXPLORER_UI_PROBE_PROFILE;
    if (profiles && fs.existsSync(probeFile)) fs.copyFileSync(probeFile, path.join(profiles, path.basename(probeFile)));
    fs.rmSync(probeFile, { force: true });
  };
  try {
    browser = await launchBrowser();
    const page = await newWatchedPage(browser, { viewport: { width: 1400, height: 900 } });
    await page.goto(
      server.workbenchUrl({
        folder: workspace.dir,
        payload: [
          ['extensionDevelopmentPath', server.remoteUri(root)],
          ['skipWelcome', 'true'],
        ],
      }),
    );
    await page.waitForSelector('.monaco-workbench', { timeout: STARTUP_TIMEOUT_MS });
    await waitFor(() => probe.pid() !== undefined, STARTUP_TIMEOUT_MS, 'the probe to start in the extension host');
    /**
     * Closes the window and opens it again with Developer: Reload Window, which lets the workbench save its state
     * first (a page reload does not wait for it): a new extension host, the same user data.
     */
    const reload = async () => {
      const before = probe.pid();
      await chooseCommand(page, 'Developer: Reload Window');
      await Promise.all([page.waitForEvent('framenavigated', { timeout: STARTUP_TIMEOUT_MS }), page.keyboard.press('Enter')]);
      await page.waitForSelector('.monaco-workbench', { timeout: STARTUP_TIMEOUT_MS });
      await waitFor(() => probe.pid() !== undefined && probe.pid() !== before, STARTUP_TIMEOUT_MS, 'a new extension host after the reload');
    };
    return { page, probe, close, reload };
  } catch (error) {
    await close();
    throw error;
  }
}

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

module.exports = { openSession };
