// The benchmark's workspaces: one folder per size under the system temp folder, generated once (by a child
// process, writeEntries.js) and reused by every round; removed at the end of the run unless --keep.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const BASE = path.join(os.tmpdir(), 'cache-explorer-ui-bench');
/** Bump when writeEntries.js or keyMix.js change what is written, so a kept folder is not reused. */
const GENERATION = 1;
const HUGE_MB = 200;

const log = (...xs) => process.stderr.write(`${xs.join(' ')}\n`);

/** The workspace of `count` entries (and one 200 MB entry), written now unless a complete one is kept. */
function workspaceFor(count) {
  const dir = path.join(BASE, String(count));
  const cacheDir = path.join(dir, 'cache');
  const marker = path.join(BASE, `${count}.complete`);
  const stamp = JSON.stringify({ generation: GENERATION, count, hugeMB: HUGE_MB });
  const partial = path.join(BASE, `${count}.partial`);
  if (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== stamp) {
    fs.rmSync(marker, { force: true });
    // An interrupted run of the same generation is resumed (a million files take many minutes on a busy disk).
    if (!fs.existsSync(partial) || fs.readFileSync(partial, 'utf8') !== stamp) fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(BASE, { recursive: true });
    fs.writeFileSync(partial, stamp);
    log(`writing ${count.toLocaleString('en-US')} entries and a ${HUGE_MB} MB one into ${cacheDir} …`);
    const started = Date.now();
    const r = spawnSync(process.execPath, [path.join(__dirname, 'writeEntries.js'), cacheDir, String(count), String(HUGE_MB)], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`writing the ${count}-entry workspace failed (exit ${r.status} ${r.signal ?? ''})`);
    fs.renameSync(partial, marker);
    log(`  written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return { dir, cacheDir, count, hugeMB: HUGE_MB };
}

/** Removes every generated workspace. */
function removeWorkspaces() {
  fs.rmSync(BASE, { recursive: true, force: true });
}

module.exports = { workspaceFor, removeWorkspaces, BASE };
