/**
 * UI benchmark (part of `npm run bench`): main-thread responsiveness of the built app in Chromium while the worker
 * trains. Long tasks (> 50 ms) are collected with a PerformanceObserver during 4 s of training, and the longest is
 * printed against the 50 ms budget. Needs `npx vite build` first (npm run bench does it) and a Chromium.
 */
import { chromium } from 'playwright-core';
import { preview } from 'vite';
// @ts-expect-error: a plain .mjs helper shared with the npm scripts
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

const executablePath: string | null = await findChromium();
if (!executablePath) {
  console.log('ui benchmark: no Chromium found (node scripts/ensure-chromium.mjs installs one); skipped.');
  process.exit(0);
}
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const url = server.resolvedUrls!.local[0];
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url);
  await page.getByText(/Trained to predict the next character/).waitFor({ timeout: 30_000 });
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) w.longTasks.push(e.duration); }).observe({ type: 'longtask' });
  });
  await page.getByRole('spinbutton', { name: 'Training steps' }).fill('100000');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  // While training: step through the views as a user would.
  const t0 = Date.now();
  let clicks = 0;
  while (Date.now() - t0 < 4000) {
    await page.keyboard.press(clicks % 2 ? 'ArrowLeft' : 'ArrowRight');
    clicks++;
    await page.waitForTimeout(100);
  }
  const tasks: number[] = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  const longest = tasks.length ? Math.max(...tasks) : 0;
  const steps = await page.getByText(/^[\d,]+ \/ 100,000$/).first().textContent().catch(() => '?');
  console.log(`UI while training (${steps} steps, ${clicks} key presses in 4 s): ${tasks.length} long tasks, longest ${longest.toFixed(0)} ms; budget 50 ms; ratio ${(longest / 50).toFixed(2)} ${longest <= 50 ? 'ok' : 'OVER'}`);
} finally {
  await browser.close();
  await server.close();
}
