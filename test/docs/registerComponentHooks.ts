// `--import`ed into each README program the docs test runs, after tsx: see componentHooks.ts.
import { register } from 'node:module';

register('./componentHooks.ts', import.meta.url);
