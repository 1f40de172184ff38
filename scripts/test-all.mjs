// `npm test`: typecheck, lint, unit/component tests (Node + jsdom), the bundle budget and end-to-end tests in real Chromium against
// the production build. Ends with one line `N passed, N failed` summed over every runner; exits non-zero on any
// failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const REPORTS = '.reports';
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });
const env = { ...process.env, NO_COLOR: '1', npm_config_yes: 'true' };
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function sh(label, cmd, args) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { stdio: 'inherit', env }).status === 0;
}

/** A command whose success is one check. */
function check(label, cmd, args) {
  const ok = sh(label, cmd, args);
  if (ok) totals.passed++; else { totals.failed++; failures.push(label); }
  return ok;
}

/** A vitest run whose JSON report is summed test by test. */
function vitest(label, args, report) {
  const ok = sh(label, 'npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  if (!existsSync(report)) {
    totals.failed++; failures.push(`${label} (no report: the runner crashed)`);
    return;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  // Suites that fail to load count as failures even with no test inside.
  const broken = r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.every((a) => a.status !== 'failed')).length;
  totals.failed += broken;
  if (!ok || r.numFailedTests > 0 || broken > 0) failures.push(label);
  if (r.numTotalTests === 0) { totals.failed++; failures.push(`${label} ran no test`); }
}

check('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
check('lint', 'npx', ['oxlint', '-c', '.oxlintrc.json', '--deny-warnings', 'src', 'test', 'scripts']);
vitest('unit and component tests', ['--project', 'node', '--project', 'dom'], `${REPORTS}/unit.json`);
if (check('browser', 'node', ['scripts/ensure-chromium.mjs']) && check('build', 'npx', ['vite', 'build'])) {
  check('bundle budget (initial JS ≤ 120 KB gzip)', 'node', ['scripts/bundle-budget.mjs']);
  vitest('end-to-end tests (Chromium)', ['--project', 'e2e'], `${REPORTS}/e2e.json`);
}

if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 || failures.length > 0 ? 1 : 0);
