// The extension in a multi-root workspace (alpha and beta, with a spare folder gamma to add).
import { runSuite } from '../../support/runSuite';

export async function run(): Promise<void> {
  await runSuite(__dirname, { timeout: 30_000, slow: 5000 });
}
