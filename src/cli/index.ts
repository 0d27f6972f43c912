// `cache-explorer analyze <folder>`: the same analysis as the extension's panel, for a terminal or a CI step.
import * as fs from 'node:fs';
import { Cache } from '../engine';
import { analysisToMarkdown, analyzeCache } from '../engine/analysis';
import { parseAnalyzeArguments, USAGE, UsageError } from './arguments';
import { brokenLimits } from './limits';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[], output: Output = processOutput): Promise<number> {
  let args;
  try {
    args = parseAnalyzeArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.err(`cache-explorer: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (!args) {
    output.out(`${USAGE}\n`);
    return 0;
  }
  // A typo in a CI script must not pass as an empty cache.
  const stat = fs.statSync(args.folder, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) {
    output.err(`cache-explorer: ${stat ? 'not a folder' : 'no such folder'}: ${args.folder}\n`);
    return 2;
  }
  const cache = new Cache({ cacheDir: args.folder, ttl: args.ttl });
  try {
    const analysis = await analyzeCache(cache, { separator: args.separator, topEntries: args.top, topNamespaces: args.top });
    output.out(args.format === 'json' ? `${JSON.stringify(analysis, null, 2)}\n` : analysisToMarkdown(analysis));
    const broken = brokenLimits(analysis, args.limits);
    for (const line of broken) output.err(`cache-explorer: ${line}\n`);
    return broken.length > 0 ? 1 : 0;
  } catch (error) {
    output.err(`cache-explorer: ${(error as Error).message}\n`);
    return 2;
  } finally {
    cache.dispose();
  }
}
