// The log of a container as rows of text: stderr marked, a search that hides other lines and highlights
// the matches (text split around each match into text nodes and <mark>s: never HTML), the newest kept in
// view while the reader is at the bottom.
import type { LogLine } from '../../../src/shared/protocol';
import { append, h } from './dom';

/** Lines kept in the page; older ones go first. */
export const MAX_LINES = 5000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text as nodes, each case-insensitive occurrence of `term` in a <mark>. */
export function highlighted(text: string, term: string): { nodes: Node[]; matches: number } {
  if (term === '') return { nodes: [document.createTextNode(text)], matches: 0 };
  const nodes: Node[] = [];
  const pattern = new RegExp(escapeRegExp(term), 'gi');
  let at = 0;
  let matches = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > at) nodes.push(document.createTextNode(text.slice(at, match.index)));
    nodes.push(h('mark', {}, match[0]));
    at = match.index + match[0].length;
    matches++;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return { nodes, matches };
}

function timeOf(line: LogLine): string {
  if (!line.time) return '';
  const time = Date.parse(line.time);
  return Number.isFinite(time) ? new Date(time).toLocaleTimeString() : '';
}

export class LogView {
  private lines: LogLine[] = [];
  private term = '';
  readonly element: HTMLElement;

  constructor(private readonly onCount: (shown: number, total: number, matches: number) => void) {
    this.element = h('div', {
      class: 'log',
      testid: 'inspect-logs',
      attrs: { role: 'log', 'aria-live': 'off', 'aria-label': 'Container log', tabindex: 0 },
    });
  }

  reset(lines: LogLine[]): void {
    this.lines = [];
    this.element.replaceChildren();
    this.append(lines);
  }

  append(lines: LogLine[]): void {
    const atBottom = this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < 24;
    this.lines.push(...lines);
    const fragment = document.createDocumentFragment();
    for (const line of lines) fragment.appendChild(this.row(line));
    this.element.appendChild(fragment);
    const excess = this.lines.length - MAX_LINES;
    if (excess > 0) {
      this.lines.splice(0, excess);
      for (let i = 0; i < excess && this.element.firstChild; i++) this.element.firstChild.remove();
    }
    if (atBottom) this.element.scrollTop = this.element.scrollHeight;
    this.count();
  }

  setFilter(term: string): void {
    this.term = term;
    this.element.replaceChildren(...this.lines.map((line) => this.row(line)));
    this.element.scrollTop = this.element.scrollHeight;
    this.count();
  }

  private row(line: LogLine): HTMLElement {
    const { nodes, matches } = highlighted(line.text, this.term);
    const text = h('span', { class: 'log-text' });
    append(text, ...nodes);
    const hidden = this.term !== '' && matches === 0;
    return h(
      'div',
      {
        class: `log-line log-${line.stream}${hidden ? ' filtered-out' : ''}`,
        attrs: { 'data-stream': line.stream, 'data-matches': matches || undefined },
      },
      h('span', { class: 'log-time', attrs: { title: line.time ?? '' } }, timeOf(line)),
      text,
    );
  }

  private count(): void {
    const shown = this.element.querySelectorAll('.log-line:not(.filtered-out)').length;
    const matches = this.term === '' ? 0 : this.element.querySelectorAll('mark').length;
    this.onCount(shown, this.lines.length, matches);
  }
}
