// The Inspect panel's page: the server (Nova) and its container (Docker) side by side, live CPU and
// memory charts, the log with follow and search, the network interfaces and the processes;
// Start / Stop / Delete / Open Shell ask the extension; Stop and Delete are confirmed first in the
// panel's confirmation bar (Cancel has the focus; Escape cancels).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import 'uplot/dist/uPlot.min.css';
import type { ContainerDetails, InstanceAction, ServerView, StatsSample } from '../../src/shared/protocol';
import { append, details, formatBytes, formatDate, h, replaceChildren, setText, table, type Child } from './lib/dom';
import { LiveChart, WINDOW_MS } from './lib/liveChart';
import { LogView } from './lib/logView';
import { loadState, onHostMessage, post, saveState } from './lib/vscodeApi';

interface InspectState {
  tab: number;
  filter: string;
  follow: boolean;
  samples: StatsSample[];
}

function isInspectState(value: unknown): value is InspectState {
  const v = value as InspectState | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.tab === 'number' &&
    typeof v.filter === 'string' &&
    typeof v.follow === 'boolean' &&
    Array.isArray(v.samples)
  );
}

let state = loadState(isInspectState, { tab: 0, filter: '', follow: true, samples: [] });
let server: ServerView | null | undefined;
let container: ContainerDetails | null | undefined;
let pending: InstanceAction | 'openShell' | undefined;
const remember = () => saveState(state);

const app = document.getElementById('app') as HTMLElement;

// ---- header: name, status, actions

const nameHeading = h('h1', { testid: 'inspect-name' }, 'Loading…');
const statusBadge = h('span', { class: 'status-badge', testid: 'inspect-status', attrs: { 'aria-live': 'polite' } }, '…');
const taskState = h('span', { class: 'task-state', testid: 'inspect-task' });
const button = (testid: string, label: string, secondary = true) => h('vscode-button', { testid, attrs: { secondary } }, label);
const actions = {
  start: button('action-start', 'Start', false),
  stop: button('action-stop', 'Stop'),
  delete: button('action-delete', 'Delete'),
  openShell: button('action-shell', 'Open Shell'),
  refresh: button('action-refresh', 'Refresh'),
};
const errorBox = h('p', { class: 'banner error', testid: 'inspect-error', attrs: { role: 'alert', hidden: true } });
const confirmText = h('span', { testid: 'confirm-text' });
const confirmYes = h('vscode-button', { testid: 'confirm-yes' }, 'Delete');
const confirmNo = h('vscode-button', { testid: 'confirm-no', attrs: { secondary: true } }, 'Cancel');
const confirmBar = h(
  'div',
  { class: 'banner warning confirm-bar', testid: 'confirm-bar', attrs: { role: 'alertdialog', 'aria-label': 'Confirm', hidden: true } },
  confirmText,
  ' ',
  confirmYes,
  ' ',
  confirmNo,
);
append(
  app,
  h(
    'header',
    { class: 'inspect-header' },
    h('div', { class: 'title-row' }, nameHeading, statusBadge, taskState),
    h('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Server actions' } }, ...Object.values(actions)),
  ),
  confirmBar,
  errorBox,
);

// ---- tabs

const overview = h('div', { class: 'columns' });
const serverBox = h('section', { testid: 'inspect-server', attrs: { 'aria-label': 'Server' } });
const containerBox = h('section', { testid: 'inspect-container', attrs: { 'aria-label': 'Container' } });
const cpuValue = h('span', { class: 'chart-value', testid: 'inspect-cpu-value' }, '—');
const memValue = h('span', { class: 'chart-value', testid: 'inspect-mem-value' }, '—');
const netValue = h('p', { class: 'hint', testid: 'inspect-net-value' });
const cpuHost = h('div', {
  class: 'chart',
  testid: 'inspect-cpu-chart',
  attrs: { role: 'img', 'aria-label': 'CPU use over the last two minutes' },
});
const memHost = h('div', {
  class: 'chart',
  testid: 'inspect-mem-chart',
  attrs: { role: 'img', 'aria-label': 'Memory use over the last two minutes' },
});
append(overview, serverBox, containerBox);
const charts = h(
  'section',
  { attrs: { 'aria-label': 'Live use' } },
  h(
    'div',
    { class: 'charts' },
    h('div', { class: 'chart-box' }, h('h2', {}, 'CPU ', cpuValue), cpuHost),
    h('div', { class: 'chart-box' }, h('h2', {}, 'Memory ', memValue), memHost),
  ),
  netValue,
);

const follow = h('vscode-checkbox', { testid: 'inspect-follow' });
follow.label = 'Follow';
follow.checked = state.follow;
const search = h('vscode-textfield', {
  testid: 'inspect-log-search',
  attrs: { placeholder: 'Search the log', 'aria-label': 'Search the log', type: 'search' },
});
search.value = state.filter;
const logStatus = h('span', { class: 'hint', testid: 'inspect-log-status', attrs: { 'aria-live': 'polite' } });
const logCount = h('span', { class: 'hint', testid: 'inspect-log-count' });
const logView = new LogView((shown, total, matches) =>
  setText(logCount, state.filter ? `${matches} match${matches === 1 ? '' : 'es'} in ${shown} of ${total} lines` : `${total} lines`),
);
const interfacesBox = h('section', { testid: 'inspect-interfaces-box' });
const processesBox = h('section', { testid: 'inspect-processes-box' });

const tabs = h('vscode-tabs', { testid: 'inspect-tabs', attrs: { 'selected-index': state.tab } });
const tab = (testid: string, label: string, ...content: Child[]) => {
  append(tabs, h('vscode-tab-header', { testid, attrs: { slot: 'header' } }, label), h('vscode-tab-panel', {}, ...content));
};
tab('tab-overview', 'Overview', overview, charts);
tab('tab-logs', 'Logs', h('div', { class: 'log-toolbar' }, follow, search, logStatus, logCount), logView.element);
tab('tab-network', 'Network', interfacesBox);
tab('tab-processes', 'Processes', processesBox);
append(app, tabs);
tabs.addEventListener('vsc-tabs-select', (event) => {
  state = { ...state, tab: event.detail.selectedIndex };
  remember();
});

// ---- charts

const cpuChart = new LiveChart(cpuHost, { label: 'CPU', color: 'blue', format: (v) => `${v.toFixed(v < 10 ? 1 : 0)} %`, minMax: 5 });
const memChart = new LiveChart(memHost, { label: 'Memory', color: 'green', format: formatBytes, minMax: 16 * 1024 * 1024 });
function drawSamples(): void {
  cpuChart.setPoints(state.samples.map((s) => [s.time, s.cpuPercent]));
  memChart.setPoints(state.samples.map((s) => [s.time, s.memoryBytes]));
}
drawSamples();

function addSample(sample: StatsSample): void {
  const previous = state.samples[state.samples.length - 1];
  const samples = [...state.samples, sample].filter((s) => s.time >= sample.time - WINDOW_MS);
  state = { ...state, samples };
  remember();
  cpuChart.push(sample.time, sample.cpuPercent);
  memChart.push(sample.time, sample.memoryBytes);
  setText(cpuValue, `${sample.cpuPercent.toFixed(1)} %`);
  setText(memValue, `${formatBytes(sample.memoryBytes)}${sample.memoryLimitBytes ? ` of ${formatBytes(sample.memoryLimitBytes)}` : ''}`);
  if (previous && sample.time > previous.time) {
    const seconds = (sample.time - previous.time) / 1000;
    const rate = (now: number, before: number) => `${formatBytes(Math.max(0, now - before) / seconds)}/s`;
    setText(
      netValue,
      `Network: ↓ ${rate(sample.networkRxBytes, previous.networkRxBytes)} ↑ ${rate(sample.networkTxBytes, previous.networkTxBytes)} (total ↓ ${formatBytes(sample.networkRxBytes)} ↑ ${formatBytes(sample.networkTxBytes)})`,
    );
  }
}

// ---- rendering server and container

function addresses(view: ServerView): Child {
  if (view.addresses.length === 0) return '—';
  return h(
    'ul',
    { class: 'plain' },
    ...view.addresses.map((a) =>
      h('li', {}, `${a.addr} `, h('span', { class: 'hint' }, `${a.network}${a.type ? ` · ${a.type}` : ''}${a.mac ? ` · ${a.mac}` : ''}`)),
    ),
  );
}

function renderServer(view: ServerView | null, reason?: string): void {
  const known = server;
  server = view;
  if (!view) {
    if (!known && nameHeading.textContent === 'Loading…') setText(nameHeading, 'Deleted server');
    setText(statusBadge, 'DELETED');
    statusBadge.className = 'status-badge status-deleted';
    setText(taskState, '');
    replaceChildren(serverBox, h('h2', {}, 'Server'), h('p', { class: 'banner' }, reason ?? 'The server no longer exists.'));
    updateButtons();
    return;
  }
  setText(nameHeading, view.name || view.id);
  setText(statusBadge, view.status);
  statusBadge.className = `status-badge status-${view.status.toLowerCase()}`;
  setText(taskState, view.taskState ? `${view.taskState}…` : '');
  const flavor = view.flavor.name ?? view.flavor.id ?? '—';
  const flavorSize =
    view.flavor.vcpus !== undefined ? ` (${view.flavor.vcpus} vCPU · ${view.flavor.ram ?? '?'} MB · ${view.flavor.disk ?? '?'} GB)` : '';
  replaceChildren(
    serverBox,
    h('h2', {}, 'Server'),
    details('inspect-server-details', [
      ['ID', view.id, 'inspect-id'],
      ['Status', view.taskState ? `${view.status} (${view.taskState})` : view.status],
      ['Host', view.host ?? '—', 'inspect-host'],
      ['Addresses', addresses(view), 'inspect-addresses'],
      ['Flavor', flavor + flavorSize, 'inspect-flavor'],
      ['Image', view.image.name ?? view.image.id ?? '—', 'inspect-image'],
      ['Created', formatDate(view.created)],
    ]),
    view.fault
      ? h(
          'div',
          { class: 'banner error', testid: 'inspect-fault' },
          h('strong', {}, `Fault ${view.fault.code}: `),
          view.fault.message,
          view.fault.details ? h('pre', { class: 'fault-details' }, view.fault.details) : null,
        )
      : null,
  );
  updateButtons();
}

function renderContainer(view: ContainerDetails | null, reason?: string): void {
  container = view;
  if (!view) {
    replaceChildren(
      containerBox,
      h('h2', {}, 'Container'),
      h('p', { class: 'banner', testid: 'inspect-container-reason' }, reason ?? 'No container.'),
    );
  } else {
    replaceChildren(
      containerBox,
      h('h2', {}, 'Container'),
      details('inspect-container-details', [
        ['Name', view.name, 'inspect-container-name'],
        ['State', view.state, 'inspect-container-state'],
        ['Status', view.status],
        ['Image', view.image],
        ['Command', h('code', {}, view.command)],
        ['Started', formatDate(view.startedAt)],
        ['PID', view.pid ?? '—'],
        ['Network mode', view.networkMode ?? '—'],
        ['IP addresses', view.ipAddresses.join(', ') || '—'],
      ]),
    );
  }
  updateButtons();
}

function updateButtons(): void {
  const status = server?.status;
  const working = Boolean(server?.taskState) || pending !== undefined;
  actions.start.disabled = !server || working || status !== 'SHUTOFF';
  actions.stop.disabled = !server || working || status !== 'ACTIVE';
  actions.delete.disabled = !server || pending !== undefined;
  actions.openShell.disabled = !server || container?.state !== 'running' || pending !== undefined;
}

function act(action: InstanceAction | 'openShell'): void {
  if (pending) return;
  pending = action;
  updateButtons();
  post(action === 'openShell' ? { type: 'openShell' } : { type: 'action', action });
}

const QUESTIONS = {
  stop: (name: string, container: string) => `Stop server “${name}”? Nova stops its container ${container}; its processes end.`,
  delete: (name: string, container: string) =>
    `Delete server “${name}”? Nova removes it and its container ${container}, with everything written inside. This cannot be undone.`,
};
let confirming: 'stop' | 'delete' | undefined;

function askToConfirm(action: 'stop' | 'delete'): void {
  if (pending || !server) return;
  confirming = action;
  confirmText.textContent = QUESTIONS[action](server.name, `nova-${server.id}`);
  confirmYes.textContent = action === 'stop' ? 'Stop' : 'Delete';
  confirmBar.hidden = false;
  confirmNo.focus();
}

function closeConfirm(): void {
  confirming = undefined;
  confirmBar.hidden = true;
}

confirmYes.addEventListener('click', () => {
  const action = confirming;
  closeConfirm();
  if (action) act(action);
});
confirmNo.addEventListener('click', closeConfirm);
confirmBar.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') closeConfirm();
});
actions.start.addEventListener('click', () => act('start'));
actions.stop.addEventListener('click', () => askToConfirm('stop'));
actions.delete.addEventListener('click', () => askToConfirm('delete'));
actions.openShell.addEventListener('click', () => act('openShell'));
actions.refresh.addEventListener('click', () => post({ type: 'refresh' }));

follow.addEventListener('change', () => {
  state = { ...state, follow: follow.checked };
  remember();
  post({ type: 'followLogs', follow: follow.checked });
});
search.addEventListener('input', () => {
  state = { ...state, filter: search.value };
  remember();
  logView.setFilter(search.value);
});
logView.setFilter(state.filter);

function showError(message: string | undefined): void {
  errorBox.hidden = !message;
  setText(errorBox, message ?? '');
}

onHostMessage('inspect', (message) => {
  switch (message.type) {
    case 'server':
      renderServer(message.server, message.reason);
      break;
    case 'container':
      renderContainer(message.details, message.reason);
      break;
    case 'logLines':
      if (message.reset) logView.reset(message.lines);
      else logView.append(message.lines);
      break;
    case 'logsFollowing':
      setText(logStatus, message.following ? 'Following new lines' : `Not following${message.reason ? `: ${message.reason}` : ''}`);
      logStatus.dataset.following = String(message.following);
      break;
    case 'stats':
      addSample(message.sample);
      break;
    case 'interfaces':
      replaceChildren(
        interfacesBox,
        message.list
          ? table(
              'inspect-interfaces',
              ['Name', 'State', 'MTU', 'MAC', 'Addresses'],
              message.list.map((i) => [i.name, i.state, i.mtu ?? '—', i.mac ?? '—', i.addresses.join(', ') || '—']),
              (index) => ({ 'data-interface': message.list?.[index]?.name }),
            )
          : h('p', { class: 'banner', testid: 'inspect-interfaces' }, message.reason ?? 'No interfaces.'),
      );
      break;
    case 'top':
      replaceChildren(
        processesBox,
        message.table
          ? table('inspect-processes', message.table.titles, message.table.processes)
          : h('p', { class: 'banner', testid: 'inspect-processes' }, message.reason ?? 'No processes.'),
      );
      break;
    case 'actionResult':
      if (message.action === pending) pending = undefined;
      showError(message.ok ? undefined : message.message);
      updateButtons();
      break;
    case 'error':
      showError(message.message);
      break;
  }
});

updateButtons();
post({ type: 'ready' });
