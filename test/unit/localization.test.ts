// Every user-facing string can be translated: package.json names its strings by %key%, each key has its English in
// package.nls.json (and no English is left unused), and l10n/bundle.l10n.json holds exactly the strings the
// extension passes to vscode.l10n.t, as `npm run l10n` extracts them.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from '../../scripts/paths';

const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** User-facing fields of package.json's contributions that must be %keys%. */
const LOCALIZED_FIELDS = new Set(['title', 'shortTitle', 'category', 'name', 'contextualTitle', 'contents', 'description', 'markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'displayName']);

function fieldsToLocalize(value: unknown, field: string, found: Array<{ field: string; text: string }>): void {
  if (typeof value === 'string') {
    if (LOCALIZED_FIELDS.has(field)) found.push({ field, text: value });
  } else if (Array.isArray(value)) {
    for (const item of value) fieldsToLocalize(item, field, found);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) fieldsToLocalize(inner, key, found);
  }
}

suite('localization', () => {
  const manifest = JSON.parse(read('package.json')) as { displayName: string; description: string; contributes: unknown; capabilities: unknown };
  const nls = JSON.parse(read('package.nls.json')) as Record<string, string>;

  test('every user-facing string of package.json is a %key% with its English in package.nls.json', () => {
    const found: Array<{ field: string; text: string }> = [];
    fieldsToLocalize({ displayName: manifest.displayName, description: manifest.description }, '', found);
    fieldsToLocalize(manifest.contributes, '', found);
    fieldsToLocalize(manifest.capabilities, '', found);
    const plain = found.filter(({ text }) => !/^%[^%]+%$/.test(text));
    assert.deepEqual(plain, [], 'strings not moved to package.nls.json');
    const missing = found.map(({ text }) => text.slice(1, -1)).filter((key) => !(key in nls));
    assert.deepEqual(missing, [], 'keys without English');
    const used = new Set(found.map(({ text }) => text.slice(1, -1)));
    assert.deepEqual(Object.keys(nls).filter((key) => !used.has(key)), [], 'English that nothing uses');
  });

  test('l10n/bundle.l10n.json holds exactly the strings the extension localizes (run `npm run l10n` after changing one)', function () {
    this.timeout(60_000);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-explorer-l10n-'));
    try {
      const cli = path.join(root, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
      const run = spawnSync(process.execPath, [cli, 'export', '--outDir', out, path.join(root, 'src', 'extension')], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const extracted = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
      const committed = JSON.parse(read('l10n/bundle.l10n.json')) as Record<string, string>;
      assert.deepEqual(Object.keys(committed).sort(), Object.keys(extracted).sort());
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
