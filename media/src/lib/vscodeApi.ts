// The webview side of the message channel: typed posting, validated receiving, persisted state.
import {
  checkHostMessage,
  type BootHostMessage,
  type InspectHostMessage,
  type PanelKind,
  type WebviewMessage,
} from '../../../src/shared/protocol';
import type { LoadWebviewMessage } from '../../../src/shared/loadProtocol';
import type { StackWebviewMessage } from '../../../src/shared/stackProtocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

/** A message to the extension: each page sends its own protocol's (the extension parses what it gets). */
export function post(message: WebviewMessage | LoadWebviewMessage | StackWebviewMessage): void {
  api.postMessage(message);
}

/** The saved state when it has the shape `isState` checks, else `fallback` (a new page, or an older state's shape). */
export function loadState<S>(isState: (value: unknown) => value is S, fallback: S): S {
  const saved = api.getState();
  return isState(saved) ? saved : fallback;
}

export function saveState<S>(state: S): void {
  api.setState(state);
}

type HostMessageOf<P extends PanelKind> = P extends 'boot' ? BootHostMessage : InspectHostMessage;

/** Calls `handle` with each valid message of this panel kind; anything else is dropped (and said in the console). */
export function onHostMessage<P extends PanelKind>(panel: P, handle: (message: HostMessageOf<P>) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const checked = checkHostMessage(event.data, panel);
    if (!checked.ok) {
      console.warn(`devstack-contrail ${panel} webview: ignored an invalid message: ${checked.error}`);
      return;
    }
    handle(checked.value as HostMessageOf<P>);
  });
}
