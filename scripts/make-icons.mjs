// Writes public/icon-192.png, icon-512.png and icon-maskable-512.png from public/icon.svg with Chromium.
// Run by hand after changing the icon: `node scripts/make-icons.mjs` (the PNGs are committed; CI never runs this).
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';

const svg = readFileSync('public/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: await findChromium(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  for (const [name, size, padding] of [['icon-192.png', 192, 0], ['icon-512.png', 512, 0], ['icon-maskable-512.png', 512, 0.1]]) {
    // A maskable icon keeps its drawing inside the central 80 % safe zone, on a full-bleed background.
    const inner = size * (1 - 2 * padding);
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<body style="margin:0;background:${padding ? "#0b3d91" : "transparent"}"><div style="width:${size}px;height:${size}px;display:grid;place-items:center">`
      + `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${inner}" height="${inner}"></div></body>`);
    writeFileSync(`public/${name}`, await page.screenshot({ omitBackground: padding === 0 }));
    console.log(`public/${name}: ${size}×${size}`);
  }
} finally {
  await browser.close();
}
