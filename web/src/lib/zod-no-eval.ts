import { z } from 'zod';

/**
 * Zod compiles object parsers with `new Function` when the page allows it and probes for that once.
 * The app's Content-Security-Policy allows no eval, so the probe fails and Chromium reports a
 * `securitypolicyviolation` on every page. Jitless mode skips the probe and the compiled fast path
 * (parsing stays correct, a little slower). Imported first in main.tsx: it must run before any
 * schema is built.
 */
z.config({ jitless: true });
