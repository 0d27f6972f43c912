// Recommendations in English, for the CLI and the Markdown export (the extension words them through vscode.l10n).
import { formatBytes, formatShare, formatSince, plural } from './formatting';
import type { Recommendation } from './types';

/** `nowMs`: when the analysis was made (a time on that day is said without its date). */
export function recommendationText(recommendation: Recommendation, nowMs: number): { message: string; action: string } {
  switch (recommendation.kind) {
    case 'expired':
      return {
        message: `${plural(recommendation.expired.count, 'expired entry', 'expired entries')} hold ${formatBytes(recommendation.expired.bytes)} (${formatShare(recommendation.share)} of the bytes).`,
        action: 'Clean Up',
      };
    case 'namespaceWithoutTtl':
      return {
        message: `\`${recommendation.prefix}${recommendation.separator}*\` entries have no ttl of their own and are ${formatShare(recommendation.share)} of the bytes.`,
        action: 'Show',
      };
    case 'unreadable':
      return {
        message: `${plural(recommendation.unreadable.count, 'unreadable file')}${recommendation.since === undefined ? '' : ` since ${formatSince(recommendation.since, nowMs)}`} (${formatBytes(recommendation.unreadable.bytes)}).`,
        action: 'Show',
      };
    case 'dominantEntry':
      return {
        message: `One entry, \`${recommendation.entry.key}\`, holds ${formatShare(recommendation.share)} of the bytes (${formatBytes(recommendation.entry.size)}).`,
        action: 'Open',
      };
  }
}
