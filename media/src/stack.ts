// The Stack panel's page: the template's parameters as a form (hidden ones as passwords, allowed values
// and the cloud's names as choices), Heat's preview, then the stack as Heat works on it: counts per
// status, every resource with its status and Heat's reason, the failed ones first and marked, Inspect
// on a server's row, and Delete Stack.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import {
  checkStackHostMessage,
  type ChoiceKind,
  type ParameterFieldView,
  type StackFormMessage,
  type StackPreviewMessage,
  type StackProgressMessage,
  type StackWebviewMessage,
} from '../../src/shared/stackProtocol';
import { append, h, replaceChildren, setText, table } from './lib/dom';
import { loadState, post as postToHost, saveState } from './lib/vscodeApi';

interface StackState {
  stackName: string;
  values: Record<string, string>;
}
const isStackState = (v: unknown): v is StackState =>
  typeof v === 'object' && v !== null && typeof (v as StackState).stackName === 'string' && typeof (v as StackState).values === 'object';
const state: StackState = loadState(isStackState, { stackName: '', values: {} });
const post = (message: StackWebviewMessage): void => postToHost(message);

const CHOICES: Record<string, ChoiceKind> = {
  'glance.image': 'image',
  'nova.flavor': 'flavor',
  'neutron.network': 'network',
  'nova.keypair': 'keypair',
};

const app = document.getElementById('app') as HTMLElement;
const title = h('h1', { testid: 'stack-title' }, 'Stack');
const statusBadge = h('span', { class: 'status-badge', testid: 'stack-status', attrs: { hidden: true } });
const errorBox = h('p', { class: 'banner error', testid: 'stack-error', attrs: { role: 'alert', hidden: true } });
const templateErrors = h('div', { class: 'banner error', testid: 'stack-template-errors', attrs: { role: 'alert', hidden: true } });
const nameField = h('vscode-textfield', { testid: 'stack-name', attrs: { maxlength: 255, 'aria-label': 'Stack name' } });
const fieldsBox = h('div', { class: 'form', testid: 'stack-fields' });
const previewButton = h('vscode-button', { testid: 'stack-preview-button', attrs: { secondary: true } }, 'Preview');
const launchButton = h('vscode-button', { testid: 'stack-launch' }, 'Launch');
const busy = h('vscode-progress-ring', { testid: 'stack-busy', attrs: { hidden: true, 'aria-label': 'Working' } });
const form = h(
  'section',
  { class: 'form', testid: 'stack-form', attrs: { 'data-state': 'loading', 'aria-label': 'Parameters' } },
  h(
    'div',
    { class: 'field', testid: 'stack-field-name' },
    h('label', { attrs: { for: 'stack-name' } }, 'Stack name'),
    nameField,
    h('div', { class: 'field-error', testid: 'stack-name-error', attrs: { role: 'alert' } }),
  ),
  fieldsBox,
  h('div', { class: 'actions' }, previewButton, launchButton, busy),
);
nameField.id = 'stack-name';
const previewBox = h('section', { testid: 'stack-preview', attrs: { hidden: true, 'aria-label': 'Preview' } });
const deleteButton = h('vscode-button', { testid: 'stack-delete', attrs: { secondary: true, hidden: true } }, 'Delete Stack');
const countsBox = h('p', { class: 'hint', testid: 'stack-counts', attrs: { 'aria-live': 'polite' } });
const failedBox = h('div', { class: 'banner error', testid: 'stack-failed', attrs: { role: 'alert', hidden: true } });
const noteBox = h('p', { class: 'banner warning', testid: 'stack-note', attrs: { hidden: true } });
const resourcesBox = h('div', { testid: 'stack-resources-box' });
const progressBox = h(
  'section',
  { class: 'status', testid: 'stack-progress', attrs: { hidden: true, 'data-state': 'idle', 'aria-label': 'Progress' } },
  h('div', { class: 'inspect-header' }, h('h2', {}, 'Resources'), h('div', { class: 'toolbar' }, deleteButton)),
  countsBox,
  failedBox,
  noteBox,
  resourcesBox,
);
append(
  app,
  h('header', { class: 'inspect-header' }, h('div', { class: 'title-row' }, title, statusBadge)),
  errorBox,
  templateErrors,
  form,
  previewBox,
  progressBox,
);

let fields: ParameterFieldView[] = [];
const controls = new Map<string, HTMLElement & { value: string }>();
const fieldErrors = new Map<string, HTMLElement>();
let mode: StackFormMessage['mode'] = 'launch';

function showError(message: string | undefined): void {
  errorBox.hidden = !message;
  setText(errorBox, message ?? '');
  setWorking(false);
}

function setWorking(working: boolean): void {
  busy.hidden = !working;
  previewButton.disabled = working;
  launchButton.disabled = working || !templateErrors.hidden;
}

function option(value: string, label: string): HTMLElement {
  return h('vscode-option', { attrs: { value } }, label);
}

function hintOf(field: ParameterFieldView): string {
  const parts = [field.description, `type ${field.type}`];
  if (field.range) parts.push(`from ${field.range.min ?? '−∞'} to ${field.range.max ?? '∞'}`);
  if (field.length) parts.push(`length ${field.length.min ?? 0}–${field.length.max ?? '∞'}`);
  if (field.pattern !== undefined) parts.push(`matches ${field.pattern}`);
  if (field.customConstraint) parts.push(`a ${field.customConstraint} of the cloud`);
  if (field.default === undefined) parts.push('required');
  return parts.filter(Boolean).join(' · ');
}

/** One parameter's control: a select for allowed values or the cloud's names, a password for hidden, else text. */
function controlOf(field: ParameterFieldView, names: readonly string[] | undefined): HTMLElement & { value: string } {
  const saved = Object.hasOwn(state.values, field.name) ? state.values[field.name] : undefined;
  const current = saved ?? field.default ?? '';
  const choices = field.allowedValues ?? names;
  if (choices && choices.length > 0) {
    const select = h('vscode-single-select', { testid: `stack-param-${field.name}`, attrs: { 'aria-label': field.label ?? field.name } });
    const listed = [...choices];
    const extra = current !== '' && !listed.includes(current) ? [current] : [];
    replaceChildren(
      select,
      ...extra.map((v) => option(v, `${v} (not on this cloud)`)),
      ...(field.default === undefined && current === '' ? [option('', '(choose)')] : []),
      ...listed.map((v) => option(v, v)),
    );
    select.value = current;
    return select as HTMLElement & { value: string };
  }
  const input = h('vscode-textfield', {
    testid: `stack-param-${field.name}`,
    attrs: {
      'aria-label': field.label ?? field.name,
      type: field.hidden ? 'password' : field.type === 'number' ? 'number' : 'text',
      placeholder: field.default !== undefined && field.hidden ? '(the template’s default)' : '',
    },
  }) as VscodeTextfield;
  input.value = field.hidden && saved === undefined ? '' : current;
  return input as unknown as HTMLElement & { value: string };
}

function showForm(message: StackFormMessage): void {
  mode = message.mode;
  const verb = mode === 'update' ? 'Update' : 'Launch';
  setText(
    title,
    mode === 'launch'
      ? `Launch ${message.template} on ${message.cloud}`
      : mode === 'update'
        ? `Update stack ${message.stackName} on ${message.cloud}`
        : `Stack ${message.stackName} on ${message.cloud}`,
  );
  setText(launchButton, verb);
  form.hidden = mode === 'watch';
  nameField.value = state.stackName || message.stackName;
  nameField.disabled = mode !== 'launch';
  templateErrors.hidden = message.templateErrors.length === 0;
  replaceChildren(
    templateErrors,
    h('strong', {}, `The template has ${message.templateErrors.length} error(s); fix them in the editor (Problems view), then reopen:`),
    h('ul', {}, ...message.templateErrors.map((e) => h('li', { testid: 'stack-template-error' }, e))),
  );
  fields = message.fields;
  controls.clear();
  fieldErrors.clear();
  const names = new Map(message.choices.map((c) => [c.kind, c.names]));
  replaceChildren(
    fieldsBox,
    ...fields.map((field) => {
      const kind = field.customConstraint ? CHOICES[field.customConstraint] : undefined;
      const control = controlOf(field, kind ? names.get(kind) : undefined);
      control.id = `stack-param-${field.name}`;
      control.setAttribute('aria-describedby', `stack-param-${field.name}-error`);
      const onChange = (): void => {
        state.values[field.name] = control.value;
        saveState(state);
      };
      control.addEventListener('change', onChange);
      control.addEventListener('input', onChange);
      const error = h('div', { class: 'field-error', id: `stack-param-${field.name}-error`, testid: `stack-param-${field.name}-error` });
      error.setAttribute('role', 'alert');
      fieldErrors.set(field.name, error);
      controls.set(field.name, control);
      return h(
        'div',
        { class: 'field', testid: 'stack-field', attrs: { 'data-name': field.name } },
        h('label', { attrs: { for: control.id } }, field.label ?? field.name, field.immutable ? ' (immutable)' : ''),
        control,
        h('div', { class: 'hint' }, hintOf(field)),
        error,
      );
    }),
  );
  form.dataset.state = 'ready';
  setWorking(false);
}

function values(): { name: string; value: string }[] {
  return fields.map((f) => ({ name: f.name, value: controls.get(f.name)?.value ?? '' }));
}

function send(type: 'preview' | 'launch'): void {
  showError(undefined);
  state.stackName = nameField.value;
  saveState(state);
  const nameError = app.querySelector<HTMLElement>('[data-testid="stack-name-error"]');
  const valid = /^[A-Za-z][A-Za-z0-9_.-]*$/.test(nameField.value);
  setText(nameError!, valid ? '' : 'A stack name starts with a letter and has letters, digits, _ . - only.');
  if (!valid) return;
  setWorking(true);
  post({ type, stackName: nameField.value, values: values() });
}

function showPreview(message: StackPreviewMessage): void {
  setWorking(false);
  previewBox.hidden = false;
  if (message.create) {
    replaceChildren(
      previewBox,
      h('h2', {}, `Heat would create ${message.create.length} resource(s)`),
      table(
        'stack-preview-resources',
        ['Resource', 'Type'],
        message.create.map((r) => [r.name, r.type]),
      ),
    );
  } else if (message.update) {
    const u = message.update;
    const part = (label: string, testid: string, list: string[]) =>
      h('li', { testid, attrs: { 'data-count': list.length } }, `${label} (${list.length}): ${list.join(', ') || '—'}`);
    replaceChildren(
      previewBox,
      h('h2', {}, 'The update would change'),
      h(
        'ul',
        { testid: 'stack-update-preview' },
        part('Added', 'stack-preview-added', u.added),
        part('Replaced', 'stack-preview-replaced', u.replaced),
        part('Deleted', 'stack-preview-deleted', u.deleted),
        part('Updated in place', 'stack-preview-updated', u.updated),
        part('Unchanged', 'stack-preview-unchanged', u.unchanged),
      ),
    );
  }
}

const statusClass = (status: string): string =>
  status.endsWith('_FAILED') ? 'status-error' : status.endsWith('_COMPLETE') ? 'status-active' : 'status-build';

function showProgress(message: StackProgressMessage): void {
  setWorking(!message.finished);
  progressBox.hidden = false;
  progressBox.dataset.state = message.finished ? 'finished' : 'running';
  progressBox.dataset.action = message.action;
  const stack = message.stack;
  statusBadge.hidden = false;
  setText(statusBadge, stack ? stack.status : message.action === 'delete' ? 'DELETED' : 'GONE');
  statusBadge.className = `status-badge ${stack ? statusClass(stack.status) : 'status-deleted'}`;
  statusBadge.title = stack?.statusReason ?? '';
  deleteButton.hidden = !stack || (message.action === 'delete' && !message.finished) || stack.status === 'DELETE_COMPLETE';
  // once the stack exists the form and the preview have done their part
  if (mode === 'launch' && stack) form.hidden = previewBox.hidden = true;
  const total = message.counts.reduce((n, c) => n + c.count, 0);
  setText(
    countsBox,
    `${message.counts.map((c) => `${c.count} ${c.status}`).join(' · ') || 'no resources yet'}${total ? ` (of ${total})` : ''}`,
  );
  const failed = message.resources.filter((r) => r.status.endsWith('_FAILED'));
  failedBox.hidden = failed.length === 0 && !(stack && stack.status.endsWith('_FAILED'));
  replaceChildren(
    failedBox,
    stack && stack.status.endsWith('_FAILED') ? h('p', { testid: 'stack-failed-reason' }, `${stack.name}: ${stack.statusReason}`) : null,
    ...failed
      .slice(0, 5)
      .map((r) => h('p', { testid: 'stack-failed-resource' }, `${r.name} (${r.type ?? 'resource'}) failed: ${r.statusReason}`)),
    failed.length > 0 || stack?.status.endsWith('_FAILED')
      ? h('p', {}, 'Delete Stack removes what it made (its servers and their containers).')
      : null,
  );
  noteBox.hidden = !message.note;
  setText(noteBox, message.note ?? '');
  const rows = message.resources.map((r) => {
    const inspect = r.serverId
      ? h('button', { class: 'link-button', testid: 'stack-inspect', attrs: { type: 'button', 'data-server-id': r.serverId } }, 'Inspect')
      : '';
    if (inspect) inspect.addEventListener('click', () => post({ type: 'inspect', serverId: r.serverId! }));
    const where = stack && r.stackName !== stack.name ? `${r.stackName} / ` : '';
    return [where + r.name, r.type ?? '', h('span', { class: `status-badge ${statusClass(r.status)}` }, r.status), r.statusReason, inspect];
  });
  replaceChildren(
    resourcesBox,
    table('stack-resources', ['Resource', 'Type', 'Status', 'Reason', ''], rows, (index) => {
      const r = message.resources[index]!;
      return { 'data-key': r.key, 'data-status': r.status, class: r.status.endsWith('_FAILED') ? 'row-failed' : undefined };
    }),
  );
}

previewButton.addEventListener('click', () => send('preview'));
launchButton.addEventListener('click', () => send('launch'));
deleteButton.addEventListener('click', () => post({ type: 'delete' }));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const checked = checkStackHostMessage(event.data);
  if (!checked.ok) {
    console.warn(`devstack-contrail stack webview: ignored an invalid message: ${checked.error}`);
    return;
  }
  const message = checked.value;
  switch (message.type) {
    case 'stackForm':
      return showForm(message);
    case 'stackPreview':
      return showPreview(message);
    case 'stackProgress':
      return showProgress(message);
    case 'fieldProblems': {
      for (const [name, error] of fieldErrors) setText(error, message.problems.find((p) => p.name === name)?.message ?? '');
      if (message.problems.length > 0) setWorking(false);
      return;
    }
    case 'error':
      return showError(message.message);
  }
});

post({ type: 'ready' });
