// A 100,000-entry cache, in a host session of its own: creating and removing that many files floods VS Code's file
// watcher for minutes, which must not spill into the other suites' live-update tests.
import { runSuite } from '../../support/runSuite';

export async function run(): Promise<void> {
  await runSuite(__dirname, { timeout: 30_000, slow: 5000 });
}
