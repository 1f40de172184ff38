/** jsdom setup for component tests: cleanup between tests and a no-op canvas (jsdom has no 2D context). */
import { cleanup } from '@testing-library/react';
import { afterEach, beforeAll } from 'vitest';
import { loadAllParts } from '../../src/app/panels';
import { preloadLazyPanels } from '../../src/views/lazyPanel';

// The page loads its lower panels after the first view (src/app/panels.ts), and some views load parts of their own
// when first used (src/views/lazyPanel.tsx); tests that render the whole app query them at once, so they are loaded
// before any test renders.
beforeAll(async () => {
  await loadAllParts();
  await preloadLazyPanels();
}, 30_000);
afterEach(() => { cleanup(); });
