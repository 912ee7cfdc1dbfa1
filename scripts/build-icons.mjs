#!/usr/bin/env node
// `npm run build:icons`: renders resources/icons/icon.svg in Debian's Chromium (playwright-core, no
// download) to a PNG at each size the packages need, then packs them into icon.ico (Windows: 16–256,
// PNG-compressed entries) and icon.icns (macOS: 16–1024, PNG entries). Linux takes the PNG folder
// (electron-builder's `linux.icon`). The results are committed; run this after changing the SVG.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../e2e/chromium.ts';
import { encodeIcns, encodeIco, ICNS_TYPES, ICO_SIZES, ICON_SIZES } from './icon-containers.mjs';

const dir = join(import.meta.dirname, '..', 'resources', 'icons');
const svg = readFileSync(join(dir, 'icon.svg'), 'utf8');

const browser = await chromium.launch(chromiumLaunchOptions);
const pngs = new Map();
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const size of ICON_SIZES) {
    await page.setViewportSize({ width: size, height: size });
    const sized = svg.replace(/width="1024" height="1024"/, `width="${size}" height="${size}"`);
    await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
    const png = await page.locator('svg').screenshot({ omitBackground: true });
    pngs.set(size, png);
    writeFileSync(join(dir, `${size}x${size}.png`), png);
  }
} finally {
  await browser.close();
}
writeFileSync(join(dir, 'icon.png'), pngs.get(512));
writeFileSync(join(dir, 'icon.ico'), encodeIco(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) }))));
writeFileSync(join(dir, 'icon.icns'), encodeIcns(Object.entries(ICNS_TYPES).map(([type, size]) => ({ type, png: pngs.get(size) }))));
console.log(`resources/icons: ${ICON_SIZES.join(', ')} px PNGs, icon.ico (${ICO_SIZES.join(', ')}), icon.icns (${Object.values(ICNS_TYPES).join(', ')})`);
