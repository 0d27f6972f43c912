// The analysis as Markdown, for a ticket or a CI summary; the same text the panel's "Export as Markdown" saves.
import { formatBytes, formatCount, formatShare, formatSince } from './formatting';
import { recommendationText } from './recommendationText';
import { EXPIRY_BUCKETS } from './timeline';
import type { CacheAnalysis, EntrySummary, NamespaceStats, Tally } from './types';

const BUCKET_NAMES = { expired: 'Expired now', hour: 'Within 1 hour', day: 'Within 1 day', week: 'Within 1 week', later: 'Later' };

export function analysisToMarkdown(analysis: CacheAnalysis): string {
  const { totals } = analysis;
  const lines: string[] = [
    `# Cache analysis${analysis.folder ? `: \`${analysis.folder}\`` : ''}`,
    '',
    `${new Date(analysis.now).toISOString()} · ttl ${formatCount(analysis.ttl)} s · separator \`${analysis.separator}\`${analysis.complete ? '' : ' · **incomplete**'}`,
    '',
    '| | entries | bytes |',
    '| --- | ---: | ---: |',
    row('All', totals),
    row('Fresh', totals.fresh),
    row('Expired', totals.expired),
    row('Unreadable', totals.unreadable),
  ];
  if (analysis.recommendations.length > 0) {
    lines.push('', '## Recommendations', '');
    for (const recommendation of analysis.recommendations) {
      const { message, action } = recommendationText(recommendation, analysis.now);
      lines.push(`- **${action}**: ${message}`);
    }
  }
  lines.push('', '## By namespace', '', '| namespace | entries | bytes | share | expired |', '| --- | ---: | ---: | ---: | ---: |');
  for (const namespace of flatten(analysis.namespaces)) {
    lines.push(
      `| ${cell(namespace.prefix || namespace.name)} | ${formatCount(namespace.count)} | ${formatBytes(namespace.bytes)} | ${formatShare(namespace.bytes / Math.max(1, totals.bytes))} | ${formatCount(namespace.expired.count)} |`,
    );
  }
  lines.push('', '## Expiry timeline', '', '| when | entries | bytes |', '| --- | ---: | ---: |');
  for (const { bucket } of EXPIRY_BUCKETS) lines.push(row(BUCKET_NAMES[bucket], analysis.timeline[bucket]));
  lines.push('', '## Biggest entries', '', ...entryTable(analysis.biggest));
  lines.push('', '## Oldest entries', '', ...entryTable(analysis.oldest));
  if (analysis.unreadable.length > 0) {
    lines.push('', '## Unreadable files', '', '| reason | files | bytes | since | examples |', '| --- | ---: | ---: | --- | --- |');
    for (const group of analysis.unreadable) {
      const examples = group.examples.map((entry) => `\`${cell(entry.fileName)}\``).join(', ');
      const since = group.since === undefined ? '' : formatSince(group.since, analysis.now);
      lines.push(`| ${cell(group.reason)} | ${formatCount(group.count)} | ${formatBytes(group.bytes)} | ${since} | ${examples} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function row(name: string, tally: Tally): string {
  return `| ${name} | ${formatCount(tally.count)} | ${formatBytes(tally.bytes)} |`;
}

/** Every listed namespace, depth first, parents before their children. */
export function flatten(root: NamespaceStats): NamespaceStats[] {
  return root.children.flatMap((child) => [child, ...flatten(child)]);
}

function entryTable(entries: EntrySummary[]): string[] {
  if (entries.length === 0) return ['None.'];
  return [
    '| key | size | state | written |',
    '| --- | ---: | --- | --- |',
    ...entries.map(
      (entry) =>
        `| \`${cell(entry.key)}\` | ${formatBytes(entry.size)} | ${entry.state} | ${entry.timestamp === undefined ? '' : new Date(entry.timestamp * 1000).toISOString()} |`,
    ),
  ];
}

/** Keeps a table cell one cell: a pipe or a line break in a key would split it. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/`/g, "'").replace(/[\r\n]+/g, ' ');
}
