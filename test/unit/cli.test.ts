import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { releasesBetween } from '../../src/core/schema/releases';

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
  it('runs the same with a code cache that does not fit this Node (another version, a damaged file) as with none', () => {
    const dist = join(__dirname, '..', '..', '..', 'dist');
    const copy = mkdtempSync(join(tmpdir(), 'dc-dist-'));
    for (const name of readdirSync(dist)) if (/^cli(-main)?\.js$/.test(name)) copyFileSync(join(dist, name), join(copy, name));
    writeFileSync(join(copy, 'cli-main.cache'), Buffer.from('not a V8 code cache'));
    cpSync(join(dist, 'schema'), join(copy, 'schema'), { recursive: true });
    const dir = workspace({ 'nova.conf': BAD_NOVA });
    const expected = run(['lint', 'nova.conf'], dir);
    const damaged = spawnSync(process.execPath, [join(copy, 'cli.js'), 'lint', 'nova.conf'], { encoding: 'utf8', cwd: dir });
    assert.deepEqual([damaged.status, damaged.stdout, damaged.stderr], [expected.status, expected.stdout, expected.stderr]);
    assert.equal(expected.status, 1);
  });

  it('stops writing when its reader goes away (| head), with the exit status of the lint and no stack trace', () => {
    const options = Array.from({ length: 20_000 }, (_, i) => `verbos${i} = True`).join('\n');
    const dir = workspace({ 'nova.conf': `[DEFAULT]\ncompute_driver = docker.DockerDriver\n${options}\n` });
    const piped = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${cli}" lint nova.conf | head -1`], {
      encoding: 'utf8',
      cwd: dir,
    });
    assert.match(piped.stdout, /^nova\.conf:2:18: error OS210 /);
    assert.equal(piped.stdout.split('\n').length, 2);
    assert.doesNotMatch(piped.stderr, /Error|at /);
    assert.equal(piped.status, 1, 'the lint found an error: 1, not a crash');
  });

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
      [['lint', '/nonexistent/nova.conf'], /^\/nonexistent\/nova\.conf: cannot read: no such file or folder\n/],
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
    assert.deepEqual(
      result.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(' ').slice(0, 3).join(' ')),
      ['etc/nova/nova.conf:2:18: error OS210', 'etc/nova/nova.conf:3:1: warning OS202'],
    );
    assert.match(
      result.stderr,
      /etc\/nova\/nova\.conf: checked as oslo:nova \(from the name\) against icehouse \(--release\)\n2 problem\(s\): 1 error\(s\), 1 warning\(s\), 0 note\(s\) in 1 file\(s\)\n$/,
    );
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
      file: 'nova.conf',
      line: 2,
      column: 18,
      endLine: 2,
      endColumn: 37,
      severity: 'error',
      code: 'OS210',
      message: findings[0].message,
      fileType: 'oslo:nova',
      fileTypeReason: 'from the name',
      fix: {
        title: 'Use novadocker.virt.docker.driver.DockerDriver',
        edits: [{ line: 2, column: 18, endLine: 2, endColumn: 37, newText: 'novadocker.virt.docker.driver.DockerDriver' }],
      },
    });
    assert.equal(findings[1].code, 'OS202');
    assert.equal('fix' in findings[1], false, 'a did-you-mean is a suggestion, not a certain fix');
  });

  it('writes SARIF 2.1.0 with the rule catalog and locations', () => {
    const dir = workspace({ localrc: 'VIRT_DRIVER = docker\n' });
    const log = JSON.parse(run(['lint', '--format', 'sarif', '--type', 'localrc', 'localrc'], dir).stdout);
    assert.equal(log.version, '2.1.0');
    const run0 = log.runs[0];
    assert.equal(run0.tool.driver.name, 'devstack-contrail');
    const result = run0.results.find((r: { ruleId: string }) => r.ruleId === 'DS101');
    assert.equal(result.level, 'error');
    assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 'DS101');
    assert.deepEqual(result.locations[0].physicalLocation, {
      artifactLocation: { uri: 'localrc', index: 0 },
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 21 },
    });
  });

  it('finds devstack and OpenStack config files in folders and skips others', () => {
    const dir = workspace({
      'a/localrc': 'HOST_IP=1\n',
      'a/local.conf': '[[local|localrc]]\n',
      'etc/glance/glance-api.conf': '[DEFAULT]\n',
      'other/app.conf': 'not = ours\n',
      'README.md': '#',
    });
    const result = run(['lint', '--format', 'json', '.'], dir);
    const files = new Set(JSON.parse(result.stdout).map((f: { file: string }) => f.file));
    assert.ok(!files.has('other/app.conf') && !files.has('README.md'));
    assert.match(result.stderr, /^$/);
    const text = run(['lint', '.'], dir);
    assert.match(text.stderr, /in 3 file\(s\)/);
  });

  it('says which kind each file was checked as and why; a file of no kind it can tell is not checked, and says so', () => {
    const dir = workspace({
      'broken-nova.conf': BAD_NOVA,
      'nova.conf.rpmnew': BAD_NOVA,
      'compute-node': BAD_NOVA,
      'seed-local.conf': '# CI seed\n\n[[local|localrc]]\nADMIN_PASSWORD=secret\nenable_service q-svc\ndisable_service n-net\n',
      'localrc-single': 'ADMIN_PASSWORD=secret\nHOST_IP=10.0.0.1\n',
      README: 'how to set up the lab\n',
    });
    const result = run(
      [
        'lint',
        '--release',
        'icehouse',
        'broken-nova.conf',
        'nova.conf.rpmnew',
        'compute-node',
        'seed-local.conf',
        'localrc-single',
        'README',
      ],
      dir,
    );
    const kinds = result.stderr
      .split('\n')
      .filter((l) => /: (checked as|not checked)/.test(l))
      .map((l) => l.replace(/ against .*/, ''));
    assert.deepEqual(kinds, [
      'broken-nova.conf: checked as oslo:nova (from the name)',
      'nova.conf.rpmnew: checked as oslo:nova (from the name)',
      'compute-node: checked as oslo:nova (content: [DEFAULT] compute_driver, a nova option)',
      'seed-local.conf: checked as local.conf (from the name)',
      'localrc-single: checked as localrc (from the name)',
      'README: not checked: cannot tell what kind of file this is (use --type)',
    ]);
    // nova's rules ran on the misnamed copies; seed-local.conf's shell lines are no INI errors
    assert.deepEqual(
      result.stdout
        .split('\n')
        .filter((l) => / error /.test(l))
        .map((l) => l.split(' ').slice(0, 3).join(' ')),
      ['broken-nova.conf:2:18: error OS210', 'nova.conf.rpmnew:2:18: error OS210', 'compute-node:2:18: error OS210'],
    );
    assert.match(
      result.stderr,
      /^\d+ problem\(s\): 3 error\(s\), \d+ warning\(s\), \d+ note\(s\) in 5 file\(s\); 1 input\(s\) not checked$/m,
    );
    assert.equal(result.status, 2, 'an input that was not checked fails the run');
    const alone = run(['lint', 'README'], dir);
    assert.equal(alone.status, 2);
    assert.doesNotMatch(alone.stderr, /0 problem\(s\)/);
    assert.match(alone.stderr, /^nothing checked: 1 input\(s\) not checked$/m);
    assert.equal(run(['lint', '--type', 'localrc', 'README'], dir).status, 0, '--type names it');
    const json = JSON.parse(run(['lint', '--format', 'json', 'compute-node'], dir).stdout);
    assert.deepEqual([json[0].fileType, json[0].fileTypeReason], ['oslo:nova', 'content: [DEFAULT] compute_driver, a nova option']);
    const sarif = JSON.parse(run(['lint', '--format', 'sarif', 'seed-local.conf', 'README'], dir).stdout).runs[0];
    assert.deepEqual(sarif.artifacts[0].properties, {
      fileType: 'local.conf',
      fileTypeReason: 'from the name',
      // n-net left devstack after Stein: every release until then fits, and the choice says it is a guess
      release: 'stein',
      releaseReason:
        'inferred: its devstack names fit Havana–Stein equally (confidence low, 1 telling name); checked as Stein, the newest of them',
      releaseFit: { releases: releasesBetween('havana', 'stein'), confidence: 'low', evidence: 1 },
    });
    assert.equal(sarif.invocations[0].executionSuccessful, false);
    assert.equal(
      sarif.invocations[0].toolExecutionNotifications[0].message.text,
      'README: not checked: cannot tell what kind of file this is (use --type)',
    );
  });

  it('shows paths relative to the working folder inside it and absolute outside it, once', () => {
    const dir = workspace({ 'opt/stack/devstack/localrc': 'VIRT_DRIVER = docker\n' });
    const file = join(dir, 'opt/stack/devstack/localrc');
    const inside = run(['lint', file], dir);
    assert.match(inside.stdout, /^opt\/stack\/devstack\/localrc:1:1: error DS101 /);
    assert.match(inside.stderr, /^opt\/stack\/devstack\/localrc: checked as localrc /);
    const elsewhere = mkdtempSync(join(tmpdir(), 'dc-cwd-'));
    const outside = run(['lint', file], elsewhere);
    for (const line of [...outside.stdout.split('\n'), ...outside.stderr.split('\n')].filter((l) => l.includes(dir))) {
      assert.ok(line.startsWith(`${file}:`), line);
      assert.equal(line.split(dir).length, 2, `the path appears once: ${line}`);
    }
    assert.match(outside.stderr, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: checked as localrc`, 'm'));
  });

  it('ends every line it writes: findings and per-file lines never run together on one terminal', () => {
    const dir = workspace({ localrc: 'VIRT_DRIVER = docker\n', 'nova.conf': BAD_NOVA, notes: 'x\n' });
    // stdout and stderr into one pipe, as in a terminal
    const merged = spawnSync('sh', ['-c', `"${process.execPath}" "${cli}" lint localrc nova.conf notes 2>&1`], {
      cwd: dir,
      encoding: 'utf8',
    });
    const lines = merged.stdout.split('\n');
    assert.equal(lines.pop(), '', 'the output ends with a newline');
    for (const line of lines) {
      assert.match(
        line,
        /^(\S+:\d+:\d+: (error|warning|info|hint) [A-Z]{2}\d{3} .*|\S+: checked as \S+ \(.*\) against \w+ \(.*\)|\S+: not checked: .*|\d+ problem\(s\): .*)$/,
        line,
      );
    }
  });

  it('checks a file in a devstack checkout against the release its stackrc names, and says so', () => {
    const stackrc = 'GIT_BASE=${GIT_BASE:-git://git.openstack.org}\nNOVA_BRANCH=${NOVA_BRANCH:-stable/icehouse}\n';
    const dir = workspace({
      'devstack/stackrc': stackrc,
      'devstack/localrc': 'ADMIN_PASSWORD=secret\nVIRT_DRIVER=docker\n',
      'devstack/samples/local.conf': '[[local|localrc]]\nADMIN_PASSWORD=secret\n',
      'elsewhere/localrc': 'ADMIN_PASSWORD=secret\n',
    });
    const result = run(['lint', 'devstack/localrc', 'devstack/samples/local.conf', 'elsewhere/localrc'], dir);
    assert.match(
      result.stderr,
      /^devstack\/localrc: checked as localrc \(from the name\) against icehouse \(devstack\/stackrc: NOVA_BRANCH defaults to stable\/icehouse\)$/m,
    );
    assert.match(
      result.stderr,
      /^devstack\/samples\/local\.conf: checked as local\.conf \(from the name\) against icehouse \(devstack\/stackrc: /m,
    );
    assert.match(
      result.stderr,
      /^elsewhere\/localrc: checked as localrc \(from the name\) against gazpacho \(default: nothing in it names a release/m,
    );
    assert.match(run(['lint', '--release', 'zed', 'devstack/localrc'], dir).stderr, /against zed \(--release\)/);
  });
});
