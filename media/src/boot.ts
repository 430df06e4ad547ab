// The Boot panel's page: name, image (docker-format first), flavor, networks, count and an optional host,
// or the host live load recommends (bootPlacement.ts); checked before it is sent, errors under their
// fields; then the new servers' status, live.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import {
  bootRequestProblems,
  LIMITS,
  type BootField,
  type BootOptionsMessage,
  type BootProgressEntry,
  type FlavorView,
  type ImageView,
} from '../../src/shared/protocol';
import { placementSection } from './bootPlacement';
import { append, h, replaceChildren, setText } from './lib/dom';
import { loadState, onHostMessage, post, saveState } from './lib/vscodeApi';

interface Draft {
  name: string;
  imageId: string;
  flavorId: string;
  networkIds: string[];
  count: string;
  host: string;
  placeByLoad?: boolean;
}
interface BootState {
  draft: Draft;
  servers: BootProgressEntry[];
  finished: boolean;
}

const EMPTY: BootState = {
  draft: { name: '', imageId: '', flavorId: '', networkIds: [], count: '1', host: '' },
  servers: [],
  finished: true,
};

function isBootState(value: unknown): value is BootState {
  const v = value as BootState | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.draft?.name === 'string' &&
    Array.isArray(v.draft.networkIds) &&
    Array.isArray(v.servers)
  );
}

let state = loadState(isBootState, EMPTY);
let submitting = false;

const app = document.getElementById('app') as HTMLElement;

function field(label: string, key: BootField, control: HTMLElement, hint?: string): HTMLElement {
  control.id = `boot-${key}`;
  control.setAttribute('aria-describedby', `boot-${key}-error`);
  return h(
    'div',
    { class: 'field', testid: `boot-field-${key}` },
    h('label', { attrs: { for: control.id } }, label),
    control,
    hint ? h('div', { class: 'hint' }, hint) : null,
    h('div', { class: 'field-error', id: `boot-${key}-error`, testid: `boot-${key}-error`, attrs: { role: 'alert' } }),
  );
}

const title = h('h1', { testid: 'boot-title' }, 'Boot servers');
const errorBox = h('p', { class: 'banner error', testid: 'boot-error', attrs: { role: 'alert', hidden: true } });
const noticeBox = h('p', { class: 'banner', testid: 'boot-notice', attrs: { 'aria-live': 'polite', hidden: true } });
const placement = placementSection(state.draft.placeByLoad === true);
const nameField = h('vscode-textfield', { testid: 'boot-name', attrs: { placeholder: 'web-1', maxlength: LIMITS.name } });
const imageSelect = h('vscode-single-select', { testid: 'boot-image', attrs: { 'aria-label': 'Image' } });
const flavorSelect = h('vscode-single-select', { testid: 'boot-flavor', attrs: { 'aria-label': 'Flavor' } });
const networkGroup = h('div', { class: 'checkbox-list', testid: 'boot-network', attrs: { role: 'group', 'aria-label': 'Networks' } });
const countField = h('vscode-textfield', { testid: 'boot-count', attrs: { type: 'number', min: 1, max: LIMITS.bootCount, value: '1' } });
const hostSelect = h('vscode-single-select', { testid: 'boot-host', attrs: { 'aria-label': 'Compute host' } });
const submit = h('vscode-button', { testid: 'boot-submit' }, 'Boot');
const busy = h('vscode-progress-ring', { testid: 'boot-busy', attrs: { hidden: true, 'aria-label': 'Booting' } });
const reload = h('vscode-button', { testid: 'boot-reload', attrs: { secondary: true } }, 'Reload lists');
const hostFieldBox = field('Compute host', 'host', hostSelect, 'Pins the servers to one nova-compute host (admin only).');
const form = h(
  'div',
  { class: 'form', testid: 'boot-form', attrs: { 'data-state': 'loading' } },
  field('Name', 'name', nameField),
  field('Image', 'image', imageSelect, 'Images in docker container format come first: nova-docker runs only those.'),
  field('Flavor', 'flavor', flavorSelect),
  field('Networks', 'networks', networkGroup),
  field('Count', 'count', countField, `From 1 to ${LIMITS.bootCount}.`),
  hostFieldBox,
  placement.element,
  h('div', { class: 'actions' }, submit, reload, busy),
);
const statusBox = h('section', { class: 'status', testid: 'boot-status', attrs: { 'aria-live': 'polite', 'data-state': 'idle' } });
append(app, title, errorBox, noticeBox, form, statusBox);

function option(value: string, label: string, description = ''): HTMLElement {
  const element = h('vscode-option', { attrs: { value } }, label);
  if (description) element.setAttribute('description', description);
  return element;
}

const isDocker = (image: ImageView) => image.containerFormat === 'docker';

function fillOptions(message: BootOptionsMessage): void {
  setText(title, `Boot servers on ${message.cloud}`);
  const images = [...message.images].sort((a, b) => Number(isDocker(b)) - Number(isDocker(a)) || a.name.localeCompare(b.name));
  replaceChildren(
    imageSelect,
    ...images.map((image) =>
      option(
        image.id,
        isDocker(image) ? `${image.name || image.id} (docker)` : image.name || image.id,
        [image.containerFormat, image.diskFormat, image.status].filter(Boolean).join(' · '),
      ),
    ),
  );
  const flavors = [...message.flavors].sort((a, b) => a.ram - b.ram || a.vcpus - b.vcpus || a.name.localeCompare(b.name));
  replaceChildren(
    flavorSelect,
    ...flavors.map((flavor: FlavorView) =>
      option(flavor.id, flavor.name, `${flavor.vcpus} vCPU · ${flavor.ram} MB RAM · ${flavor.disk} GB disk`),
    ),
  );
  replaceChildren(
    networkGroup,
    ...message.networks.map((network) => {
      const box = h('vscode-checkbox', {
        testid: 'boot-network-option',
        attrs: { 'data-network-id': network.id, 'data-network-name': network.name },
      });
      box.label = network.external ? `${network.name} (external)` : network.name;
      box.checked = state.draft.networkIds.includes(network.id) || (message.networks.length === 1 && state.draft.networkIds.length === 0);
      return box;
    }),
  );
  if (message.networks.length === 0) append(networkGroup, h('p', { class: 'hint' }, 'This project sees no network: create one first.'));
  replaceChildren(hostSelect, option('', 'Any host (the scheduler decides)'), ...message.hosts.map((host) => option(host, host)));
  hostFieldBox.hidden = message.hosts.length === 0;
  // after the options exist: the select elements pick their value among them
  requestAnimationFrame(() => {
    const { draft } = state;
    imageSelect.value = images.some((i) => i.id === draft.imageId) ? draft.imageId : (images[0]?.id ?? '');
    flavorSelect.value = flavors.some((f) => f.id === draft.flavorId)
      ? draft.flavorId
      : ((flavors.find((f) => f.name === 'm1.tiny') ?? flavors[0])?.id ?? '');
    hostSelect.value = message.hosts.includes(draft.host) ? draft.host : '';
    nameField.value = draft.name;
    countField.value = draft.count;
    form.dataset.state = submitting ? 'submitting' : 'ready';
    remember();
    post({ type: 'placementFlavor', flavorId: flavorSelect.value });
  });
}

function readForm(): Draft {
  return {
    name: nameField.value,
    imageId: imageSelect.value,
    flavorId: flavorSelect.value,
    networkIds: [...networkGroup.querySelectorAll<VscodeCheckbox>('vscode-checkbox')]
      .filter((box) => box.checked)
      .map((box) => box.dataset.networkId ?? ''),
    count: countField.value,
    host: hostFieldBox.hidden ? '' : hostSelect.value,
    placeByLoad: placement.placeByLoad(),
  };
}

function remember(): void {
  state = { ...state, draft: readForm() };
  saveState(state);
}

function showProblems(problems: Partial<Record<BootField, string>>): void {
  const controls: Record<BootField, VscodeTextfield | VscodeSingleSelect | HTMLElement> = {
    name: nameField,
    image: imageSelect,
    flavor: flavorSelect,
    networks: networkGroup,
    count: countField,
    host: hostSelect,
  };
  for (const [key, control] of Object.entries(controls) as [BootField, HTMLElement & { invalid?: boolean }][]) {
    const problem = problems[key];
    setText(document.getElementById(`boot-${key}-error`) as HTMLElement, problem ?? '');
    if ('invalid' in control) control.invalid = Boolean(problem);
    control.setAttribute('aria-invalid', problem ? 'true' : 'false');
  }
}

function setSubmitting(value: boolean): void {
  submitting = value;
  submit.disabled = value;
  busy.hidden = !value;
  if (form.dataset.state !== 'loading') form.dataset.state = value ? 'submitting' : 'ready';
}

function showError(message: string | undefined): void {
  errorBox.hidden = !message;
  setText(errorBox, message ?? '');
}

function showNotice(message: string | undefined): void {
  noticeBox.hidden = !message;
  setText(noticeBox, message ?? '');
}

function boot(): void {
  if (submitting || form.dataset.state === 'loading') return;
  const draft = readForm();
  const count = draft.count.trim() === '' ? NaN : Number(draft.count);
  const request = {
    name: draft.name,
    imageId: draft.imageId,
    flavorId: draft.flavorId,
    networkIds: draft.networkIds,
    count,
    // placed by live load: the extension picks the host when it boots, on the latest readings
    ...(draft.host && !draft.placeByLoad ? { host: draft.host } : {}),
  };
  const problems = bootRequestProblems(request);
  showProblems(problems);
  const first = Object.keys(problems)[0] as BootField | undefined;
  if (first) {
    const control =
      first === 'networks' ? networkGroup.querySelector<HTMLElement>('vscode-checkbox') : document.getElementById(`boot-${first}`);
    control?.focus();
    return;
  }
  showError(undefined);
  showNotice(undefined);
  setSubmitting(true);
  remember();
  post({ type: 'boot', request, ...(draft.placeByLoad ? { placeByLoad: true } : {}) });
}

function renderStatus(servers: BootProgressEntry[], finished: boolean): void {
  statusBox.dataset.state = servers.length === 0 ? 'idle' : finished ? 'finished' : 'polling';
  if (servers.length === 0) {
    statusBox.replaceChildren();
    return;
  }
  const rows = servers.map((server) => {
    const inspect = h('vscode-button', { testid: 'boot-inspect', attrs: { secondary: true, 'data-server-id': server.id } }, 'Inspect');
    inspect.addEventListener('click', () => post({ type: 'inspect', serverId: server.id }));
    const building = server.status === 'BUILD';
    return h(
      'tr',
      { testid: 'boot-server', attrs: { 'data-server-id': server.id, 'data-status': server.status } },
      h('td', { class: 'name' }, server.name),
      h(
        'td',
        {},
        h(
          'span',
          { class: `status-badge status-${server.status.toLowerCase()}`, testid: 'boot-server-status' },
          building ? h('vscode-progress-ring', { class: 'inline-ring', attrs: { 'aria-hidden': 'true' } }) : null,
          server.status,
        ),
      ),
      h('td', { class: 'fault', testid: 'boot-server-fault' }, server.fault ?? ''),
      h('td', {}, inspect),
    );
  });
  replaceChildren(
    statusBox,
    h('h2', {}, finished ? 'Servers' : 'Booting…'),
    h(
      'table',
      { class: 'grid' },
      h(
        'thead',
        {},
        h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Status'), h('th', {}, 'Details'), h('th', { attrs: { 'aria-label': 'Actions' } })),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}

submit.addEventListener('click', boot);
reload.addEventListener('click', () => {
  form.dataset.state = 'loading';
  post({ type: 'refresh' });
});
// Enter in a text field submits (the selects keep Enter for their own list); Ctrl/Cmd+Enter anywhere
form.addEventListener('keydown', (event: KeyboardEvent) => {
  if (event.key !== 'Enter' || event.isComposing) return;
  const target = event.target as HTMLElement | null;
  if (event.ctrlKey || event.metaKey || target?.tagName === 'VSCODE-TEXTFIELD') {
    event.preventDefault();
    boot();
  }
});
for (const element of [nameField, imageSelect, flavorSelect, countField, hostSelect, networkGroup]) {
  element.addEventListener('change', remember);
  element.addEventListener('input', remember);
}
flavorSelect.addEventListener('change', () => post({ type: 'placementFlavor', flavorId: flavorSelect.value }));
placement.onChange(() => {
  hostSelect.disabled = placement.placeByLoad();
  remember();
});

onHostMessage('boot', (message) => {
  switch (message.type) {
    case 'bootOptions':
      showError(undefined);
      fillOptions(message);
      break;
    case 'bootProgress':
      setSubmitting(false);
      state = { ...state, servers: message.servers, finished: message.finished };
      saveState(state);
      renderStatus(message.servers, message.finished);
      break;
    case 'bootPlacement':
      // the answer for a flavor chosen before the last change is not shown
      if (message.flavorId !== flavorSelect.value && flavorSelect.value !== '') break;
      placement.show(message);
      hostSelect.disabled = placement.placeByLoad();
      break;
    case 'bootNotice':
      showNotice(message.message);
      break;
    case 'error':
      setSubmitting(false);
      if (form.dataset.state === 'loading' && imageSelect.childElementCount > 0) form.dataset.state = 'ready';
      showError(message.message);
      break;
  }
});

renderStatus(state.servers, state.finished);
post({ type: 'ready' });
