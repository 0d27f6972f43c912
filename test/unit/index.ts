// Pure logic of the extension (no VS Code, no disk) on plain Node: `node out/test/unit/index.js`.
import { runSuiteAsMain } from '../support/runSuite';

runSuiteAsMain(__dirname, { timeout: 10_000, slow: 500 });
