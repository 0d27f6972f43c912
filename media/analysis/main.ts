// The Cache Analysis webview: draws what the extension posts, and posts back what the user asks for.
import type { CacheAnalysis } from '../../src/engine/analysis/types';
import type { PanelStrings } from '../../src/extension/analysis/panelStrings';
import type { FromWebview, RecommendationText, ToWebview } from '../../src/extension/analysis/protocol';
import { button, format, h } from './dom';
import { entriesSection, namespaceSection, recommendationsSection, timelineSection, totalsSection, unreadableSection, type SectionContext } from './sections';

declare function acquireVsCodeApi(): { postMessage(message: FromWebview): void; getState(): unknown; setState(state: unknown): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
const strings = JSON.parse(root.dataset.strings ?? '{}') as PanelStrings;

interface ViewState {
  drillPath: string[];
}

let shown: { folderName: string; analysis: CacheAnalysis; recommendations: RecommendationText[] } | undefined;
let drillPath: string[] = ((vscode.getState() as ViewState | undefined)?.drillPath) ?? [];
const status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
const progress = h('progress', { max: 1, 'aria-label': strings.listing });
const cancel = button(strings.cancel, () => vscode.postMessage({ type: 'cancel' }), { class: 'secondary' });
const busy = h('div', { class: 'busy', hidden: true }, progress, cancel);

function toolbar(): HTMLElement {
  return h(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': strings.refresh },
    button(strings.refresh, () => vscode.postMessage({ type: 'refresh' }), { 'data-action': 'refresh' }),
    button(strings.exportMarkdown, () => vscode.postMessage({ type: 'export', format: 'markdown' }), { class: 'secondary', 'data-action': 'export-markdown' }),
    button(strings.exportJson, () => vscode.postMessage({ type: 'export', format: 'json' }), { class: 'secondary', 'data-action': 'export-json' }),
  );
}

const header = h('header', {}, h('h1', {}), h('p', { class: 'generated' }), toolbar(), busy, status);
const body = h('div', { class: 'sections' });

function render(): void {
  if (!shown) return;
  const { analysis, folderName, recommendations } = shown;
  header.querySelector('h1')!.textContent = format(strings.title, folderName);
  header.querySelector('.generated')!.textContent =
    `${format(strings.generated, new Date(analysis.now).toLocaleString())}${analysis.complete ? '' : ` ${strings.incomplete}`}`;
  const context: SectionContext = {
    strings,
    analysis,
    drillPath,
    open: (entry) => vscode.postMessage({ type: 'open', entry }),
    recommend: (index) => vscode.postMessage({ type: 'recommendation', index }),
    drill: (path) => {
      drillPath = path;
      vscode.setState({ drillPath } satisfies ViewState);
      render();
      // Keep the keyboard where it was: on the chart that was just redrawn.
      document.querySelector<SVGGElement>('#namespaces .bar-row[tabindex="0"]')?.focus();
    },
  };
  body.replaceChildren(
    ...[
      totalsSection(context),
      recommendationsSection(context, recommendations),
      namespaceSection(context),
      timelineSection(context),
      entriesSection(context, 'biggest'),
      entriesSection(context, 'oldest'),
      unreadableSection(context),
    ].filter((section): section is HTMLElement => section !== undefined),
  );
  root.setAttribute('aria-busy', String(!analysis.complete));
  root.dataset.complete = String(analysis.complete);
}

function setBusy(text: string | undefined, done?: number, total?: number): void {
  busy.hidden = text === undefined;
  if (total) {
    progress.max = total;
    progress.value = done ?? 0;
  } else {
    progress.removeAttribute('value');
  }
  status.textContent = text ?? '';
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'progress':
      setBusy(
        message.phase === 'listing' ? strings.listing : format(strings.analysing, message.done.toLocaleString(), (message.total ?? 0).toLocaleString()),
        message.done,
        message.total,
      );
      return;
    case 'analysis':
      shown = message;
      if (message.analysis.complete) setBusy(undefined);
      render();
      return;
    case 'cancelled':
      setBusy(undefined);
      status.textContent = strings.cancelled;
      return;
    case 'error':
      setBusy(undefined);
      status.textContent = format(strings.failed, message.message);
      return;
  }
});

root.replaceChildren(header, body);
vscode.postMessage({ type: 'ready' });
