// The --max-* checks: what a CI build fails on, each broken limit in one line.
import { formatBytes, formatCount, plural, type CacheAnalysis } from '../engine/analysis';
import type { Limits } from './arguments';

export function brokenLimits(analysis: CacheAnalysis, limits: Limits): string[] {
  const { totals } = analysis;
  const broken: string[] = [];
  if (limits.bytes !== undefined && totals.bytes > limits.bytes) {
    broken.push(`The cache holds ${formatBytes(totals.bytes)} (${totals.bytes} bytes), more than --max-bytes ${formatBytes(limits.bytes)}.`);
  }
  if (limits.entries !== undefined && totals.count > limits.entries) {
    broken.push(`The cache holds ${formatCount(totals.count)} entries, more than --max-entries ${formatCount(limits.entries)}.`);
  }
  if (limits.expiredBytes !== undefined && totals.expired.bytes > limits.expiredBytes) {
    broken.push(`Expired entries hold ${formatBytes(totals.expired.bytes)}, more than --max-expired-bytes ${formatBytes(limits.expiredBytes)}.`);
  }
  if (limits.unreadable !== undefined && totals.unreadable.count > limits.unreadable) {
    const files = plural(totals.unreadable.count, 'file is', 'files are');
    broken.push(`${files} unreadable, more than --max-unreadable ${formatCount(limits.unreadable)}.`);
  }
  return broken;
}
