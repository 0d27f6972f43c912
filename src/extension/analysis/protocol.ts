// The messages between the analysis panel (extension side) and its webview (media/analysis/main.ts). Types only,
// so the webview bundle takes nothing from the extension but these shapes.
import type { CacheAnalysis } from '../../engine/analysis/types';
import type { EntryState } from '../../engine/types';

/** Recommendation wording, one per `analysis.recommendations` item, localised by the extension. */
export interface RecommendationText {
  message: string;
  action: string;
}

export type ToWebview =
  | { type: 'progress'; phase: 'listing' | 'analysing'; done: number; total?: number }
  | { type: 'analysis'; folderName: string; analysis: CacheAnalysis; recommendations: RecommendationText[] }
  | { type: 'error'; message: string }
  | { type: 'cancelled' };

/** An entry the webview shows as a link; the extension opens it only if the analysis listed it. */
export interface EntryLink {
  key: string;
  path: string;
  state: EntryState;
}

export type FromWebview =
  | { type: 'ready' }
  | { type: 'open'; entry: EntryLink }
  | { type: 'recommendation'; index: number }
  | { type: 'cancel' }
  | { type: 'refresh' }
  | { type: 'export'; format: 'markdown' | 'json' };
