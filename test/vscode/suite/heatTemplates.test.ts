import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../../shared/polling';

// A Heat template opened from the workspace as a .yaml: VS Code opens it as YAML (or plain text), the
// extension gives it the heat-hot language from its content, then lints it and serves its outline and
// completion, as a user sees them.
const TEMPLATE = [
  'heat_template_version: 2016-10-14',
  'parameters:',
  '  image:',
  '    type: string',
  'resources:',
  '  server:',
  '    type: OS::Nova::Server',
  '    properties:',
  '      image: { get_param: image }',
  '      flavour: m1.tiny',
  '  port:',
  '    type: ',
  'outputs:',
  '  addresses:',
  '    value: { get_attr: [server, networks] }',
  '',
].join('\n');

const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

describe('Heat templates in a real VS Code', () => {
  it('gives a .yaml with heat_template_version the heat-hot language, diagnostics, an outline and resource type completion', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the tests run with examples/ open as the workspace');
    // activated by this suite alone too (a .yaml activates it through onLanguage:yaml; VS Code without YAML opens it as plain text)
    await vscode.extensions.getExtension('devstack-contrail.devstack-contrail')?.activate();
    const uri = vscode.Uri.joinPath(folder.uri, 'heat-stack.yaml');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(TEMPLATE));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    // the language is set when the extension has seen the document open (VS Code reopens it in the new language)
    const document = await waitFor('the heat-hot language', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.languageId === 'heat-hot'),
    );

    const diagnostics = await waitFor('the template diagnostics', () => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'devstack-contrail');
      return found.length >= 2 && found;
    });
    const unknown = diagnostics.find((d) => codeOf(d) === 'HT304');
    assert.ok(unknown, diagnostics.map((d) => `${codeOf(d)} ${d.message}`).join(' | '));
    assert.equal(unknown.message, 'OS::Nova::Server has no property flavour (did you mean flavor?)');
    assert.deepEqual([unknown.range.start.line, unknown.range.start.character, unknown.range.end.character], [9, 6, 13]);
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(
      diagnostics.some((d) => codeOf(d) === 'HT305' && d.range.start.line === 7),
      'flavor is required',
    );

    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    assert.deepEqual(
      symbols.map((s) => [s.name, s.children.map((c) => c.name)]),
      [
        ['parameters', ['image']],
        ['resources', ['server', 'port']],
        ['outputs', ['addresses']],
      ],
    );
    assert.equal(symbols[1].children[0].detail, 'OS::Nova::Server');

    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      new vscode.Position(11, document.lineAt(11).text.length),
    );
    const server = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'OS::Nova::Server');
    assert.ok(server, `${list.items.length} items`);
    assert.equal(server.kind, vscode.CompletionItemKind.Class);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(uri);
  });
});
