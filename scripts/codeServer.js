// Starts code-server (VS Code's real workbench and Node extension host) on 127.0.0.1 for tests and `npm start`.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { codeServerEntry, root } = require('./paths');

/** Settings that keep a throwaway workbench quiet: no welcome page, no trust prompt, no update or gallery checks. */
const QUIET_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'json.schemaDownload.enable': false,
  'npm.fetchOnlinePackageInfo': false,
  'extensions.showRecommendationsOnlyOnDemand': true,
};

// Nothing but 127.0.0.1: no extension gallery (an empty gallery turns VS Code's gallery service off), and every
// Node process code-server starts loads the guard that refuses outside connections and logs them.
const OFFLINE_GUARD = path.join(root, 'scripts', 'offlineGuard.js');
const OFFLINE_ENV = {
  EXTENSIONS_GALLERY: '{}',
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(OFFLINE_GUARD)}`.trim(),
};

/** With trust on, a new folder opens untrusted; no startup prompt, so nothing waits for a click. */
const RESTRICTED_MODE_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(port, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms`);
}

/**
 * Starts code-server with a fresh user-data folder.
 * `workspaceTrust: true` turns VS Code's workspace trust on, so a folder opens in Restricted Mode (untrusted).
 * `installExtensions`: .vsix files installed into the session's extensions folder before it starts, as a user would.
 * @param {{ port?: number, logFile?: string, env?: NodeJS.ProcessEnv, userSettings?: object, stdio?: 'inherit', workspaceTrust?: boolean, installExtensions?: string[] }} options
 */
async function startCodeServer(options = {}) {
  if (!fs.existsSync(codeServerEntry)) {
    throw new Error('code-server is not installed: run `node scripts/install-vscode.js`');
  }
  const port = options.port ?? (await freePort());
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-explorer-cs-'));
  const userDir = path.join(home, 'user-data');
  fs.mkdirSync(path.join(userDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_USER_SETTINGS, ...(options.workspaceTrust ? RESTRICTED_MODE_SETTINGS : {}), ...options.userSettings }, null, 2),
  );
  fs.writeFileSync(path.join(home, 'config.yaml'), '');
  const args = [
    '--require', OFFLINE_GUARD,
    codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--config', path.join(home, 'config.yaml'),
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir', userDir,
    '--extensions-dir', path.join(home, 'extensions'),
  ];
  const logFd = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
  for (const vsix of options.installExtensions ?? []) {
    const install = spawnSync(
      process.execPath,
      ['--require', OFFLINE_GUARD, codeServerEntry, '--install-extension', vsix, '--user-data-dir', userDir, '--extensions-dir', path.join(home, 'extensions')],
      { env: { ...process.env, ...OFFLINE_ENV }, encoding: 'utf8' },
    );
    if (install.status !== 0) throw new Error(`code-server could not install ${vsix}: ${install.stderr || install.stdout}`);
  }
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...OFFLINE_ENV, ...options.env },
    stdio: options.stdio === 'inherit' ? 'inherit' : ['ignore', logFd, logFd],
  });
  try {
    await waitForHealth(port, child, 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    userDir,
    /** A URI that the workbench resolves on this server's file system. */
    remoteUri: (absolutePath) => `vscode-remote://127.0.0.1:${port}${absolutePath}`,
    /**
     * The workbench URL for a folder (or .code-workspace file), with an optional development payload.
     * @param {{ folder?: string, workspace?: string, payload?: Array<[string, string]> }} target
     */
    workbenchUrl({ folder, workspace, payload = [] }) {
      const params = new URLSearchParams();
      if (folder) params.set('folder', folder);
      if (workspace) params.set('workspace', workspace);
      if (payload.length) params.set('payload', JSON.stringify(payload));
      return `${origin}/?${params.toString()}`;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (typeof logFd === 'number') fs.closeSync(logFd);
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

module.exports = { startCodeServer, freePort };
