/** jsdom setup for component tests: cleanup between tests and a no-op canvas (jsdom has no 2D context). */
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => { cleanup(); });
