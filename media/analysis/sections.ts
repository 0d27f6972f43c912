// The panel's sections, each from the analysis: totals, recommendations, namespaces (chart + drill-down), expiry
// timeline (chart), biggest and oldest entries, unreadable files. Every chart has its table beside it.
import { formatBytes, formatCount, formatShare } from '../../src/engine/analysis/formatting';
import type { CacheAnalysis, EntrySummary, ExpiryBucket, NamespaceStats, Tally } from '../../src/engine/analysis/types';
import type { EntryLink, RecommendationText } from '../../src/extension/analysis/protocol';
import type { PanelStrings } from '../../src/extension/analysis/panelStrings';
import { barChart, type Bar } from './barChart';
import { button, format, h, linkButton, table } from './dom';

export interface SectionContext {
  strings: PanelStrings;
  analysis: CacheAnalysis;
  open(entry: EntryLink): void;
  recommend(index: number): void;
  /** The namespace path being looked at, from the top (`['model', 'v3']`). */
  drillPath: string[];
  drill(path: string[]): void;
}

function section(id: string, title: string, ...content: (Node | undefined)[]): HTMLElement {
  return h('section', { id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...content);
}

function tallyText(strings: PanelStrings, tally: Tally): string {
  return format(strings.countAndBytes, formatCount(tally.count), formatBytes(tally.bytes));
}

export function totalsSection({ strings, analysis }: SectionContext): HTMLElement {
  const { totals } = analysis;
  const card = (name: string, tally: Tally, tone: string) =>
    h('div', { class: `card ${tone}`, role: 'group', 'aria-label': `${name}: ${tallyText(strings, tally)}` },
      h('div', { class: 'card-name' }, name),
      h('div', { class: 'card-count' }, formatCount(tally.count)),
      h('div', { class: 'card-bytes' }, formatBytes(tally.bytes)),
    );
  return section(
    'totals',
    strings.totals,
    h('div', { class: 'cards' },
      card(strings.all, totals, 'tone-default'),
      card(strings.fresh, totals.fresh, 'tone-fresh'),
      card(strings.expired, totals.expired, 'tone-expired'),
      card(strings.unreadable, totals.unreadable, 'tone-unreadable'),
    ),
  );
}

export function recommendationsSection(context: SectionContext, texts: RecommendationText[]): HTMLElement {
  const { strings } = context;
  const items = texts.map((text, index) =>
    h('li', { class: `recommendation kind-${context.analysis.recommendations[index]?.kind ?? ''}` },
      h('span', { class: 'message' }, text.message),
      button(text.action, () => context.recommend(index), { 'data-recommendation': index, 'aria-label': `${text.action}: ${text.message}` }),
    ),
  );
  return section('recommendations', strings.recommendations, items.length ? h('ul', {}, ...items) : h('p', {}, strings.noRecommendations));
}

function findNamespace(root: NamespaceStats, path: string[]): NamespaceStats | undefined {
  let node: NamespaceStats | undefined = root;
  for (const name of path) node = node?.children.find((child) => child.name === name);
  return node;
}

export function namespaceSection(context: SectionContext): HTMLElement {
  const { strings, analysis } = context;
  // A namespace that went away since (a live update) drops the view back to the deepest level still there.
  let path = context.drillPath;
  while (path.length > 0 && !findNamespace(analysis.namespaces, path)) path = path.slice(0, -1);
  const node = findNamespace(analysis.namespaces, path)!;
  const total = Math.max(1, analysis.totals.bytes);
  const where = path.length ? node.prefix : strings.topLevel;
  const describe = (label: string, tally: Tally) =>
    format(strings.barLabel, label, formatBytes(tally.bytes), formatCount(tally.count), formatShare(tally.bytes / total));
  const bars: Bar[] = node.children.map((child) => ({
    label: child.name,
    value: child.bytes,
    count: child.count,
    valueText: `${formatBytes(child.bytes)} · ${formatCount(child.count)}`,
    description: describe(child.prefix || child.name, child),
    tone: child.expired.bytes > child.bytes / 2 ? 'tone-expired' : 'tone-default',
    onActivate: child.children.length > 0 ? () => context.drill([...path, child.name]) : undefined,
  }));
  const other = node.otherChildren;
  if (other.count > 0) {
    const label = other.namespaces > 0 ? format(strings.others, formatCount(other.namespaces)) : strings.untracked;
    bars.push({ label, value: other.bytes, count: other.count, valueText: `${formatBytes(other.bytes)} · ${formatCount(other.count)}`, description: describe(label, other), tone: 'tone-muted' });
  }
  if (path.length > 0 && node.direct.count > 0) {
    const label = format(strings.direct, node.prefix);
    bars.push({ label, value: node.direct.bytes, count: node.direct.count, valueText: `${formatBytes(node.direct.bytes)} · ${formatCount(node.direct.count)}`, description: describe(label, node.direct), tone: 'tone-muted' });
  }
  const crumbs = [strings.topLevel, ...path];
  const breadcrumb = h('nav', { class: 'breadcrumb', 'aria-label': strings.byNamespace },
    ...crumbs.flatMap((crumb, i) =>
      i === crumbs.length - 1
        ? [h('span', { 'aria-current': 'location' }, crumb)]
        : [linkButton(crumb, format(strings.up, crumb), () => context.drill(path.slice(0, i))), h('span', { class: 'sep', 'aria-hidden': 'true' }, '›')],
    ),
  );
  const rows = bars.map((bar) => [bar.label, formatCount(bar.count), formatBytes(bar.value), formatShare(bar.value / total)]);
  return section(
    'namespaces',
    strings.byNamespace,
    breadcrumb,
    h('p', { class: 'hint' }, strings.drillHint),
    h('figure', {}, barChart(format(strings.namespaceChart, where), bars),
      h('details', {}, h('summary', {}, strings.showTable),
        table(format(strings.namespaceChart, where), [strings.namespace, strings.entries, strings.bytes, strings.share], rows, new Set([1, 2, 3])))),
  );
}

const BUCKETS: ExpiryBucket[] = ['expired', 'hour', 'day', 'week', 'later'];

export function timelineSection({ strings, analysis }: SectionContext): HTMLElement {
  const names: Record<ExpiryBucket, string> = {
    expired: strings.bucketExpired,
    hour: strings.bucketHour,
    day: strings.bucketDay,
    week: strings.bucketWeek,
    later: strings.bucketLater,
  };
  const total = Math.max(1, analysis.totals.bytes);
  const bars: Bar[] = BUCKETS.map((bucket) => {
    const tally = analysis.timeline[bucket];
    return {
      label: names[bucket],
      value: tally.bytes,
      count: tally.count,
      valueText: `${formatBytes(tally.bytes)} · ${formatCount(tally.count)}`,
      description: format(strings.barLabel, names[bucket], formatBytes(tally.bytes), formatCount(tally.count), formatShare(tally.bytes / total)),
      tone: bucket === 'expired' ? 'tone-expired' : 'tone-fresh',
    };
  });
  const rows = BUCKETS.map((bucket) => [names[bucket], formatCount(analysis.timeline[bucket].count), formatBytes(analysis.timeline[bucket].bytes)]);
  return section(
    'timeline',
    strings.timeline,
    h('figure', {}, barChart(strings.timelineChart, bars),
      h('details', {}, h('summary', {}, strings.showTable), table(strings.timelineChart, [strings.when, strings.entries, strings.bytes], rows, new Set([1, 2])))),
  );
}

function entryLink(context: SectionContext, entry: EntrySummary): HTMLButtonElement {
  return linkButton(entry.key, format(context.strings.openEntry, entry.key), () => context.open({ key: entry.key, path: entry.path, state: entry.state }));
}

export function entriesSection(context: SectionContext, id: 'biggest' | 'oldest'): HTMLElement {
  const { strings } = context;
  const entries = context.analysis[id];
  const title = id === 'biggest' ? strings.biggest : strings.oldest;
  if (entries.length === 0) return section(id, title, h('p', {}, strings.none));
  const stateName = { fresh: strings.fresh, expired: strings.expired, unreadable: strings.unreadable };
  const rows = entries.map((entry) => [
    entryLink(context, entry),
    formatBytes(entry.size),
    h('span', { class: `state state-${entry.state}` }, stateName[entry.state]),
    entry.timestamp === undefined ? '' : new Date(entry.timestamp * 1000).toLocaleString(),
  ]);
  return section(id, title, table(title, [strings.key, strings.size, strings.state, strings.written], rows, new Set([1])));
}

export function unreadableSection(context: SectionContext): HTMLElement | undefined {
  const { strings, analysis } = context;
  if (analysis.unreadable.length === 0) return undefined;
  const rows = analysis.unreadable.map((group) => [
    group.reason,
    formatCount(group.count),
    formatBytes(group.bytes),
    // When the oldest of them was written: which run of the pipeline started writing them.
    group.since === undefined ? '' : new Date(group.since).toLocaleString(),
    h('span', { class: 'examples' }, ...group.examples.map((entry) => entryLink(context, entry))),
  ]);
  const columns = [strings.reason, strings.files, strings.bytes, strings.since, strings.examples];
  return section('unreadable', strings.unreadableFiles, table(strings.unreadableFiles, columns, rows, new Set([1, 2])));
}
