// Recommendations in the user's language: the extension's counterpart of the engine's English recommendationText.
import * as vscode from 'vscode';
import { formatBytes, formatCount, formatShare } from '../../engine/analysis/formatting';
import type { Recommendation } from '../../engine/analysis/types';
import type { RecommendationText } from './protocol';

export function recommendationWording(recommendation: Recommendation): RecommendationText {
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
        message:
          recommendation.unreadable.count === 1
            ? vscode.l10n.t('1 unreadable file holds {0}.', formatBytes(recommendation.unreadable.bytes))
            : vscode.l10n.t('{0} unreadable files hold {1}.', formatCount(recommendation.unreadable.count), formatBytes(recommendation.unreadable.bytes)),
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
