// The messages between the extension and the Stack panel (Launch, Update, watching a stack), both ways,
// parsed on arrival like the other panels' (protocol.ts). Bundled into the front end: type-only imports
// from core, nothing from vscode, the DOM or Node.
import type { ParameterField, ParameterType } from '../core/heat/stackParameters';
import { boolean, finite, integer, list, literal, message, nullable, optional, record, tagged, text, type Parsed } from './messageParsing';
import { clip, fieldText, LIMITS, SERVER_ID } from './protocol';

export const STACK_PANEL = 'stack';
export type StackPanelKind = typeof STACK_PANEL;

export const STACK_LIMITS = {
  fields: 200,
  /** resources shown (a 100-server group is 100 members, its group and its nested stack) */
  resources: 2000,
  statuses: 64,
  choices: 2000,
  value: 65_536,
  events: 500,
} as const;

export type StackMode = 'launch' | 'update' | 'watch';
/** the cloud's names a parameter with a custom_constraint may take */
export type ChoiceKind = 'image' | 'flavor' | 'network' | 'keypair';

export type ParameterFieldView = Omit<ParameterField, 'constraintDescriptions'> & { constraintDescriptions: string[] };

export interface ResourceView {
  key: string;
  name: string;
  stackName: string;
  type?: string;
  status: string;
  statusReason: string;
  /** a server's Nova id (Inspect opens on it) */
  serverId?: string;
}

export interface StackView {
  name: string;
  id: string;
  status: string;
  statusReason: string;
}

// ---- extension → webview

/** The form: the template's parameters, the cloud's names for custom constraints, and what the template's check found. */
export interface StackFormMessage {
  type: 'stackForm';
  mode: StackMode;
  cloud: string;
  /** the template's file name */
  template: string;
  stackName: string;
  /** the stack updated (update mode) */
  stack?: StackView;
  fields: ParameterFieldView[];
  choices: { kind: ChoiceKind; names: string[] }[];
  /** the template's errors (line: message): launching waits until they are fixed */
  templateErrors: string[];
}
/** Heat's preview: what a create would make, or what an update would add, replace and delete. */
export interface StackPreviewMessage {
  type: 'stackPreview';
  create?: { name: string; type: string }[];
  update?: { added: string[]; replaced: string[]; deleted: string[]; updated: string[]; unchanged: string[] };
}
export interface StackProgressMessage {
  type: 'stackProgress';
  /** create, update, delete: what the panel shows the progress of */
  action: string;
  /** null once Heat no longer knows the stack (deleted) */
  stack: StackView | null;
  counts: { status: string; count: number }[];
  resources: ResourceView[];
  finished: boolean;
  /** the panel stopped waiting (timeout) or could not read Heat (the reason) */
  note?: string;
}
export interface FieldProblemsMessage {
  type: 'fieldProblems';
  problems: { name: string; message: string }[];
}
export interface StackErrorMessage {
  type: 'error';
  message: string;
}
export type StackHostMessage = StackFormMessage | StackPreviewMessage | StackProgressMessage | FieldProblemsMessage | StackErrorMessage;

// ---- webview → extension

export interface ParameterValue {
  name: string;
  value: string;
}
export type StackWebviewMessage =
  | { type: 'ready' }
  | { type: 'preview'; stackName: string; values: ParameterValue[] }
  | { type: 'launch'; stackName: string; values: ParameterValue[] }
  | { type: 'inspect'; serverId: string }
  | { type: 'delete' };

// ---- parsers

const name = text({ max: LIMITS.name });
const word = text({ max: LIMITS.word });
const note = text({ max: LIMITS.message, control: true });
const value = text({ max: STACK_LIMITS.value, control: true });
const opt = optional;
const bounds = record<{ min?: number; max?: number }>({ min: opt(finite()), max: opt(finite()) });
const stackName = text({ min: 1, max: LIMITS.name, pattern: /^[A-Za-z][A-Za-z0-9_.-]*$/, patternName: 'a stack name' });

const field = record<ParameterFieldView>({
  name,
  type: literal<ParameterType>('string', 'number', 'json', 'comma_delimited_list', 'boolean'),
  label: opt(name),
  description: opt(note),
  default: opt(value),
  hidden: boolean,
  immutable: boolean,
  allowedValues: opt(list(value, STACK_LIMITS.choices)),
  range: opt(bounds),
  length: opt(bounds),
  pattern: opt(note),
  customConstraint: opt(word),
  constraintDescriptions: list(note, 32),
});
const stackView = record<StackView>({ name, id: word, status: word, statusReason: note });
const resource = record<ResourceView>({
  key: text({ max: 2 * LIMITS.name + 1 }),
  name,
  stackName: name,
  type: opt(word),
  status: word,
  statusReason: note,
  serverId: opt(text({ min: 1, max: 64, pattern: SERVER_ID, patternName: 'a server id' })),
});
const names = list(name, STACK_LIMITS.resources);

const stackHost = tagged<StackHostMessage>({
  stackForm: message<StackFormMessage>('stackForm', {
    mode: literal<StackMode>('launch', 'update', 'watch'),
    cloud: name,
    template: name,
    stackName: name,
    stack: opt(stackView),
    fields: list(field, STACK_LIMITS.fields),
    choices: list(
      record<{ kind: ChoiceKind; names: string[] }>({
        kind: literal<ChoiceKind>('image', 'flavor', 'network', 'keypair'),
        names: list(name, STACK_LIMITS.choices),
      }),
      4,
    ),
    templateErrors: list(note, 200),
  }),
  stackPreview: message<StackPreviewMessage>('stackPreview', {
    create: opt(list(record<{ name: string; type: string }>({ name, type: word }), STACK_LIMITS.resources)),
    update: opt(
      record<NonNullable<StackPreviewMessage['update']>>({
        added: names,
        replaced: names,
        deleted: names,
        updated: names,
        unchanged: names,
      }),
    ),
  }),
  stackProgress: message<StackProgressMessage>('stackProgress', {
    action: word,
    stack: nullable(stackView),
    counts: list(record<{ status: string; count: number }>({ status: word, count: integer(0, 1e9) }), STACK_LIMITS.statuses),
    resources: list(resource, STACK_LIMITS.resources),
    finished: boolean,
    note: opt(note),
  }),
  fieldProblems: message<FieldProblemsMessage>('fieldProblems', {
    problems: list(record<{ name: string; message: string }>({ name, message: note }), STACK_LIMITS.fields),
  }),
  error: message<StackErrorMessage>('error', { message: note }),
});

const values = list(record<ParameterValue>({ name, value }), STACK_LIMITS.fields);
const stackWebview = tagged<StackWebviewMessage>({
  ready: message<{ type: 'ready' }>('ready', {}),
  preview: message<{ type: 'preview'; stackName: string; values: ParameterValue[] }>('preview', { stackName, values }),
  launch: message<{ type: 'launch'; stackName: string; values: ParameterValue[] }>('launch', { stackName, values }),
  inspect: message<{ type: 'inspect'; serverId: string }>('inspect', {
    serverId: text({ min: 1, max: 64, pattern: SERVER_ID, patternName: 'a server id' }),
  }),
  delete: message<{ type: 'delete' }>('delete', {}),
});

export function checkStackWebviewMessage(raw: unknown): Parsed<StackWebviewMessage> {
  return stackWebview(raw, '');
}

export function checkStackHostMessage(raw: unknown): Parsed<StackHostMessage> {
  return stackHost(raw, '');
}

// ---- projections the extension sends: remote strings escaped and cut to the bounds

export function toStackView(stack: { name: string; id: string; status: string; statusReason: string }): StackView {
  return {
    name: fieldText(stack.name, LIMITS.name),
    id: fieldText(stack.id, LIMITS.word),
    status: fieldText(stack.status, LIMITS.word),
    statusReason: clip(stack.statusReason),
  };
}

export function toResourceView(r: {
  key: string;
  name: string;
  stackName: string;
  type?: string;
  status: string;
  statusReason: string;
  physicalId: string;
}): ResourceView {
  const serverId = r.type === 'OS::Nova::Server' && SERVER_ID.test(r.physicalId) ? r.physicalId : undefined;
  return {
    key: fieldText(r.key, 2 * LIMITS.name + 1),
    name: fieldText(r.name, LIMITS.name),
    stackName: fieldText(r.stackName, LIMITS.name),
    ...(r.type ? { type: fieldText(r.type, LIMITS.word) } : {}),
    status: fieldText(r.status, LIMITS.word),
    statusReason: clip(r.statusReason),
    ...(serverId ? { serverId } : {}),
  };
}

export function toFieldView(f: ParameterField): ParameterFieldView {
  const cut = (s: string | undefined, max: number) => (s === undefined ? undefined : clip(s, max));
  const view: ParameterFieldView = {
    name: fieldText(f.name, LIMITS.name),
    type: f.type,
    hidden: f.hidden,
    immutable: f.immutable,
    constraintDescriptions: f.constraintDescriptions.slice(0, 32).map((d) => clip(d)),
  };
  const label = cut(f.label, LIMITS.name);
  const description = cut(f.description, LIMITS.message);
  const fallback = cut(f.default, STACK_LIMITS.value);
  const pattern = cut(f.pattern, LIMITS.message);
  return {
    ...view,
    ...(label !== undefined ? { label: fieldText(label, LIMITS.name) } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(fallback !== undefined ? { default: fallback } : {}),
    ...(f.allowedValues ? { allowedValues: f.allowedValues.slice(0, STACK_LIMITS.choices).map((v) => clip(v, STACK_LIMITS.value)) } : {}),
    ...(f.range ? { range: f.range } : {}),
    ...(f.length ? { length: f.length } : {}),
    ...(pattern !== undefined ? { pattern } : {}),
    ...(f.customConstraint ? { customConstraint: fieldText(f.customConstraint, LIMITS.word) } : {}),
  };
}
