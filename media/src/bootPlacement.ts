// The Boot form's live headroom: each compute host's CPU and memory now and Placement's room for the
// chosen flavor, the host live load recommends and why, and the choice to place the boot there (or,
// plainly, why it cannot be: not admin, an older Nova, no live reading).
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { BootPlacementMessage, HeadroomRowView } from '../../src/shared/protocol';
import { formatBytes, h, replaceChildren, setText, table } from './lib/dom';

const VERDICTS: Record<HeadroomRowView['verdict'], string> = {
  fits: 'fits',
  busy: 'busy',
  'no-room': 'no room in Placement',
  'no-memory': 'not enough memory free',
  'no-reading': 'no live reading',
  unavailable: 'not in service',
};

export interface PlacementSection {
  readonly element: HTMLElement;
  /** whether the user asked for placement by live load and it can be done now */
  placeByLoad(): boolean;
  show(message: BootPlacementMessage): void;
  onChange(listener: () => void): void;
}

const cpuText = (row: HeadroomRowView): string =>
  row.cpuPercent === undefined
    ? '—'
    : `${Math.round(row.cpuPercent)} %${row.cpuP95 !== undefined ? ` (p95 ${Math.round(row.cpuP95)} %)` : ''}`;

function headroomTable(message: BootPlacementMessage): HTMLElement {
  const rows = message.rows.map((row) => [
    h('span', { class: 'name' }, row.host, row.recommended ? ' ★' : ''),
    cpuText(row),
    row.memoryFreeMb === undefined ? '—' : formatBytes(row.memoryFreeMb * 1024 * 1024),
    row.placementFree ?? '—',
    h('span', { attrs: { title: row.note } }, VERDICTS[row.verdict]),
  ]);
  return table('boot-headroom', ['Compute host', 'CPU now', 'Memory free', 'Placement free', 'For this flavor'], rows, (index) => {
    const row = message.rows[index];
    return {
      'data-testid': 'boot-headroom-row',
      'data-host': row?.host,
      'data-verdict': row?.verdict,
      'data-recommended': row?.recommended ? 'true' : 'false',
      title: row?.note,
    };
  });
}

export function placementSection(remembered: boolean): PlacementSection {
  const checkbox = h('vscode-checkbox', { testid: 'boot-place-live' });
  checkbox.label = 'Place on the host live load recommends';
  checkbox.checked = remembered;
  checkbox.disabled = true;
  const recommended = h('p', { class: 'hint', testid: 'boot-recommended', attrs: { 'aria-live': 'polite' } }, 'Reading live load…');
  const note = h('p', { class: 'hint', testid: 'boot-place-note', attrs: { hidden: true } });
  const rows = h('div', { testid: 'boot-headroom-box' });
  const element = h(
    'section',
    { class: 'field', testid: 'boot-placement', attrs: { 'data-state': 'loading' } },
    h('label', {}, 'Live headroom'),
    rows,
    recommended,
    checkbox,
    note,
  );
  let canPlace = false;
  return {
    element,
    placeByLoad: () => canPlace && (checkbox as VscodeCheckbox).checked,
    onChange: (listener) => checkbox.addEventListener('change', listener),
    show(message) {
      canPlace = message.cannotPlace === undefined && message.recommended !== undefined;
      element.dataset.state = canPlace ? 'ready' : 'unavailable';
      element.dataset.recommended = message.recommended ?? '';
      replaceChildren(rows, message.rows.length > 0 ? headroomTable(message) : null);
      setText(
        recommended,
        message.recommended
          ? `Recommended: ${message.recommended}${message.busy ? ' (busy: every host that fits is)' : ''} — ${message.reason}`
          : 'No compute host to recommend.',
      );
      checkbox.disabled = !canPlace;
      note.hidden = canPlace || !message.cannotPlace;
      setText(note, message.cannotPlace ? `Cannot place by live load: ${message.cannotPlace}` : '');
    },
  };
}
