// The Load panel's page: a cloud's compute hosts side by side, each with live CPU and memory charts, what
// flavors reserve there against what is used, and the containers that make the load (heaviest first,
// with their servers). The charts' history is kept here (getState/setState), so a panel hidden and shown
// again draws the last two minutes at once.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import 'uplot/dist/uPlot.min.css';
import { checkLoadHostMessage, type LoadColumn, type LoadHostMessage } from '../../src/shared/loadProtocol';
import { append, formatBytes, h, replaceChildren, setText, table, type Child } from './lib/dom';
import { LiveChart, WINDOW_MS } from './lib/liveChart';
import { loadState, post, saveState } from './lib/vscodeApi';

type Sample = [time: number, cpuPercent: number, memoryBytes: number];
interface LoadState {
  samples: Record<string, Sample[]>;
}

function isLoadState(value: unknown): value is LoadState {
  const v = value as LoadState | undefined;
  return typeof v === 'object' && v !== null && typeof v.samples === 'object' && v.samples !== null && !Array.isArray(v.samples);
}

let state = loadState(isLoadState, { samples: {} });
const MIB = 1024 * 1024;
const percent = (value: number): string => `${value.toFixed(value < 10 ? 1 : 0)} %`;

const app = document.getElementById('app') as HTMLElement;
const heading = h('h1', { testid: 'load-title' }, 'Load');
const refresh = h('vscode-button', { testid: 'load-refresh', attrs: { secondary: true } }, 'Refresh');
const problemBox = h('p', { class: 'banner error', testid: 'load-problem', attrs: { role: 'alert', hidden: true } });
const emptyBox = h('p', { class: 'banner', testid: 'load-empty' }, 'Reading the cloud’s compute hosts…');
const grid = h('div', { class: 'load-columns', testid: 'load-columns' });
append(
  app,
  h('header', { class: 'inspect-header' }, h('div', { class: 'title-row' }, heading), h('div', { class: 'toolbar' }, refresh)),
  problemBox,
  emptyBox,
  grid,
);
refresh.addEventListener('click', () => post({ type: 'refresh' }));

/** One compute host's column: its parts, kept while the host is listed so the charts keep drawing. */
class HostColumn {
  readonly element: HTMLElement;
  private readonly stateBadge = h('span', { class: 'status-badge', testid: 'load-state' });
  private readonly via = h('p', { class: 'hint', testid: 'load-via' });
  private readonly note = h('p', { class: 'banner warning', testid: 'load-note', attrs: { role: 'status', hidden: true } });
  private readonly cpuValue = h('span', { class: 'chart-value', testid: 'load-cpu' }, '—');
  private readonly memValue = h('span', { class: 'chart-value', testid: 'load-mem' }, '—');
  private readonly cpuHost: HTMLElement;
  private readonly memHost: HTMLElement;
  private readonly reserved = h('div', { testid: 'load-reserved-box' });
  private readonly containers = h('div', { testid: 'load-containers-box' });
  private readonly cpuChart: LiveChart;
  private readonly memChart: LiveChart;

  constructor(readonly host: string) {
    this.cpuHost = h('div', { class: 'chart', testid: 'load-cpu-chart', attrs: { role: 'img', 'aria-label': `CPU of ${host}` } });
    this.memHost = h('div', { class: 'chart', testid: 'load-mem-chart', attrs: { role: 'img', 'aria-label': `Memory of ${host}` } });
    this.element = h(
      'section',
      { class: 'load-host', testid: 'load-host', attrs: { 'data-host': host, 'aria-label': `Compute host ${host}` } },
      h('h2', {}, h('span', { testid: 'load-host-name' }, host), ' ', this.stateBadge),
      this.via,
      this.note,
      h('h3', {}, 'CPU ', this.cpuValue),
      this.cpuHost,
      h('h3', {}, 'Memory ', this.memValue),
      this.memHost,
      h('h3', {}, 'Reserved by flavors vs used'),
      this.reserved,
      h('h3', {}, 'Containers'),
      this.containers,
    );
    this.cpuChart = new LiveChart(this.cpuHost, { label: 'CPU', color: 'blue', format: percent, minMax: 5, height: 120 });
    this.memChart = new LiveChart(this.memHost, { label: 'Memory', color: 'green', format: formatBytes, minMax: 64 * MIB, height: 120 });
    const samples = state.samples[host] ?? [];
    this.cpuChart.setPoints(samples.map(([t, cpu]) => [t, cpu]));
    this.memChart.setPoints(samples.map(([t, , mem]) => [t, mem]));
    this.cpuHost.dataset.samples = this.memHost.dataset.samples = String(samples.length);
  }

  destroy(): void {
    this.cpuChart.destroy();
    this.memChart.destroy();
    this.element.remove();
  }

  render(column: LoadColumn, busyCpuPercent: number): void {
    this.element.dataset.state = column.state;
    const busy = column.state === 'live' && (column.cpuPercent ?? 0) > busyCpuPercent;
    this.element.dataset.busy = String(busy);
    const label = { live: 'live', measuring: 'measuring…', unanswered: 'not answering', unmapped: 'not measured' }[column.state];
    setText(this.stateBadge, busy ? `busy (over ${busyCpuPercent} %)` : label);
    const badge = busy ? 'busy' : column.state === 'live' ? 'active' : column.state === 'unanswered' ? 'error' : 'build';
    this.stateBadge.className = `status-badge status-${badge}`;
    const shared = column.sharedWith.length > 0 ? ` (one Docker with ${column.sharedWith.join(', ')}: the host figures are shared)` : '';
    setText(this.via, column.sshHost ? `measured over SSH on ${column.sshHost}${shared} · ${column.servers} server(s) in Nova` : '');
    this.note.hidden = !column.note;
    setText(this.note, column.note ?? '');
    this.addSample(column);
    const live = column.state === 'live';
    setText(
      this.cpuValue,
      live && column.cpuPercent !== undefined
        ? `${percent(column.cpuPercent)}${column.cpus ? ` of ${Number(column.cpus.toFixed(2))} CPUs` : ''}${column.p95CpuPercent !== undefined ? ` · p95 ${percent(column.p95CpuPercent)}` : ''}`
        : '—',
    );
    setText(
      this.memValue,
      live && column.memoryUsedBytes !== undefined && column.memoryTotalBytes !== undefined
        ? `${formatBytes(column.memoryUsedBytes)} of ${formatBytes(column.memoryTotalBytes)}${column.p95MemoryBytes !== undefined ? ` · p95 ${formatBytes(column.p95MemoryBytes)}` : ''}`
        : '—',
    );
    replaceChildren(this.reserved, reservedTable(column));
    replaceChildren(this.containers, containersTable(column));
  }

  private addSample(column: LoadColumn): void {
    if (column.state !== 'live' || column.time === undefined || column.cpuPercent === undefined || column.memoryUsedBytes === undefined)
      return;
    const samples = state.samples[this.host] ?? [];
    const last = samples[samples.length - 1];
    if (last && column.time <= last[0]) return;
    const kept = [...samples, [column.time, column.cpuPercent, column.memoryUsedBytes] as Sample].filter(
      ([t]) => t >= column.time! - WINDOW_MS,
    );
    state = { samples: { ...state.samples, [this.host]: kept } };
    saveState(state);
    this.cpuChart.push(column.time, column.cpuPercent);
    this.memChart.push(column.time, column.memoryUsedBytes);
  }
}

function reservedTable(column: LoadColumn): Child {
  const r = column.reservation;
  const live = column.state === 'live';
  const usedCpu = live && column.cpuPercent !== undefined ? `host ${percent(column.cpuPercent)}` : 'host —';
  const usedMem = live && column.memoryUsedBytes !== undefined ? `host ${formatBytes(column.memoryUsedBytes)}` : 'host —';
  const containers = `containers ${percent(column.containersCpuPercent)}`;
  const containersMem = `containers ${formatBytes(column.containersMemoryBytes)}`;
  const reservedCpu =
    r?.vcpusUsed !== undefined ? `${r.vcpusUsed} vCPU of ${r.vcpusCapacity !== undefined ? Math.round(r.vcpusCapacity) : '—'}` : '—';
  const reservedMem =
    r?.memoryMbUsed !== undefined
      ? `${formatBytes(r.memoryMbUsed * MIB)} of ${r.memoryMbCapacity !== undefined ? formatBytes(r.memoryMbCapacity * MIB) : '—'}`
      : '—';
  return h(
    'div',
    {},
    r ? null : h('p', { class: 'hint', testid: 'load-reserved-note' }, `Reserved: ${column.reservationNote ?? 'not shown'}`),
    h(
      'table',
      { class: 'grid', testid: 'load-reserved' },
      h('thead', {}, h('tr', {}, ...['', 'Reserved', 'Used'].map((t) => h('th', { attrs: { scope: 'col' } }, t)))),
      h(
        'tbody',
        {},
        h(
          'tr',
          {},
          h('th', { attrs: { scope: 'row' } }, 'CPU'),
          h('td', { testid: 'load-reserved-cpu' }, reservedCpu),
          h('td', { testid: 'load-used-cpu' }, `${usedCpu} · ${containers}`),
        ),
        h(
          'tr',
          {},
          h('th', { attrs: { scope: 'row' } }, 'Memory'),
          h('td', { testid: 'load-reserved-mem' }, reservedMem),
          h('td', { testid: 'load-used-mem' }, `${usedMem} · ${containersMem}`),
        ),
      ),
    ),
  );
}

/** The server of a container row: its name, a button that opens its Inspect panel. */
function serverCell(row: LoadColumn['containers'][number]): Child {
  const label = row.serverName ?? (row.serverId ? `(server ${row.serverId.slice(0, 8)})` : undefined);
  if (!label) return '—';
  if (!row.serverId) return label;
  const serverId = row.serverId;
  const link = h('button', { class: 'link-button', testid: 'load-server', attrs: { type: 'button', title: `Inspect ${label}` } }, label);
  link.addEventListener('click', () => post({ type: 'inspect', serverId }));
  return link;
}

function containersTable(column: LoadColumn): Child {
  const others =
    column.otherContainers > 0
      ? h(
          'p',
          { class: 'hint', testid: 'load-other-containers' },
          `${column.otherContainers} other container(s) on ${column.sshHost ?? 'the host'}`,
        )
      : null;
  if (column.containers.length === 0)
    return h(
      'div',
      {},
      h('p', { class: 'hint', testid: 'load-no-containers' }, column.state === 'live' ? 'No container uses CPU or memory here.' : '—'),
      others,
    );
  return h(
    'div',
    {},
    table(
      'load-containers',
      ['Server', 'Container', 'CPU', 'Memory'],
      column.containers.map((c) => [serverCell(c), c.name, percent(c.cpuPercent), formatBytes(c.memoryBytes)]),
      (index) => ({ 'data-server': column.containers[index]?.serverId, 'data-container': column.containers[index]?.id }),
    ),
    others,
  );
}

const columns = new Map<string, HostColumn>();

function render(message: Extract<LoadHostMessage, { type: 'load' }>): void {
  setText(heading, `Load of ${message.cloud}`);
  problemBox.hidden = !message.problem;
  setText(problemBox, message.problem ?? '');
  emptyBox.hidden = message.columns.length > 0;
  setText(
    emptyBox,
    message.loading
      ? 'Reading the cloud’s compute hosts…'
      : message.problem
        ? 'No compute host to show.'
        : 'No compute host yet: Nova lists none, and no server is placed.',
  );
  const shown = new Set(message.columns.map((c) => c.host));
  for (const [host, column] of columns) {
    if (shown.has(host)) continue;
    column.destroy();
    columns.delete(host);
  }
  for (const data of message.columns) {
    let column = columns.get(data.host);
    if (!column) columns.set(data.host, (column = new HostColumn(data.host)));
    grid.appendChild(column.element); // in the order sent (appending moves an existing one)
    column.render(data, message.busyCpuPercent);
  }
  // history of hosts no longer listed is not kept
  const samples = Object.fromEntries(Object.entries(state.samples).filter(([host]) => shown.has(host)));
  if (Object.keys(samples).length !== Object.keys(state.samples).length) {
    state = { samples };
    saveState(state);
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const checked = checkLoadHostMessage(event.data);
  if (!checked.ok) {
    console.warn(`devstack-contrail load webview: ignored an invalid message: ${checked.error}`);
    return;
  }
  if (checked.value.type === 'load') render(checked.value);
  else {
    problemBox.hidden = false;
    setText(problemBox, checked.value.message);
  }
});

post({ type: 'ready' });
