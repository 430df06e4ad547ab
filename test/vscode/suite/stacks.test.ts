import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevstackContrailApi } from '../../../src/extension';
import type { InstancesNode } from '../../../src/instances/instancesView';
import { screenshot } from '../screenshot';
import { forgetTestCloud, testEnvSuite, useTestCloud } from '../testCloud';
import { driveWebview } from '../webviewDriver';
import { waitFor } from '../../shared/polling';
import { answerWarnings } from '../warningAnswers';

// The user, in a real VS Code against the real Heat of test/env: opens the app-stack snippet,
// fixes what it shows, launches it from the editor (parameters form, Heat's preview, live progress),
// finds its containers in the Instances view, updates it (Heat's update preview first) and deletes it,
// watching the deletion until the stack is gone. The modal questions are answered by standing in for
// vscode.window.showWarningMessage.
async function api(): Promise<DevstackContrailApi> {
  const extension = vscode.extensions.getExtension<DevstackContrailApi>('devstack-contrail.devstack-contrail');
  assert.ok(extension);
  return extension.isActive ? extension.exports : extension.activate();
}

const sel = (testid: string): string => `[data-testid="${testid}"]`;
const CLOUD = 'zed';
/** Replaces the first `from` of the document by `to` (the document may be in no visible editor). */
async function replaceText(document: vscode.TextDocument, from: string, to: string): Promise<void> {
  const at = document.getText().indexOf(from);
  assert.ok(at >= 0, `${from} is in the document`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

describe('Heat stacks from VS Code against a real Heat', function () {
  this.timeout(600_000);
  const { ready, env, openstack, it } = testEnvSuite(true);
  const stackName = `app-${Date.now().toString(36)}`;
  let uri: vscode.Uri | undefined;

  before(async () => {
    if (ready) await useTestCloud(env, openstack);
  });

  after(async () => {
    if (!ready) return;
    const { instances } = await api();
    const heat = await instances.runtime().heat(CLOUD);
    for (const name of [stackName, `${stackName}-fails`]) {
      const left = await heat.findStack(name).catch(() => undefined);
      if (left) await heat.deleteStack(left).catch(() => undefined);
    }
    await forgetTestCloud();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const stackNode = async (): Promise<Extract<InstancesNode, { kind: 'stack' }> | undefined> => {
    const { instances } = await api();
    const cloud = instances.tree.getChildren().find((n) => n.kind === 'cloud' && n.cloud.name === CLOUD);
    assert.ok(cloud, `cloud ${CLOUD} listed`);
    const stacks = instances.tree.getChildren(cloud).find((n) => n.kind === 'stacks');
    if (!stacks) return undefined;
    return (await instances.tree.stackChildren(stacks)).find(
      (n): n is Extract<InstancesNode, { kind: 'stack' }> => n.kind === 'stack' && n.stack.name === stackName,
    );
  };

  it('opens the app-stack snippet, shows what to fix, and launches it: the form, the preview, then every resource live', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    uri = vscode.Uri.joinPath(folder.uri, `${stackName}.yaml`);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(''));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await vscode.languages.setTextDocumentLanguage(editor.document, 'heat-hot');
    const doc = await waitFor('the heat-hot editor', () =>
      vscode.window.activeTextEditor?.document.languageId === 'heat-hot' ? vscode.window.activeTextEditor : undefined,
    );
    await vscode.commands.executeCommand('editor.action.insertSnippet', {
      langId: 'heat-hot',
      name: 'Heat: a web + worker application stack',
    });
    assert.match(doc.document.getText(), /^heat_template_version: 2021-04-16\n/);
    // a typo while filling it in: the editor says so at its line, and the panel refuses to launch until fixed
    await replaceText(doc.document, 'ip_version: 4', 'ip_versoin: 4');
    const problem = await waitFor('the typo diagnostic', () =>
      vscode.languages.getDiagnostics(doc.document.uri).find((d) => codeOf(d) === 'HT304'),
    );
    assert.match(problem.message, /OS::Neutron::Subnet has no property ip_versoin \(did you mean ip_version\?\)/);
    assert.equal(doc.document.lineAt(problem.range.start.line).text.trim(), 'ip_versoin: 4');
    await vscode.commands.executeCommand('devstackContrail.launchStack', doc.document.uri, CLOUD);
    const [templateErrors] = await driveWebview([
      { do: 'waitFor', selector: `${sel('stack-form')}[data-state="ready"]`, timeoutMs: 60_000 },
      { do: 'text', selector: sel('stack-template-errors') },
      { do: 'screenshot', name: 'stack-template-errors' },
    ]);
    assert.match(templateErrors, /The template has 1 error\(s\)[\s\S]*HT304 OS::Neutron::Subnet has no property ip_versoin/);
    await replaceText(doc.document, 'ip_versoin', 'ip_version');
    // checked against the cloud too (its Glance): the snippet's image is not there, the cloud's Docker image is
    const notThere = await waitFor('the cloud check of the image', () =>
      vscode.languages.getDiagnostics(doc.document.uri).find((d) => codeOf(d) === 'HT316'),
    );
    assert.match(notThere.message, /cloud zed has no image cirros/);
    assert.equal(doc.document.lineAt(notThere.range.start.line).text.trim(), 'default: cirros');
    await replaceText(doc.document, 'default: cirros', 'default: busybox');
    const errors = () =>
      vscode.languages
        .getDiagnostics(doc.document.uri)
        .filter((d) => d.severity === vscode.DiagnosticSeverity.Error)
        .map((d) => `${d.range.start.line + 1}: ${codeOf(d)} ${d.message}`);
    await waitFor('no errors left', () => errors().length === 0).catch((error: Error) => {
      throw new Error(`${error.message}: ${errors().join(' | ')}`);
    });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor'); // the panel, opened again below
    await vscode.commands.executeCommand('devstackContrail.launchStack', doc.document.uri, CLOUD);

    const [fields, imageChoices, , heatError, , preview] = await driveWebview([
      { do: 'waitFor', selector: `${sel('stack-form')}[data-state="ready"]`, timeoutMs: 60_000 },
      { do: 'text', selector: sel('stack-fields') },
      { do: 'fill', selector: `${sel('stack-name')} input`, value: stackName },
      // the cloud's names to choose from
      { do: 'html', selector: sel('stack-param-image') },
      { do: 'setValue', selector: sel('stack-param-image'), value: 'busybox' },
      { do: 'setValue', selector: sel('stack-param-flavor'), value: 'm1.nano' },
      // a value only Heat refuses: its message, in the panel
      { do: 'fill', selector: `${sel('stack-param-cidr')} input`, value: '10.20.0.0/33' },
      { do: 'click', selector: sel('stack-preview-button') },
      { do: 'waitText', selector: sel('stack-error'), pattern: '10\\.20\\.0\\.0/33', timeoutMs: 60_000 },
      { do: 'text', selector: sel('stack-error') },
      { do: 'fill', selector: `${sel('stack-param-cidr')} input`, value: '10.20.0.0/24' },
      { do: 'click', selector: sel('stack-preview-button') },
      { do: 'waitText', selector: sel('stack-preview'), pattern: 'Heat would create' },
      { do: 'text', selector: sel('stack-preview') },
      { do: 'screenshot', name: 'stack-preview' },
    ]);
    assert.match(fields, /image[\s\S]*flavor[\s\S]*cidr[\s\S]*The application network's addresses/);
    assert.match(imageChoices, />busybox</);
    assert.doesNotMatch(imageChoices, /not on this cloud/);
    assert.match(heatError, /^Heat's preview refused the stack: .*10\.20\.0\.0\/33/);
    assert.match(preview, /Heat would create 6 resource\(s\)/);
    for (const name of ['app_net', 'app_subnet', 'web_port', 'worker_port', 'web', 'worker']) assert.match(preview, new RegExp(name));

    const [running, counts, rows] = await driveWebview(
      [
        { do: 'click', selector: sel('stack-launch') },
        { do: 'waitFor', selector: `${sel('stack-progress')}[data-state="running"]`, timeoutMs: 60_000 },
        { do: 'text', selector: sel('stack-status') },
        { do: 'waitFor', selector: `${sel('stack-progress')}[data-state="finished"]`, timeoutMs: 480_000 },
        { do: 'text', selector: sel('stack-counts') },
        { do: 'count', selector: `${sel('stack-resources')} tbody tr` },
        { do: 'screenshot', name: 'stack-complete' },
      ],
      540_000,
    );
    assert.match(running, /CREATE_IN_PROGRESS/);
    assert.equal(counts, '6 CREATE_COMPLETE (of 6)');
    assert.equal(rows, '6');
    const [status] = await driveWebview([{ do: 'text', selector: sel('stack-status') }]);
    assert.equal(status, 'CREATE_COMPLETE');
  });

  it('shows the stack in the Instances view: its resources, the servers they made and their running containers; Inspect opens there', async () => {
    const { instances } = await api();
    await instances.tree.refresh();
    const stack = await stackNode();
    assert.ok(stack, 'the stack is listed under the cloud');
    assert.equal(instances.tree.getTreeItem(stack).description, 'CREATE_COMPLETE');
    const resources = await instances.tree.stackChildren(stack);
    assert.deepEqual(
      resources.map((n) => (n.kind === 'stackResource' ? `${n.resource.name} ${n.resource.type}` : n.kind)),
      [
        'app_net OS::Neutron::Net',
        'app_subnet OS::Neutron::Subnet',
        'web OS::Nova::Server',
        'web_port OS::Neutron::Port',
        'worker OS::Nova::Server',
        'worker_port OS::Neutron::Port',
      ],
    );
    const web = resources.find((n) => n.kind === 'stackResource' && n.resource.name === 'web')!;
    const [server] = await instances.tree.stackChildren(web);
    assert.ok(server?.kind === 'server', 'the resource web expands to its server');
    assert.equal(server.server.name, `${'app'}-web`);
    assert.match(String(instances.tree.getTreeItem(server).description), /^ACTIVE · compute\d · 10\.20\.0\.\d+$/);
    const [container] = await instances.tree.stackChildren(server);
    assert.ok(container?.kind === 'container');
    const item = instances.tree.getTreeItem(container);
    assert.equal(item.label, `nova-${server.server.id}`);
    assert.match(String(item.description), /· Up /);
    await vscode.commands.executeCommand('devstackContrail.instances.focus');
    await instances.view.reveal(container, { select: true, focus: false, expand: true });
    await screenshot('stack-tree');
    await vscode.commands.executeCommand('devstackContrail.inspectInstance', container);
    const [name] = await driveWebview([
      { do: 'waitText', selector: sel('inspect-name'), pattern: 'app-web', timeoutMs: 60_000 },
      { do: 'text', selector: sel('inspect-name') },
    ]);
    assert.match(name, /app-web/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it("updates the stack after Heat's update preview, then deletes it (asked first) and shows the deletion until it is gone", async () => {
    const { instances } = await api();
    assert.ok(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    // the worker goes: the preview says so before anything changes
    const text = document.getText();
    const start = text.indexOf('  worker_port:');
    const end = text.indexOf('outputs:');
    const withoutWorker = text.slice(0, start) + text.slice(text.indexOf('  web:'), text.indexOf('  worker:')) + text.slice(end);
    await replaceText(document, text, withoutWorker);
    const stack = await stackNode();
    assert.ok(stack);
    await vscode.commands.executeCommand('devstackContrail.updateStack', stack);
    const [added, deleted] = await driveWebview(
      [
        { do: 'waitFor', selector: `${sel('stack-form')}[data-state="ready"]`, timeoutMs: 60_000 },
        { do: 'setValue', selector: sel('stack-param-image'), value: 'busybox' },
        { do: 'setValue', selector: sel('stack-param-flavor'), value: 'm1.nano' },
        { do: 'click', selector: sel('stack-preview-button') },
        { do: 'waitFor', selector: sel('stack-update-preview'), timeoutMs: 60_000 },
        { do: 'text', selector: sel('stack-preview-added') },
        { do: 'text', selector: sel('stack-preview-deleted') },
        { do: 'screenshot', name: 'stack-update-preview' },
        { do: 'click', selector: sel('stack-launch') },
        { do: 'waitText', selector: sel('stack-status'), pattern: '^UPDATE_COMPLETE$', timeoutMs: 300_000 },
      ],
      420_000,
    );
    assert.match(deleted, /^Deleted \(2\): (worker, worker_port|worker_port, worker)$/);
    assert.match(added, /^Added \(0\)/);

    const answers = answerWarnings(['Delete'], { modalOnly: true });
    try {
      await vscode.commands.executeCommand('devstackContrail.deleteStack', await stackNode());
    } finally {
      answers.restore();
    }
    assert.equal(answers.asked.length, 1);
    assert.match(answers.asked[0]!, new RegExp(`^Delete stack “${stackName}” on ${CLOUD}\\?\\nHeat deletes every resource it made`));
    const [gone] = await driveWebview(
      [
        { do: 'waitFor', selector: `${sel('stack-progress')}[data-action="delete"]`, timeoutMs: 60_000 },
        { do: 'waitFor', selector: `${sel('stack-progress')}[data-state="finished"]`, timeoutMs: 300_000 },
        { do: 'text', selector: sel('stack-status') },
        { do: 'screenshot', name: 'stack-deleted' },
      ],
      400_000,
    );
    assert.match(gone, /^(DELETE_COMPLETE|DELETED)$/);
    await instances.tree.refresh();
    assert.equal(await stackNode(), undefined, 'the stack is gone from the tree');
    const servers = await (await instances.runtime().client(CLOUD)).listServers();
    assert.deepEqual(
      servers.filter((s) => s.name.startsWith('app-')).map((s) => s.name),
      [],
      'no server of the stack is left',
    );
  });

  it('leaves a stack whose create failed visible with the failed resource and its reason, the server it made, and deletes it from the panel', async () => {
    const { instances } = await api();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const name = `${stackName}-fails`;
    const failing = vscode.Uri.joinPath(folder.uri, `${name}.yaml`);
    // the server comes up, then a port Neutron refuses (an address outside its subnet) fails the stack
    await vscode.workspace.fs.writeFile(
      failing,
      Buffer.from(`heat_template_version: 2021-04-16
resources:
  server:
    type: OS::Nova::Server
    properties:
      image: busybox
      flavor: m1.nano
      networks:
        - network: private
  port:
    type: OS::Neutron::Port
    depends_on: server
    properties:
      network: private
      fixed_ips:
        - ip_address: 10.99.0.5
`),
    );
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(failing));
    await vscode.commands.executeCommand('devstackContrail.launchStack', failing, CLOUD);
    const [status, failed, failedRows, inspectable] = await driveWebview(
      [
        { do: 'waitFor', selector: `${sel('stack-form')}[data-state="ready"]`, timeoutMs: 60_000 },
        { do: 'fill', selector: `${sel('stack-name')} input`, value: name },
        { do: 'click', selector: sel('stack-launch') },
        { do: 'waitFor', selector: `${sel('stack-progress')}[data-state="finished"]`, timeoutMs: 300_000 },
        { do: 'text', selector: sel('stack-status') },
        { do: 'text', selector: sel('stack-failed') },
        { do: 'count', selector: `${sel('stack-resources')} tr.row-failed` },
        { do: 'count', selector: sel('stack-inspect') },
        { do: 'screenshot', name: 'stack-failed' },
      ],
      400_000,
    );
    assert.equal(status, 'CREATE_FAILED');
    assert.match(failed, /port \(OS::Neutron::Port\) failed: \S/);
    assert.match(failed, /Delete Stack removes what it made/);
    assert.equal(failedRows, '1');
    assert.equal(inspectable, '1', 'the server it made, with Inspect');
    await instances.tree.refresh();
    const cloud = instances.tree.getChildren().find((n) => n.kind === 'cloud' && n.cloud.name === CLOUD)!;
    const stacks = instances.tree.getChildren(cloud).find((n) => n.kind === 'stacks')!;
    const stack = (await instances.tree.stackChildren(stacks)).find((n) => n.kind === 'stack' && n.stack.name === name);
    assert.ok(stack, 'the failed stack stays listed');
    assert.equal(instances.tree.getTreeItem(stack).description, 'CREATE_FAILED');
    const resources = await instances.tree.stackChildren(stack);
    const server = resources.find((n) => n.kind === 'stackResource' && n.resource.name === 'server')!;
    const [made] = await instances.tree.stackChildren(server);
    assert.ok(made?.kind === 'server' && made.server.status === 'ACTIVE', 'its server is listed, not orphaned');

    const answers = answerWarnings(['Delete'], { modalOnly: true });
    let gone: string;
    try {
      [gone] = await driveWebview(
        [
          { do: 'click', selector: sel('stack-delete') },
          { do: 'waitFor', selector: `${sel('stack-progress')}[data-action="delete"][data-state="finished"]`, timeoutMs: 300_000 },
          { do: 'text', selector: sel('stack-status') },
        ],
        400_000,
      );
    } finally {
      answers.restore();
    }
    assert.match(answers.asked[0] ?? '', new RegExp(`^Delete stack “${name}” on ${CLOUD}\\?`));
    assert.match(gone, /^(DELETE_COMPLETE|DELETED)$/);
    const left = await (await instances.runtime().client(CLOUD)).findServer(made.server.id);
    assert.ok(!left || left.status === 'DELETED', 'its server went with it');
  });
});
