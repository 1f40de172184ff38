/** jsdom setup for component tests: cleanup between tests and a no-op canvas (jsdom has no 2D context). */
import { cleanup } from '@testing-library/react';
import { afterEach, beforeAll } from 'vitest';
import { loadAllParts } from '../../src/app/panels';

// The page loads its lower panels after the first view (src/app/panels.ts); tests that render the whole app query
// them at once, so they are loaded before any test renders.
beforeAll(loadAllParts);
afterEach(() => { cleanup(); });
