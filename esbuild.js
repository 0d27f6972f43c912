// Bundles the extension and the engine (and, with --tests, the test suites) with esbuild.
//   node esbuild.js               development build: sourcemaps, not minified
//   node esbuild.js --production  minified, no sourcemaps (what `vsce package` ships)
//   node esbuild.js --watch       rebuild on change
//   node esbuild.js --tests       also bundle test/**/*.test.ts into out/test
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const withTests = process.argv.includes('--tests') || process.argv.includes('--watch');

/** Prints each build's errors the way problem matchers expect, and a line when a watch rebuild ends. */
const reportPlugin = {
  name: 'report',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: [reportPlugin],
};

/** Every *.test.ts below test/, plus each suite's entry (an index.ts in a test folder) that runs it. */
function testEntryPoints() {
  const testRoot = path.join(__dirname, 'test');
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.test\.ts$/.test(entry.name) || (entry.name === 'index.ts' && dir !== testRoot)) found.push(full);
    }
  };
  walk(testRoot);
  return found;
}

/**
 * The Redis client (ioredis) goes in a chunk of its own, dist/redisClient.js: the shared tier `require`s it at run
 * time, only when a cache is given a `shared` option, so neither the extension's startup nor a local-only engine
 * loads or parses it. (Test bundles inline it: the same lazy require, one file.)
 */
const redisChunkPlugin = {
  name: 'redis-chunk',
  setup(build) {
    build.onResolve({ filter: /^\.\/redisClient$/ }, () => ({ path: './redisClient.js', external: true }));
  },
};

async function main() {
  const lazyRedis = { plugins: [...common.plugins, redisChunkPlugin] };
  const configs = [
    // `module` first: jsonc-parser's `main` is a UMD build whose inner requires esbuild cannot follow.
    { ...common, ...lazyRedis, entryPoints: ['src/extension/index.ts'], outfile: 'dist/extension.js', external: ['vscode'], mainFields: ['module', 'main'] },
    { ...common, ...lazyRedis, entryPoints: ['src/engine/index.ts'], outfile: 'dist/engine.js' },
    { ...common, entryPoints: ['src/engine/redisClient.ts'], outfile: 'dist/redisClient.js' },
    // The Cache Analysis webview's script: runs in the webview (a browser), not in Node.
    { ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['media/analysis/main.ts'], outfile: 'dist/webview/analysis.js' },
    // The `cache-explorer` command (bin/cache-explorer), on the same engine code.
    { ...common, ...lazyRedis, entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js' },
  ];
  if (withTests) {
    configs.push({
      ...common,
      minify: false,
      sourcemap: true,
      entryPoints: testEntryPoints(),
      outdir: 'out/test',
      outbase: 'test',
      mainFields: ['module', 'main'],
      // mocha and playwright are loaded from node_modules at run time; vscode is the host's.
      external: ['vscode', 'mocha', 'playwright-core', 'fast-check'],
    });
  }
  if (watch) {
    const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const results = await Promise.allSettled(configs.map((c) => esbuild.build(c)));
  if (results.some((r) => r.status === 'rejected')) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
