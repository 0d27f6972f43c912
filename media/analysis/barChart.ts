// A horizontal bar chart in plain SVG: one row per item, the bar's length its share of the biggest. Rows that do
// something are buttons: Tab reaches the chart, the arrow keys move between rows, Enter or Space activates one.
import { svg } from './dom';

export interface Bar {
  label: string;
  value: number;
  /** Entries behind the bar, for the table beside the chart. */
  count: number;
  /** Printed after the bar (e.g. `1.2 MB · 40 %`). */
  valueText: string;
  /** What a screen reader says for the row. */
  description: string;
  /** A CSS class choosing the bar's theme colour. */
  tone?: string;
  /** Present when the row can be activated (drill down). */
  onActivate?(): void;
}

const ROW_HEIGHT = 26;
const LABEL_WIDTH = 180;
const VALUE_WIDTH = 150;
const CHART_WIDTH = 720;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function barChart(title: string, bars: Bar[]): SVGSVGElement {
  const height = Math.max(1, bars.length) * ROW_HEIGHT;
  const barSpace = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const chart = svg('svg', {
    class: 'bar-chart',
    viewBox: `0 0 ${CHART_WIDTH} ${height}`,
    width: '100%',
    role: 'group',
    'aria-label': title,
    preserveAspectRatio: 'xMinYMin meet',
  });
  const rows: SVGGElement[] = [];
  bars.forEach((bar, index) => {
    const y = index * ROW_HEIGHT;
    const width = bar.value > 0 ? Math.max(2, (bar.value / max) * barSpace) : 0;
    const row = svg(
      'g',
      {
        class: `bar-row${bar.onActivate ? ' active' : ''}`,
        role: bar.onActivate ? 'button' : 'img',
        'aria-label': bar.description,
        tabindex: bar.onActivate ? (index === 0 ? 0 : -1) : undefined,
        'data-index': index,
      },
      svg('title', {}, bar.description),
      svg('rect', { class: 'row-back', x: 0, y, width: CHART_WIDTH, height: ROW_HEIGHT }),
      svg('text', { class: 'bar-label', x: LABEL_WIDTH - 8, y: y + ROW_HEIGHT / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, truncate(bar.label, 26)),
      svg('rect', { class: `bar ${bar.tone ?? 'tone-default'}`, x: LABEL_WIDTH, y: y + 4, width, height: ROW_HEIGHT - 8, rx: 2 }),
      svg('text', { class: 'bar-value', x: LABEL_WIDTH + width + 6, y: y + ROW_HEIGHT / 2, 'dominant-baseline': 'middle' }, bar.valueText),
    );
    if (bar.onActivate) {
      const activate = bar.onActivate;
      row.addEventListener('click', activate);
      row.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          activate();
        }
      });
      rows.push(row);
    }
    chart.append(row);
  });
  // Roving focus: one tab stop for the chart, arrows within it.
  rows.forEach((row, i) => {
    row.addEventListener('keydown', (event) => {
      const next = event.key === 'ArrowDown' ? rows[i + 1] : event.key === 'ArrowUp' ? rows[i - 1] : undefined;
      if (!next) return;
      event.preventDefault();
      row.setAttribute('tabindex', '-1');
      next.setAttribute('tabindex', '0');
      next.focus();
    });
  });
  if (rows.length > 0 && !rows.some((row) => row.getAttribute('tabindex') === '0')) rows[0]!.setAttribute('tabindex', '0');
  return chart;
}
