#!/usr/bin/env node
// `npm run icon`: renders the marketplace icon (media/icon.png, 128×128) from the activity bar's own SVG,
// drawn white on a rounded tile, in Debian's Chromium. The PNG is committed; run this after changing the SVG.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { launchBrowser } = require('./browser');
const { root } = require('./paths');

const SIZE = 128;
const TILE = '#1f6f8b';

function iconSvg() {
  const source = fs.readFileSync(path.join(root, 'media', 'cache-explorer.svg'), 'utf8');
  const shapes = source.replace(/^[\s\S]*?<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 24 24">
  <rect width="24" height="24" rx="5" fill="${TILE}"/>
  <g transform="translate(2.4 2.4) scale(0.8)" fill="none" stroke="#ffffff" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">${shapes}</g>
</svg>`;
}

async function main() {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${iconSvg()}</body></html>`);
    const out = path.join(root, 'media', 'icon.png');
    await page.locator('svg').screenshot({ path: out, omitBackground: true });
    console.log(`wrote ${path.relative(root, out)} (${SIZE}×${SIZE})`);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
