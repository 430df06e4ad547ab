// Benchmarks inside the VS Code extension host (run by `npm run bench` through the code-server runner):
// activate() time, and the time from an edit to published diagnostics on a 5,000-line nova.conf.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { DevstackContrailApi } from '../../../src/extension';

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function diagnosticsSettled(uri: vscode.Uri, expectWrongType: boolean): Promise<void> {
  const matches = (): boolean =>
    vscode.languages.getDiagnostics(uri).some((d) => typeof d.code === 'object' && d.code.value === 'OS205' && d.range.start.line === 1) ===
    expectWrongType;
  return new Promise((resolve) => {
    if (matches()) return resolve();
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && matches()) {
        subscription.dispose();
        resolve();
      }
    });
  });
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the bench runs with test-results/bench as the workspace');
  const uri = vscode.Uri.joinPath(folder.uri, 'nova-5k.conf');
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  const extension = vscode.extensions.getExtension<DevstackContrailApi>('devstack-contrail.devstack-contrail');
  if (!extension) throw new Error('extension not found');
  const api = extension.isActive ? extension.exports : await extension.activate();
  await diagnosticsSettled(uri, false);
  const lines = document.lineCount;
  // Published: the moment our DiagnosticCollection.set() hands them to the workbench (onDidLint).
  // Observed: when VS Code tells other extensions (onDidChangeDiagnostics), which it delays by 50 ms.
  const timings: number[] = [];
  const observed: number[] = [];
  const lintTimings: number[] = [];
  for (let i = 0; i < 21; i++) {
    const wrong = i % 2 === 0;
    const started = performance.now();
    const settled = diagnosticsSettled(uri, wrong);
    const published = new Promise<number>((resolve) => {
      const subscription = api.lints.onDidLint((linted) => {
        const result = api.lints.result(document);
        if (
          linted.toString() === uri.toString() &&
          result &&
          result.result.findings.some((f) => f.code === 'OS205' && f.range.start.line === 1) === wrong
        ) {
          subscription.dispose();
          resolve(performance.now());
        }
      });
    });
    await editor.edit((b) => b.replace(document.lineAt(1).range, wrong ? 'debug = maybe' : 'debug = True'));
    timings.push((await published) - started);
    await settled;
    observed.push(performance.now() - started);
    lintTimings.push(api.lints.result(document)?.durationMs ?? NaN);
  }
  const results = {
    passed: 1,
    failed: 0,
    bench: {
      lines,
      activateMs: api.activation.activateMs,
      sinceModuleLoadMs: api.activation.sinceModuleLoadMs,
      editToDiagnosticsMs: median(timings.slice(1)),
      editToDiagnosticsAllMs: timings,
      editToObservedMs: median(observed.slice(1)),
      lintMs: median(lintTimings.slice(1)),
    },
  };
  if (process.env.DEVSTACK_TEST_RESULTS) writeFileSync(process.env.DEVSTACK_TEST_RESULTS, JSON.stringify(results, null, 2));
}
