// DOM building for the webviews without innerHTML: remote strings only ever become text nodes or
// attribute values, so a server named `<img src=x onerror=…>` shows as those characters.

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  id?: string;
  class?: string;
  /** data-testid, for the end-to-end tests */
  testid?: string;
  /** attributes set with setAttribute (never on* handlers, href or src: nothing here takes remote data there) */
  attrs?: Record<string, string | boolean | number | undefined>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.id) element.id = props.id;
  if (props.class) element.className = props.class;
  if (props.testid) element.dataset.testid = props.testid;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    if (/^on/i.test(name)) throw new Error(`refusing to set event handler attribute ${name}`);
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export function setText(element: Element, text: string): void {
  element.textContent = text;
}

export function byTestId<T extends Element = HTMLElement>(root: ParentNode, testid: string): T {
  const found = root.querySelector<T & Element>(`[data-testid="${testid}"]`);
  if (!found) throw new Error(`missing element ${testid}`);
  return found;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const time = Date.parse(iso);
  return Number.isFinite(time) ? new Date(time).toLocaleString() : iso;
}

/** A description list of label → value rows; values are text or nodes. */
export function details(testid: string, rows: [label: string, value: Child, testid?: string][]): HTMLDListElement {
  const list = h('dl', { class: 'details', testid });
  for (const [label, value, rowTestid] of rows) {
    append(list, h('dt', {}, label), h('dd', { testid: rowTestid }, value === '' || value === undefined || value === null ? '—' : value));
  }
  return list;
}

/** A plain table (native semantics: screen readers, innerText, keyboard scrolling). */
export function table(testid: string, titles: string[], rows: Child[][], rowAttrs?: (index: number) => Props['attrs']): HTMLTableElement {
  return h(
    'table',
    { class: 'grid', testid },
    h('thead', {}, h('tr', {}, ...titles.map((t) => h('th', { attrs: { scope: 'col' } }, t)))),
    h('tbody', {}, ...rows.map((cells, index) => h('tr', { attrs: rowAttrs?.(index) }, ...cells.map((cell) => h('td', {}, cell))))),
  );
}
