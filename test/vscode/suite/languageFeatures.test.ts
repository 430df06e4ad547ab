import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevstackContrailApi } from '../../../src/extension';
import { screenshot } from '../screenshot';

const EXTENSION_ID = 'devstack-contrail.devstack-contrail';

async function api(): Promise<DevstackContrailApi> {
  const extension = vscode.extensions.getExtension<DevstackContrailApi>(EXTENSION_ID);
  assert.ok(extension);
  return extension.isActive ? extension.exports : extension.activate();
}

/** Writes a file into the test workspace and opens it in an editor. */
async function openFile(name: string, text: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder);
  const uri = vscode.Uri.joinPath(folder.uri, name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

async function diagnosticsOf(
  uri: vscode.Uri,
  predicate: (d: readonly vscode.Diagnostic[]) => boolean = (d) => d.length > 0,
  timeoutMs = 10_000,
): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'devstack-contrail');
    if (predicate(diagnostics)) return diagnostics;
    if (Date.now() > deadline)
      throw new Error(`diagnostics not as expected: ${JSON.stringify(diagnostics.map((d) => [codeOf(d), d.range.start.line]))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

const at = (d: vscode.Diagnostic): [string, number, number, number] => [
  codeOf(d),
  d.range.start.line,
  d.range.start.character,
  d.range.end.character,
];

/** A tooltip as the user reads it: CommonMark shows a backslash-escaped punctuation character as the character. */
function shownText(tooltip: string | vscode.MarkdownString | undefined): string {
  const markdown = typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '');
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

async function completions(uri: vscode.Uri, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list.items;
}
const labelOf = (i: vscode.CompletionItem): string => (typeof i.label === 'string' ? i.label : i.label.label);

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

const LOCALRC = [
  '# devstack-contrail: release=havana',
  'ADMIN_PASSWORD=secret',
  'DATABASE_PASSWORD=$ADMIN_PASSWORD',
  'RABBIT_PASSWORD=$ADMIN_PASSWORD',
  'SERVICE_PASSWORD=$ADMIN_PASSWORD',
  'SERVICE_TOKEN=$ADMIN_PASSWORD',
  'VIRT_DRIVER = docker',
  'disable_service n-net',
  'enable_service neutron q-svc',
  'Q_PLUGIN=contrail',
  '',
].join('\n');

describe('language features in a real VS Code', () => {
  it('publishes diagnostics with codes, ranges and links to the rule docs', async () => {
    const editor = await openFile('features.localrc', LOCALRC);
    const diagnostics = await diagnosticsOf(editor.document.uri);
    assert.deepEqual(diagnostics.map(at), [
      ['DS101', 6, 0, 20],
      ['DS115', 9, 0, 17],
    ]);
    const code = diagnostics[0].code as { value: string; target: vscode.Uri };
    assert.match(code.target.path, /\/docs\/rules\.md$/);
    assert.equal(code.target.fragment, 'ds101');
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
  });

  it('applies a quick fix through the code action provider', async () => {
    const editor = await openFile('fix.localrc', LOCALRC);
    const [diagnostic] = await diagnosticsOf(editor.document.uri);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      diagnostic.range,
    );
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Write VIRT_DRIVER=docker'), titles.join(' | '));
    assert.ok(titles.includes('Disable DS101 for this line'), titles.join(' | '));
    const fix = actions.find((a) => a.title === 'Write VIRT_DRIVER=docker');
    assert.ok(fix?.edit && fix.isPreferred);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(editor.document.lineAt(6).text, 'VIRT_DRIVER=docker');
    const after = await diagnosticsOf(editor.document.uri, (d) => !d.some((x) => codeOf(x) === 'DS101'));
    assert.deepEqual(after.map(codeOf), ['DS115']);
    const contrail = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      after[0].range,
    );
    const addRepo = contrail.find((a) => a.title.startsWith('Add NEUTRON_REPO'));
    assert.ok(addRepo?.edit && (await vscode.workspace.applyEdit(addRepo.edit)));
    assert.equal(
      editor.document.getText().split('\n').slice(9, 12).join('\n'),
      'Q_PLUGIN=contrail\nNEUTRON_REPO=https://github.com/Juniper/neutron.git\nNEUTRON_BRANCH=contrail/havana',
    );
    await diagnosticsOf(editor.document.uri, (d) => d.length === 0);
  });

  it('fixes all problems of one kind, and disables a rule with a comment', async () => {
    const editor = await openFile(
      'nova-fixall.conf',
      '# devstack-contrail: release=icehouse\n[DEFAULT]\ndebug = True # one\nverbose = True # two\nverbos = 1\n',
    );
    await diagnosticsOf(editor.document.uri, (d) => d.filter((x) => codeOf(x) === 'OS209').length === 2);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      new vscode.Range(2, 13, 2, 18),
    );
    const all = actions.find((a) => a.title === 'Fix all OS209 problems in this file (2)');
    assert.ok(all?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(all.edit));
    assert.equal(
      editor.document.getText(),
      '# devstack-contrail: release=icehouse\n[DEFAULT]\n# one\ndebug = True\n# two\nverbose = True\nverbos = 1\n',
    );
    const unknown = await diagnosticsOf(editor.document.uri, (d) => d.length === 1 && codeOf(d[0]) === 'OS202');
    const disable = (
      await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, unknown[0].range)
    ).find((a) => a.title === 'Disable OS202 for this line');
    assert.ok(disable?.edit && (await vscode.workspace.applyEdit(disable.edit)));
    assert.equal(editor.document.lineAt(6).text, '# devstack-contrail: disable=OS202');
    await diagnosticsOf(editor.document.uri, (d) => d.length === 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('completes variables, services, values, phases, sections and options', async () => {
    const localrc = await openFile(
      'complete.localrc',
      '# devstack-contrail: release=havana\nVIRT_DR\nenable_service q-\nVIRT_DRIVER=\nQ_PLUGIN=con\n',
    );
    const uri = localrc.document.uri;
    const variables = await completions(uri, new vscode.Position(1, 7));
    const virtDriver = variables.find((i) => labelOf(i) === 'VIRT_DRIVER');
    assert.ok(virtDriver, 'VIRT_DRIVER offered');
    assert.equal(virtDriver.kind, vscode.CompletionItemKind.Variable);
    assert.match((virtDriver.documentation as vscode.MarkdownString).value, /Default: `libvirt`/);
    const services = (await completions(uri, new vscode.Position(2, 17)))
      .filter((i) => i.kind === vscode.CompletionItemKind.Module)
      .map(labelOf);
    assert.ok(services.includes('q-svc') && services.includes('n-net'), services.join(' '));
    const drivers = (await completions(uri, new vscode.Position(3, 12)))
      .filter((i) => i.kind === vscode.CompletionItemKind.Value)
      .map(labelOf);
    assert.ok(drivers.includes('docker') && drivers.includes('libvirt'), drivers.join(' '));
    const plugins = (await completions(uri, new vscode.Position(4, 12)))
      .filter((i) => i.kind === vscode.CompletionItemKind.Value)
      .map(labelOf);
    assert.ok(plugins.includes('contrail'), plugins.join(' '));

    const conf = await openFile(
      'complete.local.conf',
      '[[post-config|$NOVA_CONF]]\n[doc\n[docker]\nvif_\n[DEFAULT]\ncompute_driver = \ndebug = \n[[post-\n',
    );
    const confUri = conf.document.uri;
    const sections = (await completions(confUri, new vscode.Position(1, 4)))
      .filter((i) => i.kind === vscode.CompletionItemKind.Class)
      .map(labelOf);
    assert.ok(sections.includes('docker') && sections.includes('DEFAULT'), sections.slice(0, 20).join(' '));
    const options = (await completions(confUri, new vscode.Position(3, 4)))
      .filter((i) => i.kind === vscode.CompletionItemKind.Property)
      .map(labelOf);
    assert.ok(options.includes('vif_driver'), options.join(' '));
    const computeDrivers = (await completions(confUri, new vscode.Position(5, 17)))
      .filter((i) => i.kind === vscode.CompletionItemKind.Value)
      .map(labelOf);
    assert.ok(computeDrivers.includes('novadocker.virt.docker.driver.DockerDriver'), computeDrivers.join(' '));
    const booleans = (await completions(confUri, new vscode.Position(6, 8)))
      .filter((i) => i.kind === vscode.CompletionItemKind.Value)
      .map(labelOf);
    assert.deepEqual(booleans.filter((b) => b === 'True' || b === 'False').sort(), ['False', 'True']);
    const phases = (await completions(confUri, new vscode.Position(7, 7)))
      .filter((i) => i.kind === vscode.CompletionItemKind.Keyword)
      .map(labelOf);
    assert.ok(phases.includes('post-config') && phases.includes('extra'), phases.join(' '));
  });

  it('hovers with type, default, help and the releases that know an option or variable', async () => {
    const nova = await openFile(
      'nova-hover.conf',
      '# devstack-contrail: release=zed\n[DEFAULT]\nmy_ip = 10.0.0.1\nsql_connection = sqlite://\n[docker]\nvif_driver = novadocker.virt.docker.opencontrail.OpenContrailVIFDriver\n',
    );
    const myIp = await hoverText(nova.document.uri, new vscode.Position(2, 2));
    assert.match(myIp, /\*\*\[DEFAULT\] my_ip\*\* — string/);
    assert.match(myIp, /Releases: Havana–Gazpacho/);
    const deprecated = await hoverText(nova.document.uri, new vscode.Position(3, 3));
    assert.match(deprecated, /is a deprecated name of this option/);
    assert.match(deprecated, /\*\*\[database\] connection\*\*/);
    const vif = await hoverText(nova.document.uri, new vscode.Position(5, 30));
    assert.match(vif, /OpenContrail vRouter/);
    const localrc = await openFile('hover.localrc', '# devstack-contrail: release=havana\nVIRT_DRIVER=docker\nenable_service n-net\n');
    const variable = await hoverText(localrc.document.uri, new vscode.Position(1, 3));
    assert.match(variable, /\*\*VIRT_DRIVER\*\*/);
    assert.match(variable, /Known in: 2014-era devstack/);
    const service = await hoverText(localrc.document.uri, new vscode.Position(2, 17));
    assert.match(service, /\*\*n-net\*\* — service/);
  });

  it('gives a file VS Code opens as plain text or properties our language, from its name or content, and lints it', async () => {
    const cases: [string, string, string][] = [
      ['seed-local.conf', '# CI seed\n\n[[local|localrc]]\nADMIN_PASSWORD=secret\n', 'devstack-local-conf'],
      [
        'compute-node',
        '[DEFAULT]\ncompute_driver = novadocker.virt.docker.driver.DockerDriver\nmy_ip = 10.0.0.5\nverbos = True\n',
        'oslo-conf',
      ],
      ['nova.conf.rpmnew', '[DEFAULT]\ndebug = True\n', 'oslo-conf'],
    ];
    for (const [name, text, language] of cases) {
      const { document } = await openFile(name, text);
      const deadline = Date.now() + 10_000;
      const languageNow = (): string | undefined =>
        vscode.workspace.textDocuments.find((d) => d.uri.toString() === document.uri.toString())?.languageId;
      while (languageNow() !== language) {
        if (Date.now() > deadline) throw new Error(`${name}: language ${languageNow()}, not ${language}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const diagnostics = await diagnosticsOf(vscode.Uri.joinPath(folder.uri, 'compute-node'), (d) => d.some((x) => codeOf(x) === 'OS202'));
    assert.ok(
      diagnostics.some((d) => /unknown option "verbos"/.test(d.message)),
      diagnostics.map((d) => d.message).join(' | '),
    );
  });

  it('gives the outline: meta-sections, sections, options and variables', async () => {
    const conf = await openFile(
      'outline.local.conf',
      '[[local|localrc]]\nVIRT_DRIVER=docker\nenable_service q-svc\n\n[[post-config|$NOVA_CONF]]\n[docker]\nvif_driver = x\n[DEFAULT]\ndebug = True\n',
    );
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      conf.document.uri,
    );
    const tree = symbols.map((s) => [s.name, s.children.map((c) => [c.name, c.children.map((g) => g.name)])]);
    assert.deepEqual(tree, [
      [
        '[[local|localrc]]',
        [
          ['VIRT_DRIVER', []],
          ['enable_service', []],
        ],
      ],
      [
        '[[post-config|$NOVA_CONF]]',
        [
          ['[docker]', ['vif_driver']],
          ['[DEFAULT]', ['debug']],
        ],
      ],
    ]);
    assert.equal(symbols[1].kind, vscode.SymbolKind.Namespace);
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', conf.document.uri);
    assert.ok(
      folds.some((f) => f.start === 4 && f.end === 8),
      JSON.stringify(folds),
    );
  });

  it('checks a file in a devstack checkout against the release its stackrc names, and again when the stackrc changes', async () => {
    const { releaseStatus } = await api();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const stackrc = vscode.Uri.joinPath(folder.uri, 'checkout', 'stackrc');
    await vscode.workspace.fs.writeFile(stackrc, Buffer.from('USE_SYSTEMD=True\nNOVA_BRANCH=${NOVA_BRANCH:-stable/queens}\n'));
    const editor = await openFile('checkout/localrc', 'HOST_IP=10.0.0.1\n');
    await diagnosticsOf(editor.document.uri, () => /Queens/.test(releaseStatus.text));
    assert.match(shownText(releaseStatus.tooltip), /checkout\/stackrc: NOVA_BRANCH defaults to stable\/queens/);
    await vscode.workspace.fs.writeFile(stackrc, Buffer.from('USE_SYSTEMD=True\nNOVA_BRANCH=${NOVA_BRANCH:-stable/2023.2}\n'));
    await diagnosticsOf(editor.document.uri, () => /Bobcat/.test(releaseStatus.text));
  });

  it('shows the release in the status bar and re-checks when the setting changes', async () => {
    const { releaseStatus, lints } = await api();
    const editor = await openFile('status.localrc', 'NOVA_BRANCH=stable/icehouse\nHOST_IP=1\nMY_HELPER=1\n');
    await diagnosticsOf(editor.document.uri, () => /Icehouse/.test(releaseStatus.text)).catch((e: Error) => {
      throw new Error(
        `${e.message}; status "${releaseStatus.text}"; lint ${JSON.stringify(lints.result(editor.document)?.result.release)} ${JSON.stringify(lints.result(editor.document)?.result.findings.map((f) => f.code))}; text ${JSON.stringify(editor.document.getText())}`,
      );
    });
    assert.match(shownText(releaseStatus.tooltip), /NOVA_BRANCH=stable\/icehouse/);
    const config = vscode.workspace.getConfiguration('devstackContrail');
    await config.update('release', 'zed', vscode.ConfigurationTarget.Workspace);
    try {
      await diagnosticsOf(editor.document.uri, () => /Zed/.test(releaseStatus.text));
      assert.match(shownText(releaseStatus.tooltip), /setting devstackContrail\.release/);
    } finally {
      await config.update('release', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await config.update('lint.severity', { DS110: 'off', DS103: 'error' }, vscode.ConfigurationTarget.Workspace);
    try {
      const diagnostics = await diagnosticsOf(editor.document.uri, (d) =>
        d.some((x) => codeOf(x) === 'DS103' && x.severity === vscode.DiagnosticSeverity.Error),
      );
      assert.ok(!diagnostics.some((d) => codeOf(d) === 'DS110'));
    } finally {
      await config.update('lint.severity', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('screenshots: a localrc with squiggles and a hover; a nova.conf with the Problems panel', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const localrc = await openFile(
      'screenshot.localrc',
      '# nova-docker + OpenContrail, as set up by hand in 2014\nADMIN_PASSWORD=secret\nVIRT_DRIVER = docker\nenable_service neutorn q-svc\nQ_PLUGIN=contrail\nNEUTRON_BRANCH=contrail/havana\n',
    );
    await diagnosticsOf(localrc.document.uri, (d) => d.length >= 3);
    localrc.selection = new vscode.Selection(4, 2, 4, 2);
    await vscode.commands.executeCommand('editor.action.showHover');
    await new Promise((r) => setTimeout(r, 800));
    await screenshot('localrc-squiggles-and-hover');
    const nova = await openFile(
      '0-screenshot/nova.conf',
      '# devstack-contrail: release=icehouse\n[DEFAULT]\ncompute_driver = docker.DockerDriver\nsql_connection = mysql://nova:secret@127.0.0.1/nova\nverbos = True\ndebug = True # until it works\n\n[docker]\nvif_driver = novadocker.virt.docker.opencontrail.OpenContrailVIFDriver\n',
    );
    await diagnosticsOf(nova.document.uri, (d) => d.length >= 4);
    await vscode.commands.executeCommand('workbench.action.closeOtherEditors');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await new Promise((r) => setTimeout(r, 800));
    await screenshot('nova-conf-problems');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });
});
