// Makes sure a Chromium exists for the browser tests, installing one when none is found. Never skips silently.
import { spawnSync } from 'node:child_process';
import { findChromium } from './chromium.mjs';

const found = await findChromium();
if (found) {
  console.log(`[chromium] using ${found}`);
  process.exit(0);
}

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

if (isRoot && hasApt) {
  console.log('[chromium] no Chromium found: installing Debian\'s chromium package (apt-get install --no-install-recommends chromium)');
  if (run('apt-get', ['update']) && run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'])) {
    const p = await findChromium();
    if (p) { console.log(`[chromium] installed ${p}`); process.exit(0); }
  }
} else {
  console.log('[chromium] no Chromium found: trying Playwright\'s installer (npx playwright-core install chromium)');
  if (run('npx', ['--yes', 'playwright-core', 'install', 'chromium'])) {
    const p = await findChromium();
    if (p) { console.log(`[chromium] installed ${p}`); process.exit(0); }
  }
}
console.error([
  '[chromium] The browser tests need Chromium and none could be installed.',
  '  Debian/Ubuntu (as root): apt-get update && apt-get install -y --no-install-recommends chromium',
  '  Elsewhere: npx playwright-core install chromium',
  '  Or point CHROMIUM_PATH at an existing Chromium or Chrome executable.',
].join('\n'));
process.exit(1);
