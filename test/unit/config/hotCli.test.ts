import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import { runLint } from '../../../src/cli/lintCommand';

// `devstack-contrail lint` on Heat templates, as the user reads it: text, JSON and SARIF with exact
// ranges and rule ids, and folder walks that take the templates among the YAML files and leave the rest.
function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dc-hot-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function lintCli(args: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = runLint(
    args,
    '0.0.0-test',
    (t) => (stdout += t),
    (t) => (stderr += t),
  );
  return { status, stdout, stderr };
}

const BROKEN = `heat_template_version: 2016-10-14
resources:
  server:
    type: OS::Nova::Server
    properties:
      imagee: cirros
      flavor: m1.tiny
`;

describe('devstack-contrail lint on Heat templates', () => {
  it('prints problem-matcher lines for a template found by its content, and exits 1 on errors', () => {
    const dir = workspace({ 'stack.yaml': BROKEN });
    const { status, stdout, stderr } = lintCli([join(dir, 'stack.yaml')]);
    assert.equal(status, 1);
    assert.equal(stdout, `${join(dir, 'stack.yaml')}:6:7: error HT304 OS::Nova::Server has no property imagee (did you mean image?)\n`);
    assert.match(
      stderr,
      /stack\.yaml: checked as hot \(content: heat_template_version at line 1\) against zed \(Heat template: Heat 19\.0\.0 \(Zed\), offline data generated from Heat's own definitions\)\n/,
    );
  });

  it('reports a template in SARIF 2.1.0: the rule, its level, the exact region and the artifact checked as hot', () => {
    const dir = workspace({ 'stack.yaml': BROKEN });
    const file = join(dir, 'stack.yaml');
    const { status, stdout } = lintCli(['--format', 'sarif', file]);
    assert.equal(status, 1);
    const log = JSON.parse(stdout) as Sarif.Log;
    const [run] = log.runs;
    assert.equal(log.version, '2.1.0');
    assert.equal(run.results?.length, 1);
    const [result] = run.results ?? [];
    assert.equal(result.ruleId, 'HT304');
    assert.equal(result.level, 'error');
    assert.equal(result.message.text, 'OS::Nova::Server has no property imagee (did you mean image?)');
    assert.deepEqual(result.locations?.[0].physicalLocation, {
      artifactLocation: { uri: pathToFileURL(file).href, index: 0 },
      region: { startLine: 6, startColumn: 7, endLine: 6, endColumn: 13 },
    });
    const rule = run.tool.driver.rules?.[result.ruleIndex ?? -1];
    assert.deepEqual([rule?.id, rule?.name], ['HT304', 'unknown-property']);
    assert.equal(run.artifacts?.[0].properties?.fileType, 'hot');
  });

  it("gives a malformed template YAML's own error as JSON with its line, never a crash", () => {
    const dir = workspace({ 'bad.hot': 'heat_template_version: 2016-10-14\nresources:\n  a: [1, 2\n' });
    const { status, stdout } = lintCli(['--format', 'json', join(dir, 'bad.hot')]);
    assert.equal(status, 1);
    const findings = JSON.parse(stdout) as { code: string; line: number; message: string; fileType: string; fileTypeReason: string }[];
    const finding = findings.find((f) => f.code === 'HT300');
    assert.ok(finding, JSON.stringify(findings));
    assert.deepEqual([finding.fileType, finding.fileTypeReason], ['hot', 'from the name']);
    assert.match(finding.message, /^YAML: Flow sequence in block collection must be sufficiently indented and end with a \]$/);
    assert.equal(finding.line, 4);
  });

  it('walks a folder: templates among the YAML files are linted, other YAML files are passed over', () => {
    const dir = workspace({
      'heat/stack.yml': BROKEN,
      'heat/clouds.yaml': 'clouds:\n  devstack:\n    auth: {}\n',
      'ci/pipeline.yaml': 'stages: [build]\n',
      'nova.conf': '[DEFAULT]\ndebug = True\n',
    });
    const { status, stdout, stderr } = lintCli([dir]);
    assert.equal(status, 1);
    assert.match(stdout, /heat\/stack\.yml:6:7: error HT304 /);
    assert.doesNotMatch(stderr, /clouds\.yaml|pipeline\.yaml|not checked/);
    assert.match(stderr, /1 problem\(s\): 1 error\(s\), 0 warning\(s\), 0 note\(s\) in 2 file\(s\)/);
    // --type names what every file is: a folder's YAML files are then not ours unless it says hot
    assert.doesNotMatch(lintCli(['--type', 'oslo', dir]).stderr, /stack\.yml/);
    assert.match(lintCli(['--type', 'hot', '--severity', 'HT304=off', join(dir, 'heat', 'stack.yml')]).stderr, /0 problem\(s\)/);
  });
});
