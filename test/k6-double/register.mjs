// Registers loader-hooks.mjs (k6 module mapping, per-VU module instances). run.mjs imports this
// itself; `node --import test/k6-double/register.mjs test/k6-double/run.mjs ...` works as well.
import { register } from 'node:module';

const REGISTERED = Symbol.for('tickstream.k6-double.hooks');

if (!globalThis[REGISTERED]) {
  globalThis[REGISTERED] = true;
  register('./loader-hooks.mjs', import.meta.url);
}
