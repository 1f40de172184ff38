/**
 * zod, configured once for every schema of the app: without `jitless`, zod compiles object parsers with
 * `new Function` and probes for it first, and the page's Content-Security-Policy (no 'unsafe-eval') reports even the
 * probe as a violation. Every module with a schema imports `z` from here, so the setting comes before any schema.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
