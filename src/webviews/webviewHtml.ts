// The HTML shell of the instance webviews: a strict Content Security Policy, the bundled front end
// (media/dist/<page>.js) as the only script, under a fresh nonce. The page builds its DOM itself from
// messages; nothing remote is ever written into this HTML.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { LoadPanelKind } from '../shared/loadProtocol';
import type { PanelKind } from '../shared/protocol';
import type { StackPanelKind } from '../shared/stackProtocol';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    // the front end keeps its own state (getState/setState) and asks for the rest with `ready`
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The page for a panel kind. Styles: media/webview.css, and media/dist/<page>.css when the bundle has one
 * (uPlot's rules, imported by the Inspect front end). vscode-elements style their shadow roots with
 * constructable stylesheets, which style-src does not restrict: no 'unsafe-inline' anywhere.
 */
export function webviewHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  page: PanelKind | LoadPanelKind | StackPanelKind,
  title: string,
): string {
  const nonce = randomBytes(18).toString('base64');
  const media = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', ...path)).toString();
  const bundleCss = vscode.Uri.joinPath(extensionUri, 'media', 'dist', `${page}.css`);
  const styles = [media('webview.css'), ...(existsSync(bundleCss.fsPath) ? [media('dist', `${page}.css`)] : [])];
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles.map((href) => `<link rel="stylesheet" href="${escapeAttribute(href)}">`).join('\n')}
<title>${escapeAttribute(title)}</title>
</head>
<body>
<main id="app" data-panel="${page}" data-testid="${page}-panel"></main>
<script type="module" nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(media('dist', `${page}.js`))}"></script>
</body>
</html>`;
}

/**
 * Pauses a panel's streams when it is hidden (without retainContextWhenHidden its webview is torn down;
 * shown again, it reloads and sends `ready`) and for good when it is closed.
 */
export function pauseWhileHidden(panel: vscode.WebviewPanel, pause: () => void, onDisposed: () => void): void {
  panel.onDidChangeViewState(() => {
    if (!panel.visible) pause();
  });
  panel.onDidDispose(() => {
    onDisposed();
    pause();
  });
}
