// Browser end-to-end tests on plain Node: each suite drives code-server's workbench in headless Chromium.
import { runSuiteAsMain } from '../support/runSuite';

runSuiteAsMain(__dirname, { timeout: 90_000, slow: 15_000 });
