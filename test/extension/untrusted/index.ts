// The extension in Restricted Mode: loaded by a host session whose workspace is not trusted.
import { runSuite } from '../../support/runSuite';

export async function run(): Promise<void> {
  await runSuite(__dirname, { timeout: 30_000, slow: 5000 });
}
