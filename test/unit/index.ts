// Pure logic of the extension on plain Node (no VS Code host), fast: `node out/test/unit/index.js`.
import { runSuiteAsMain } from '../support/runSuite';

runSuiteAsMain(__dirname, { timeout: 10_000, slow: 200 });
