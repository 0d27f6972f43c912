// The command line of `cache-explorer analyze`, parsed and checked: bad input is a UsageError with a clear message.
import { parseArgs } from 'node:util';

export const USAGE = `Usage: cache-explorer analyze <folder> [options]

Analyses a Cache Explorer cache folder (one <key>.json per entry) without reading values.

Options:
  --json                 print the analysis as JSON
  --markdown             print it as Markdown (the default)
  --ttl <seconds>        the cache's default time to live (default 86400)
  --separator <text>     what separates namespaces in keys (default ":")
  --top <n>              biggest/oldest entries and namespaces listed (default 10)
  --max-bytes <size>     exit 1 when the cache holds more (e.g. 500MB, 3GB, 1048576)
  --max-entries <n>      exit 1 when the cache holds more entries
  --max-expired-bytes <size>  exit 1 when expired entries hold more
  --max-unreadable <n>   exit 1 when more files are unreadable
  -h, --help             show this help

Exit codes: 0 fine, 1 a --max-* limit was exceeded (the output is printed all the same), 2 bad usage or no folder.`;

export class UsageError extends Error {}

export interface Limits {
  bytes?: number;
  entries?: number;
  expiredBytes?: number;
  unreadable?: number;
}

export interface AnalyzeArguments {
  folder: string;
  format: 'json' | 'markdown';
  ttl: number;
  separator: string;
  top: number;
  limits: Limits;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4 };

/** `3GB`, `500 mb`, `1048576` → bytes (1024-based, as the output prints them). */
export function parseSize(text: string, option: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match && SIZE_UNITS[match[2]!.toLowerCase()];
  if (!match || unit === undefined) throw new UsageError(`${option} takes a size such as 500MB or 3GB, not "${text}".`);
  return Math.round(Number(match[1]) * unit!);
}

function parseCount(text: string, option: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${option} takes a whole number ≥ 0, not "${text}".`);
  return Number(text);
}

/** Undefined when help was asked for. */
export function parseAnalyzeArguments(argv: string[]): AnalyzeArguments | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        markdown: { type: 'boolean' },
        ttl: { type: 'string' },
        separator: { type: 'string' },
        top: { type: 'string' },
        'max-bytes': { type: 'string' },
        'max-entries': { type: 'string' },
        'max-expired-bytes': { type: 'string' },
        'max-unreadable': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return undefined;
  const [command, folder, ...rest] = positionals;
  if (command !== 'analyze') throw new UsageError(command ? `Unknown command "${command}".` : 'Name a command: analyze.');
  if (!folder) throw new UsageError('Name the cache folder to analyse.');
  if (rest.length > 0) throw new UsageError(`One folder at a time; also given: ${rest.join(' ')}.`);
  if (values.json && values.markdown) throw new UsageError('Choose one of --json and --markdown.');
  if (values.separator === '') throw new UsageError('--separator cannot be empty.');
  const limits: Limits = {};
  if (values['max-bytes'] !== undefined) limits.bytes = parseSize(values['max-bytes'], '--max-bytes');
  if (values['max-entries'] !== undefined) limits.entries = parseCount(values['max-entries'], '--max-entries');
  if (values['max-expired-bytes'] !== undefined) limits.expiredBytes = parseSize(values['max-expired-bytes'], '--max-expired-bytes');
  if (values['max-unreadable'] !== undefined) limits.unreadable = parseCount(values['max-unreadable'], '--max-unreadable');
  return {
    folder,
    format: values.json ? 'json' : 'markdown',
    ttl: values.ttl === undefined ? 86_400 : parseCount(values.ttl, '--ttl'),
    separator: values.separator ?? ':',
    top: values.top === undefined ? 10 : parseCount(values.top, '--top'),
    limits,
  };
}
