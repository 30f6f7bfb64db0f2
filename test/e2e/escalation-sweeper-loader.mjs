// Lets a plain `node` child process run the TypeScript sources, as Jest does: `@rectify/*` aliases
// resolve to the libraries' index.ts, relative `.js` imports to their `.ts` files, and each file is
// transpiled on its own (isolatedModules). Used by the multi-process sweep test only.
import { register } from 'node:module';

register('./escalation-sweeper-hooks.mjs', import.meta.url);
