/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { serviceWorker } from './scripts/serviceWorkerPlugin.ts';

// The production page may talk to its own origin only (the app works offline). Dev keeps Vite's inline HMR preamble.
// style-src allows inline styles because KaTeX's HTML carries style attributes (sizes and offsets of each glyph);
// img-src allows data: and blob: for the image exports (an SVG drawn onto a canvas); font-src allows data: because
// Vite inlines KaTeX's smallest fonts (under 4 kB) into its CSS as data: URLs. No eval, no inline script: the
// engine's WebAssembly, if any, is compiled in the worker, which this page policy does not govern.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; worker-src 'self'; connect-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";
function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

// One Vitest project per environment: engine/worker/store/viz/io in Node, views in jsdom, e2e against the
// production build in real Chromium (playwright-core).
export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), serviceWorker()],
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      // d3-scale-chromatic ships as one file whose every scheme is built by a top-level call; naming its helpers pure
      // lets the schemes the app does not use (all but RdBu and viridis) drop out of the first-load bundle.
      treeshake: { manualPureFunctions: ['colors', 'ramp', 'ramp$1', 'interpolateCubehelixLong', 'cubehelix$1', 'interpolateRgbBasis'] },
      // Every module the first view imports statically goes into one chunk: left to itself the bundler splits off the
      // few it shares with the lazy panels (theme, d3-interpolate, …) into small chunks, which the first load fetches
      // all the same and which compress worse apart.
      output: { codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] } },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/{engine,worker,store,viz,io,cli,bridge}/**/*.test.ts', 'test/fuzz/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['test/views/**/*.test.tsx'],
          setupFiles: ['test/views/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.ts'],
          globalSetup: ['test/e2e/globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
