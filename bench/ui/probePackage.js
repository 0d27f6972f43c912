// Packs the probe (probe/) into a .vsix once per run: code-server loads one development extension only (the last
// `extensionDevelopmentPath` wins), so Cache Explorer is that one and the probe is installed, as a user would.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { root } = require('../../scripts/paths');

const PROBE_DIR = path.join(__dirname, 'probe');
const PROBE_VSIX = path.join(root, 'bench', '.tmp', 'ui-bench-probe.vsix');

function packProbe() {
  fs.mkdirSync(path.dirname(PROBE_VSIX), { recursive: true });
  const r = spawnSync(
    path.join(root, 'node_modules', '.bin', 'vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-update-package-json', '-o', PROBE_VSIX],
    { cwd: PROBE_DIR, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`packing the probe failed: ${r.stderr || r.stdout}`);
  return PROBE_VSIX;
}

module.exports = { packProbe };
