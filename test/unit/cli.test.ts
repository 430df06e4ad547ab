import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// Runs the bundled CLI as a user would (dist/cli.js, built by `npm run build`).
const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const run = (args: string[], cwd?: string) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd });

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dc-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const BAD_NOVA = '[DEFAULT]\ncompute_driver = docker.DockerDriver\nverbos = True\n';

describe('devstack-contrail CLI', () => {
  it('prints its version and help', () => {
    assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
    const help = run(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage:\n {2}devstack-contrail lint \[options\] PATH\.\.\./);
    assert.match(run(['lint', '--help']).stdout, /--format F {10}text \(default\) \| json \| sarif/);
  });

  it('exits 2 with a clear message on bad usage or unreadable input, never a stack trace', () => {
    for (const [args, message] of [
      [['frobnicate'], /^devstack-contrail: unknown command "frobnicate"/],
      [['lint'], /name at least one file or folder/],
      [['lint', '--format', 'xml', 'x'], /--format: "xml" is not text, json or sarif/],
      [['lint', '--release', 'bogus', 'x'], /--release: unknown release "bogus"/],
      [['lint', '--severity', 'XX999=off', 'x'], /--severity: "XX999=off"/],
      [['lint', '/nonexistent/nova.conf'], /cannot read \/nonexistent\/nova\.conf: no such file or folder/],
      [['lint', '--type', 'yaml', 'x'], /--type: unknown type "yaml"/],
    ] as const) {
      const result = run([...args]);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\bat .*\.js:\d+/);
    }
    const dir = workspace({ 'nova.conf': '[DEFAULT]\n' });
    chmodSync(join(dir, 'nova.conf'), 0o000);
    if (process.getuid?.() !== 0) assert.equal(run(['lint', join(dir, 'nova.conf')]).status, 2);
  });

  it('prints problem-matcher lines (file:line:col: severity code message) and exits 1 on errors', () => {
    const dir = workspace({ 'etc/nova/nova.conf': BAD_NOVA });
    const result = run(['lint', '--release', 'icehouse', 'etc'], dir);
    assert.equal(result.status, 1);
    assert.deepEqual(result.stdout.trim().split('\n').map((l) => l.split(' ').slice(0, 3).join(' ')), [
      'etc/nova/nova.conf:2:18: error OS210',
      'etc/nova/nova.conf:3:1: warning OS202',
    ]);
    assert.match(result.stderr, /etc\/nova\/nova\.conf: icehouse \(--release\)\n2 problem\(s\): 1 error\(s\), 1 warning\(s\), 0 note\(s\) in 1 file\(s\)/);
  });

  it('exits 0 with warnings only, and 1 when they pass --max-warnings', () => {
    const dir = workspace({ 'nova.conf': '[DEFAULT]\nverbos = True\n' });
    assert.equal(run(['lint', '--release', 'icehouse', 'nova.conf'], dir).status, 0);
    const strict = run(['lint', '--release', 'icehouse', '--max-warnings', '0', 'nova.conf'], dir);
    assert.equal(strict.status, 1);
    assert.match(strict.stderr, /more than 0 warning\(s\): 1/);
    assert.equal(run(['lint', '--release', 'icehouse', '--severity', 'OS202=off', '--max-warnings=0', 'nova.conf'], dir).status, 0);
  });

  it('writes JSON with 1-based positions and certain fixes', () => {
    const dir = workspace({ 'nova.conf': BAD_NOVA });
    const result = run(['lint', '--release', 'icehouse', '--format', 'json', 'nova.conf'], dir);
    const findings = JSON.parse(result.stdout);
    assert.deepEqual(findings[0], {
      file: 'nova.conf', line: 2, column: 18, endLine: 2, endColumn: 37, severity: 'error', code: 'OS210',
      message: findings[0].message,
      fix: { title: 'Use novadocker.virt.docker.driver.DockerDriver', edits: [{ line: 2, column: 18, endLine: 2, endColumn: 37, newText: 'novadocker.virt.docker.driver.DockerDriver' }] },
    });
    assert.equal(findings[1].code, 'OS202');
    assert.equal('fix' in findings[1], false, 'a did-you-mean is a suggestion, not a certain fix');
  });

  it('writes SARIF 2.1.0 with the rule catalog and locations', () => {
    const dir = workspace({ 'localrc': 'VIRT_DRIVER = docker\n' });
    const log = JSON.parse(run(['lint', '--format', 'sarif', '--type', 'localrc', 'localrc'], dir).stdout);
    assert.equal(log.version, '2.1.0');
    const run0 = log.runs[0];
    assert.equal(run0.tool.driver.name, 'devstack-contrail');
    const result = run0.results.find((r: { ruleId: string }) => r.ruleId === 'DS101');
    assert.equal(result.level, 'error');
    assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 'DS101');
    assert.deepEqual(result.locations[0].physicalLocation, { artifactLocation: { uri: 'localrc' }, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 21 } });
  });

  it('finds devstack and OpenStack config files in folders and skips others', () => {
    const dir = workspace({ 'a/localrc': 'HOST_IP=1\n', 'a/local.conf': '[[local|localrc]]\n', 'etc/glance/glance-api.conf': '[DEFAULT]\n', 'other/app.conf': 'not = ours\n', 'README.md': '#' });
    const result = run(['lint', '--format', 'json', '.'], dir);
    const files = new Set(JSON.parse(result.stdout).map((f: { file: string }) => f.file));
    assert.ok(!files.has('other/app.conf') && !files.has('README.md'));
    assert.match(result.stderr, /^$/);
    const text = run(['lint', '.'], dir);
    assert.match(text.stderr, /in 3 file\(s\)/);
  });
});
