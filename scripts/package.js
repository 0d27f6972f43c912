#!/usr/bin/env node
// `npm run package`: the .vsix a user installs, built without a single prompt (stdin may be closed).
// The packaged README is the user's part of README.md: the blocks between `<!-- development -->` and
// `<!-- /development -->` (how to build and test the project) are left out. VS Code's details page shows the README
// in a webview whose policy loads images only from https: or data:, and the project has no public host, so each
// screenshot is inlined as a data: URI; a relative link to another file would lead nowhere there, so it becomes
// its plain text. The build fails on an image it cannot find.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { root } = require('./paths');

// Outside dist/: vsce's prepublish build empties that.
const PACKAGE_README = path.join(root, 'out', 'package', 'README.md');

function fail(message) {
  console.error(`npm run package: ${message}`);
  process.exit(1);
}

/** README.md without its development blocks. */
function userReadme(text) {
  return text.replace(/<!-- development -->[\s\S]*?<!-- \/development -->\n?/g, '');
}

const IMAGE_TYPES = { '.png': 'image/png', '.svg': 'image/svg+xml', '.jpg': 'image/jpeg', '.gif': 'image/gif' };
const isRelative = (target) => !/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(target);

/** `![alt](relative image)` → the image as a data: URI; `[text](relative file)` → `text`. */
function selfContained(markdown) {
  return markdown
    .replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (whole, alt, target) => {
      if (!isRelative(target)) return whole;
      const file = path.join(root, decodeURI(target));
      const type = IMAGE_TYPES[path.extname(file).toLowerCase()];
      if (!type || !fs.existsSync(file)) fail(`the README shows an image the package cannot carry: ${target}`);
      return `![${alt}](data:${type};base64,${fs.readFileSync(file).toString('base64')})`;
    })
    .replace(/(?<!!)\[([^\]]*)\]\(([^)\s]+)\)/g, (whole, text, target) => (isRelative(target) && !target.startsWith('#') ? text : whole));
}

function writePackageReadme() {
  const readme = selfContained(userReadme(fs.readFileSync(path.join(root, 'README.md'), 'utf8')));
  fs.mkdirSync(path.dirname(PACKAGE_README), { recursive: true });
  fs.writeFileSync(PACKAGE_README, readme);
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) fail(`${path.basename(command)} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

function main() {
  run(process.execPath, ['esbuild.js', '--production']);
  writePackageReadme();
  run(path.join(root, 'node_modules', '.bin', 'vsce'), [
    'package',
    '--no-dependencies',
    // The project has no public repository: the README's links stay relative and resolve inside the package.
    '--allow-missing-repository',
    '--no-rewrite-relative-links',
    '--readme-path', path.relative(root, PACKAGE_README),
  ]);
}

if (require.main === module) main();

module.exports = { userReadme, selfContained };
