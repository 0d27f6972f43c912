// Recommendations in the user's language: the extension's counterpart of the engine's English recommendationText.
import * as vscode from 'vscode';
import { formatBytes, formatCount, formatShare, sameLocalDay } from '../../engine/analysis/formatting';
import type { Recommendation, Tally } from '../../engine/analysis/types';
import type { RecommendationText } from './protocol';

/** `nowMs`: when the analysis was made (a time on that day is said without its date). */
export function recommendationWording(recommendation: Recommendation, nowMs: number): RecommendationText {
  switch (recommendation.kind) {
    case 'expired':
      return {
        message:
          recommendation.expired.count === 1
            ? vscode.l10n.t('1 expired entry holds {0} ({1} of the bytes).', formatBytes(recommendation.expired.bytes), formatShare(recommendation.share))
            : vscode.l10n.t(
                '{0} expired entries hold {1} ({2} of the bytes).',
                formatCount(recommendation.expired.count),
                formatBytes(recommendation.expired.bytes),
                formatShare(recommendation.share),
              ),
        action: vscode.l10n.t('Clean Up'),
      };
    case 'namespaceWithoutTtl':
      return {
        message: vscode.l10n.t(
          '`{0}` entries have no ttl of their own and are {1} of the bytes.',
          `${recommendation.prefix}${recommendation.separator}*`,
          formatShare(recommendation.share),
        ),
        action: vscode.l10n.t('Show'),
      };
    case 'unreadable':
      return {
        message: unreadableMessage(recommendation.unreadable, recommendation.since, nowMs),
        action: vscode.l10n.t('Show'),
      };
    case 'dominantEntry':
      return {
        message: vscode.l10n.t(
          'One entry, `{0}`, holds {1} of the bytes ({2}).',
          recommendation.entry.key,
          formatShare(recommendation.share),
          formatBytes(recommendation.entry.size),
        ),
        action: vscode.l10n.t('Open'),
      };
  }
}

function unreadableMessage(unreadable: Tally, since: number | undefined, nowMs: number): string {
  const bytes = formatBytes(unreadable.bytes);
  if (since === undefined) {
    return unreadable.count === 1
      ? vscode.l10n.t('1 unreadable file holds {0}.', bytes)
      : vscode.l10n.t('{0} unreadable files hold {1}.', formatCount(unreadable.count), bytes);
  }
  const when = localMoment(since, nowMs);
  return unreadable.count === 1
    ? vscode.l10n.t('1 unreadable file since {0} holds {1}.', when, bytes)
    : vscode.l10n.t('{0} unreadable files since {1} hold {2}.', formatCount(unreadable.count), when, bytes);
}

/** The time alone on the analysis' own day (`09:00`, `9:00 AM`), else the date and time, in the user's locale. */
function localMoment(ms: number, nowMs: number): string {
  const moment = new Date(ms);
  return sameLocalDay(ms, nowMs)
    ? moment.toLocaleTimeString(vscode.env.language, { hour: 'numeric', minute: '2-digit' })
    : moment.toLocaleString(vscode.env.language, { dateStyle: 'medium', timeStyle: 'short' });
}
