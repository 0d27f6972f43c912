// Loaded by the VS Code extension host (code-server or desktop), which calls run().
import { runSuite } from '../support/runSuite';

export async function run(): Promise<void> {
  await runSuite(__dirname, { timeout: 30_000, slow: 5000 });
}
