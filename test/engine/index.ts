// Engine tests on plain Node against real temp folders: `node out/test/engine/index.js`.
import { runSuiteAsMain } from '../support/runSuite';

runSuiteAsMain(__dirname, { timeout: 20_000, slow: 1000 });
