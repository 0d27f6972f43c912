// Building the page without innerHTML: every text goes in as a text node, so a key can never become markup.

type Child = Node | string | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined>;

function fill(element: Element, attributes: Attributes, children: Child[]): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === false) continue;
    element.append(child);
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  fill(element, attributes, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  fill(element, attributes, children);
  return element;
}

/** `format('{0} of {1}', 3, 5)` → `3 of 5`, for the localised strings the extension hands over. */
export function format(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (match, index: string) => (args[Number(index)] === undefined ? match : String(args[Number(index)])));
}

/** A button that looks like a link, for entries (opens them) and drill-down. */
export function linkButton(text: string, label: string, onClick: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'link', title: label, 'aria-label': label }, text);
  button.addEventListener('click', onClick);
  return button;
}

export function button(text: string, onClick: () => void, attributes: Attributes = {}): HTMLButtonElement {
  const element = h('button', { type: 'button', ...attributes }, text);
  element.addEventListener('click', onClick);
  return element;
}

/** A table with a header row; cells may be nodes. */
export function table(caption: string, headers: string[], rows: Child[][], numeric: ReadonlySet<number> = new Set()): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...headers.map((header, i) => h('th', { scope: 'col', class: numeric.has(i) ? 'num' : undefined }, header)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((cell, i) => h('td', { class: numeric.has(i) ? 'num' : undefined }, cell))))),
  );
}
