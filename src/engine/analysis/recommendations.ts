// What to do about what the analysis found, each with the action its button runs. Data only: the panel and the CLI
// word them (recommendationText.ts for English).
import { byteShare } from './tally';
import type { CacheAnalysis, NamespaceStats, Recommendation } from './types';

/** A namespace without ttls of its own is worth a word from this share of the cache's bytes. */
export const NAMESPACE_SHARE = 0.3;
/** One entry holding this share of the bytes is worth a word. */
export const DOMINANT_ENTRY_SHARE = 0.25;

export function recommend(analysis: Omit<CacheAnalysis, 'recommendations'>): Recommendation[] {
  const { totals } = analysis;
  const found: Recommendation[] = [];
  if (totals.expired.count > 0) {
    found.push({ kind: 'expired', expired: totals.expired, share: byteShare(totals.expired, totals), action: { id: 'cleanupExpired' } });
  }
  for (const namespace of topLevel(analysis.namespaces)) {
    const share = byteShare(namespace.defaultTtl, totals);
    if (share >= NAMESPACE_SHARE) {
      const filter = `${namespace.prefix}${analysis.separator}*`;
      found.push({
        kind: 'namespaceWithoutTtl',
        prefix: namespace.prefix,
        separator: analysis.separator,
        defaultTtl: namespace.defaultTtl,
        share,
        action: { id: 'filter', filter },
      });
    }
  }
  if (totals.unreadable.count > 0) {
    const since = oldest(analysis.unreadable.map((group) => group.since));
    found.push({ kind: 'unreadable', unreadable: totals.unreadable, ...(since === undefined ? {} : { since }), action: { id: 'showUnreadable' } });
  }
  const biggest = analysis.biggest[0];
  if (biggest && totals.count > 1 && biggest.size / Math.max(1, totals.bytes) >= DOMINANT_ENTRY_SHARE) {
    found.push({ kind: 'dominantEntry', entry: biggest, share: biggest.size / totals.bytes, action: { id: 'openEntry', entry: biggest } });
  }
  return found;
}

/** Real namespaces at the top: the pseudo-namespace of keys without a separator has no prefix to filter on. */
function topLevel(root: NamespaceStats): NamespaceStats[] {
  return root.children.filter((child) => child.prefix !== '');
}

function oldest(times: (number | undefined)[]): number | undefined {
  const known = times.filter((time): time is number => time !== undefined);
  return known.length > 0 ? Math.min(...known) : undefined;
}
