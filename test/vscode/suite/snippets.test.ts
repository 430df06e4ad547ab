import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

async function completionLabels(language: string, content: string): Promise<string[]> {
  const document = await vscode.workspace.openTextDocument({ language, content });
  const end = document.lineAt(document.lineCount - 1).range.end;
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, end);
  return list.items
    .filter((i) => i.kind === vscode.CompletionItemKind.Snippet)
    .map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

describe('snippets', () => {
  it('offers the Contrail localrc block in a localrc', async () => {
    const labels = await completionLabels('devstack-localrc', 'contr');
    assert.ok(labels.includes('contrail'), `snippets offered: ${labels.join(', ')}`);
  });

  it('offers the [[post-config|$NOVA_CONF]] [docker] section in a local.conf', async () => {
    const labels = await completionLabels('devstack-local-conf', 'post-config');
    assert.ok(labels.includes('post-config-nova-docker'), `snippets offered: ${labels.join(', ')}`);
  });

  it('inserts the docker.filters rootwrap file', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'rootwrap-filters', content: '' });
    const editor = await vscode.window.showTextDocument(document);
    const labels = await completionLabels('rootwrap-filters', 'docker-f');
    assert.ok(labels.includes('docker-filters'), `snippets offered: ${labels.join(', ')}`);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'rootwrap-filters', name: 'nova-docker docker.filters' });
    assert.match(editor.document.getText(), /\[Filters\]\n# .*\nln: CommandFilter, \/bin\/ln, root\n/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
