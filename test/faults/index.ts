// The reliability/security fault suite on plain Node: `node out/test/faults/index.js` (short form, part of `npm test`);
// `CACHE_EXPLORER_SOAK=1` for the long form (`npm run test:soak`). Child processes load the built dist/engine.js.
import { runSuiteAsMain } from '../support/runSuite';

runSuiteAsMain(__dirname, { timeout: 60_000, slow: 5000 });
