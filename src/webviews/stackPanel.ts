// The Stack panel: Launch Stack… (a form built from the template's parameters, Heat's preview, then the
// create), Update Stack… (the form, Heat's update preview of what is added, replaced and deleted, then the
// update), and a stack watched as Heat works (counts per status, every resource with Heat's reason, the
// failed ones first), through to its deletion. One panel per template and cloud, or per stack.
import * as vscode from 'vscode';
import { lint } from '../core/config/lint/lint';
import type { Stack, StackRequest } from '../core/heat/heatClient';
import { parameterProblems, parametersToSend, stackParameters, type ParameterField } from '../core/heat/stackParameters';
import { isFailed, StackWatch, type StackProgress } from '../core/heat/stackWatch';
import { clip, fieldText, LIMITS } from '../shared/protocol';
import {
  checkStackWebviewMessage,
  STACK_LIMITS,
  STACK_PANEL,
  toFieldView,
  toResourceView,
  toStackView,
  type ChoiceKind,
  type ParameterValue,
  type StackHostMessage,
  type StackMode,
  type StackProgressMessage,
} from '../shared/stackProtocol';
import type { PanelRegistry } from './panelRegistry';
import type { StackBackend } from './stackBackend';
import { webviewHtml, webviewOptions } from './webviewHtml';

export const STACK_VIEW_TYPE = 'devstackContrail.stack';
/** Heat's events are read this often while a stack is in progress: the panel stays within 1 s of them */
const WATCH_EVERY_MS = 500;
const WATCH_TIMEOUT_MS = 60 * 60_000;

/** The template a Launch or Update reads: the editor's text now (it may change while the panel is open). */
export interface TemplateSource {
  readonly fileName: string;
  text(): string;
}

export type StackPanelTarget =
  | { readonly mode: 'launch'; readonly template: TemplateSource }
  | { readonly mode: 'update'; readonly template: TemplateSource; readonly stack: Pick<Stack, 'name' | 'id'> }
  | { readonly mode: 'watch'; readonly stack: Pick<Stack, 'name' | 'id'>; readonly deleteFirst?: boolean };

export interface StackPanelHooks {
  onInspect?: (serverId: string) => void;
  /** asks the user before a delete asked for in the panel; true to go on */
  confirmDelete?: (stackName: string) => Promise<boolean>;
  /** each progress the panel shows, as it posts it (the benchmark's clock) */
  onProgress?: (progress: StackProgress) => void;
}

const CHOICE_OF: Record<string, ChoiceKind> = {
  'glance.image': 'image',
  'nova.flavor': 'flavor',
  'neutron.network': 'network',
  'nova.keypair': 'keypair',
};

function keyOf(backend: StackBackend, target: StackPanelTarget): string {
  if (target.mode === 'launch') return `${backend.cloudName}\n${target.template.fileName}`;
  return `${backend.cloudName}\n${target.mode === 'update' ? 'update' : 'stack'}\n${target.stack.id}`;
}

/** The Stack panel of this target: the one open (revealed), or a new one. */
export function openStackPanel(
  panels: PanelRegistry,
  extensionUri: vscode.Uri,
  backend: StackBackend,
  target: StackPanelTarget,
  hooks: StackPanelHooks = {},
): vscode.WebviewPanel {
  const key = keyOf(backend, target);
  const existing = panels.reveal(key);
  if (existing) return existing;
  const what = target.mode === 'launch' ? `Launch: ${baseName(target.template.fileName)}` : `Stack: ${target.stack.name}`;
  // beside the template's editor: its diagnostics stay in view while the form is filled in
  const column = target.mode === 'watch' ? vscode.ViewColumn.Active : vscode.ViewColumn.Beside;
  const panel = vscode.window.createWebviewPanel(STACK_VIEW_TYPE, what, column, webviewOptions(extensionUri));
  panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'devstack.svg');
  new StackPanel(panel, extensionUri, backend, target, hooks);
  panels.add(key, panel);
  return panel;
}

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;
const defaultStackName = (fileName: string): string => {
  const stem = baseName(fileName).replace(/\.[^.]*$/, '');
  const cleaned = stem.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z]+/, '');
  return (cleaned || 'stack').slice(0, LIMITS.name);
};

class StackPanel {
  private disposed = false;
  private watch: StackWatch | undefined;
  private stack: Pick<Stack, 'name' | 'id'> | undefined;
  private action = 'create';
  private lastProgress: StackProgressMessage | undefined;
  private fields: ParameterField[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly backend: StackBackend,
    private readonly target: StackPanelTarget,
    private readonly hooks: StackPanelHooks,
  ) {
    if (target.mode !== 'launch') this.stack = target.stack;
    panel.webview.html = webviewHtml(panel.webview, extensionUri, STACK_PANEL, panel.title);
    panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw));
    panel.onDidDispose(() => {
      this.disposed = true;
      this.watch?.dispose();
    });
    if (target.mode === 'watch') {
      if (target.deleteFirst) void this.delete(false);
      else void this.follow('watch', undefined);
    }
  }

  private post(message: StackHostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  private error(message: string): void {
    this.post({ type: 'error', message: clip(message) });
  }

  private async receive(raw: unknown): Promise<void> {
    const checked = checkStackWebviewMessage(raw);
    if (!checked.ok) {
      this.backend.log(`Stack panel (${this.backend.cloudName}): ignored an invalid message from the webview: ${checked.error}`);
      return;
    }
    const message = checked.value;
    switch (message.type) {
      case 'ready':
        await this.sendForm();
        if (this.lastProgress) this.post(this.lastProgress);
        return;
      case 'preview':
        return this.preview(message.stackName, message.values);
      case 'launch':
        return this.launch(message.stackName, message.values);
      case 'inspect':
        if (this.lastProgress?.resources.some((r) => r.serverId === message.serverId)) this.hooks.onInspect?.(message.serverId);
        return;
      case 'delete':
        return this.delete(true);
    }
  }

  private mode(): StackMode {
    return this.target.mode;
  }

  /** The template's errors as "line:col message" (the HOT rules; launching waits for none). */
  private templateErrors(text: string, fileName: string): string[] {
    const result = lint(text, { fileName, type: { kind: 'hot' } });
    return result.findings
      .filter((f) => f.severity === 'error')
      .slice(0, 200)
      .map((f) => clip(`${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.message}`));
  }

  private async sendForm(): Promise<void> {
    const template = this.target.mode === 'watch' ? undefined : this.target.template;
    const text = template?.text() ?? '';
    this.fields = template ? stackParameters(text) : [];
    const wanted = new Set(this.fields.map((f) => f.customConstraint && CHOICE_OF[f.customConstraint]).filter(Boolean));
    let choices: { kind: ChoiceKind; names: string[] }[] = [];
    if (wanted.size > 0) {
      try {
        const listed = await this.backend.choices();
        choices = (Object.entries(listed) as [ChoiceKind, string[]][])
          .filter(([kind]) => wanted.has(kind))
          .map(([kind, list]) => ({ kind, names: list.slice(0, STACK_LIMITS.choices).map((n) => fieldText(n, LIMITS.name)) }));
      } catch (error) {
        this.backend.log(`Stack panel: cannot list the names of ${this.backend.cloudName}: ${(error as Error).message}`);
      }
    }
    this.post({
      type: 'stackForm',
      mode: this.mode(),
      cloud: fieldText(this.backend.cloudName, LIMITS.name),
      template: fieldText(template ? baseName(template.fileName) : '', LIMITS.name),
      stackName: fieldText(this.stack?.name ?? defaultStackName(template?.fileName ?? 'stack'), LIMITS.name),
      ...(this.stack ? { stack: toStackView({ ...this.stack, status: '', statusReason: '' }) } : {}),
      fields: this.fields.slice(0, STACK_LIMITS.fields).map(toFieldView),
      choices,
      templateErrors: template ? this.templateErrors(text, template.fileName) : [],
    });
  }

  /** The request of the form, or undefined when a field or the template is wrong (said in the panel). */
  private request(stackName: string, values: readonly ParameterValue[]): StackRequest | undefined {
    if (this.target.mode === 'watch') return undefined;
    const text = this.target.template.text();
    const errors = this.templateErrors(text, this.target.template.fileName);
    if (errors.length > 0) {
      this.error(`The template has ${errors.length} error(s): fix them first (they are in the Problems view). ${errors[0]}`);
      return undefined;
    }
    this.fields = stackParameters(text);
    const typed = Object.fromEntries(values.map((v) => [v.name, v.value]));
    const problems = parameterProblems(this.fields, typed);
    this.post({ type: 'fieldProblems', problems: Object.entries(problems).map(([name, message]) => ({ name, message: clip(message) })) });
    if (Object.keys(problems).length > 0) return undefined;
    return { name: stackName, template: text, parameters: parametersToSend(this.fields, typed) };
  }

  private async preview(stackName: string, values: readonly ParameterValue[]): Promise<void> {
    const request = this.request(stackName, values);
    if (!request) return;
    try {
      const heat = await this.backend.heat();
      if (this.target.mode === 'update') {
        const changes = await heat.previewUpdate(this.target.stack, request);
        const cut = (list: readonly string[]) => list.slice(0, STACK_LIMITS.resources).map((n) => fieldText(n, LIMITS.name));
        this.post({
          type: 'stackPreview',
          update: {
            added: cut(changes.added),
            replaced: cut(changes.replaced),
            deleted: cut(changes.deleted),
            updated: cut(changes.updated),
            unchanged: cut(changes.unchanged),
          },
        });
      } else {
        const resources = await heat.previewCreate(request);
        this.post({
          type: 'stackPreview',
          create: resources
            .slice(0, STACK_LIMITS.resources)
            .map((r) => ({ name: fieldText(r.name, LIMITS.name), type: fieldText(r.type, LIMITS.word) })),
        });
      }
    } catch (error) {
      this.error(`Heat's preview refused the stack: ${(error as Error).message}`);
    }
  }

  private async launch(stackName: string, values: readonly ParameterValue[]): Promise<void> {
    if (this.watch) return; // one stack action at a time
    const request = this.request(stackName, values);
    if (!request) return;
    let after: string | undefined;
    try {
      const heat = await this.backend.heat();
      if (this.target.mode === 'update') {
        after = (await heat.listEvents(this.target.stack, undefined, 0)).at(-1)?.id;
        await heat.updateStack(this.target.stack, request);
        this.action = 'update';
      } else {
        this.stack = await heat.createStack(request);
        this.action = 'create';
      }
    } catch (error) {
      this.error(`Heat did not ${this.target.mode === 'update' ? 'update' : 'create'} ${stackName}: ${(error as Error).message}`);
      return;
    }
    this.backend.changed();
    await this.follow(this.action, after);
  }

  private async delete(ask: boolean): Promise<void> {
    const stack = this.stack;
    if (!stack || (this.watch && this.action === 'delete')) return;
    if (ask && !(await (this.hooks.confirmDelete?.(stack.name) ?? Promise.resolve(false)))) return;
    this.watch?.dispose();
    this.watch = undefined;
    let after: string | undefined;
    try {
      const heat = await this.backend.heat();
      after = (await heat.listEvents(stack, undefined, 0)).at(-1)?.id;
      await heat.deleteStack(stack);
    } catch (error) {
      this.error(`Heat did not delete ${stack.name}: ${(error as Error).message}`);
      return;
    }
    this.action = 'delete';
    this.backend.changed();
    await this.follow('delete', after);
  }

  /** Shows each change of the stack until Heat is done with it. */
  private async follow(action: string, after: string | undefined): Promise<void> {
    const stack = this.stack;
    if (!stack) return;
    this.action = action;
    const heat = await this.backend.heat();
    const watch = new StackWatch(heat, stack, { everyMs: WATCH_EVERY_MS, after, timeoutMs: WATCH_TIMEOUT_MS });
    this.watch = watch;
    try {
      for await (const progress of watch.changes()) {
        if (this.disposed) break;
        this.showProgress(progress, watch.timedOut ? 'Stopped waiting after an hour: Heat still works on it.' : undefined);
      }
      if (watch.timedOut && this.lastProgress) this.post({ ...this.lastProgress, note: 'Stopped waiting after an hour.' });
    } catch (error) {
      this.error(`Cannot follow ${stack.name} in Heat: ${(error as Error).message}`);
    } finally {
      if (this.watch === watch) this.watch = undefined;
      this.backend.changed();
    }
  }

  private showProgress(progress: StackProgress, note?: string): void {
    const order = (r: StackProgress['resources'][number]) => (isFailed(r.status) ? 0 : r.stackName === this.stack?.name ? 1 : 2);
    const resources = [...progress.resources]
      .sort(
        (a, b) => order(a) - order(b) || a.stackName.localeCompare(b.stackName) || a.name.localeCompare(b.name, 'en', { numeric: true }),
      )
      .slice(0, STACK_LIMITS.resources)
      .map(toResourceView);
    const counts = Object.entries(progress.counts)
      .slice(0, STACK_LIMITS.statuses)
      .map(([status, count]) => ({ status: fieldText(status, LIMITS.word), count }));
    const message: StackProgressMessage = {
      type: 'stackProgress',
      action: this.action,
      stack: progress.stack ? toStackView(progress.stack) : null,
      counts,
      resources,
      finished: progress.finished,
      ...(note ? { note } : {}),
    };
    this.lastProgress = message;
    this.post(message);
    this.hooks.onProgress?.(progress);
  }
}
