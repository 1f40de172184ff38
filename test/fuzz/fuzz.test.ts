/**
 * Every fuzz suite, run in one file so that the counts add up to one total (at least 10,000 seeded cases per run).
 * Each suite prints `fuzz: <suite> <n> cases (seed <s>)`; the last test prints the total.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_SEED, tally } from './harness';
import { importerSuites } from './importers';
import { inputSuites } from './input';
import { persistedSuites } from './persisted';
import { storeSuites } from './store';

importerSuites();
inputSuites();
persistedSuites();
storeSuites();

describe('the fuzz run as a whole', () => {
  it('ran at least 10,000 seeded cases', () => {
    const total = [...tally.values()].reduce((a, b) => a + b, 0);
    console.log(`fuzz: total ${total} cases in ${tally.size} suites (base seed ${BASE_SEED})`);
    expect(total).toBeGreaterThanOrEqual(10_000);
  });
});

afterAll(() => { tally.clear(); });
