// Bundle budget (run by `npm test` after `vite build`): the JavaScript a browser loads before the first render of the
// demo must stay within BUDGET_KB gzip. That is the entry script of dist/index.html, every chunk the page
// modulepreloads, and every chunk those import statically (followed through `import … from "./x.js"` in the built
// files, in case a preload link is missing); chunks reached only through `import()` load after the first view and
// are not counted. Sizes are gzip at level 9 (node:zlib), in KB of 1000 bytes, as Vite prints them.
// Usage: node scripts/bundle-budget.mjs [distDir]   — exits 1 when over budget, 2 when the build is missing.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 120;
const dist = resolve(process.argv[2] ?? 'dist');
const indexHtml = join(dist, 'index.html');
if (!existsSync(indexHtml)) {
  console.error(`bundle budget: ${relative(process.cwd(), indexHtml)} not found; run \`npx vite build\` first.`);
  process.exit(2);
}

/** Same-origin script and modulepreload URLs of the page, as files under dist. */
function initialFiles(html) {
  const urls = [];
  for (const m of html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) urls.push(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) urls.push(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="modulepreload"/g)) urls.push(m[1]);
  return urls.filter((u) => !/^[a-z]+:|^\/\//i.test(u)).map((u) => join(dist, u.replace(/^\.?\//, '')));
}

/** Static imports of a built chunk (`import … from "./x.js"` and bare `import "./x.js"`), resolved to files. */
function staticImports(file, code) {
  const out = [];
  for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) out.push(join(dirname(file), m[1]));
  return out;
}

const seen = new Map();
const queue = [...new Set(initialFiles(readFileSync(indexHtml, 'utf8')))];
while (queue.length) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  const code = readFileSync(file);
  seen.set(file, { raw: code.length, gzip: gzipSync(code, { level: 9 }).length });
  queue.push(...staticImports(file, code.toString('utf8')));
}
if (seen.size === 0) {
  console.error('bundle budget: dist/index.html loads no script.');
  process.exit(2);
}

let raw = 0, gzip = 0;
for (const [file, s] of [...seen].sort((a, b) => b[1].gzip - a[1].gzip)) {
  raw += s.raw; gzip += s.gzip;
  console.log(`  ${(s.gzip / 1000).toFixed(1).padStart(6)} KB gzip  ${(s.raw / 1000).toFixed(1).padStart(6)} KB raw  ${relative(dist, file)}`);
}
const kb = gzip / 1000;
const ratio = kb / BUDGET_KB;
console.log(`initial JS: ${kb.toFixed(1)} KB gzip (${(raw / 1000).toFixed(1)} KB raw, ${seen.size} files, gzip level 9); budget ${BUDGET_KB} KB; ratio ${ratio.toFixed(2)} ${ratio <= 1 ? 'ok' : 'OVER'}`);
process.exit(ratio <= 1 ? 0 : 1);
