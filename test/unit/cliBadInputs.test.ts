import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// The bundled CLI, as a user runs it; a timeout turns a hang (a FIFO opened for reading) into a failure.
const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd, timeout: 20_000 });

const NOVA = '[DEFAULT]\ncompute_driver = docker.DockerDriver\n';

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dc-inputs-'));
  writeFileSync(join(dir, 'nova.conf'), NOVA);
  return dir;
}

/** The per-input lines of stderr: "PATH: checked as …" or "PATH: <why not>". */
const inputLines = (stderr: string): string[] =>
  stderr
    .split('\n')
    .filter((l) => /^\S+: /.test(l))
    .map((l) => l.replace(/ \(from the name\) against .*/, ''));

describe('lint: one bad input does not stop the run', () => {
  it('refuses a FIFO, /dev/zero and a file over the size limit at once, and checks the rest', () => {
    const dir = folder();
    execFileSync('mkfifo', [join(dir, 'pipe.conf')]);
    // a sparse file: 22.1 MB on paper, nothing on disk
    execFileSync('truncate', ['-s', '22100000', join(dir, 'huge-nova.conf')]);
    const started = Date.now();
    const result = run(['lint', 'pipe.conf', '/dev/zero', 'huge-nova.conf', 'nova.conf'], dir);
    assert.equal(result.error, undefined, 'the run ends (no blocking open, no endless read)');
    assert.ok(Date.now() - started < 15_000);
    assert.deepEqual(inputLines(result.stderr), [
      'pipe.conf: not a regular file',
      '/dev/zero: not a regular file',
      'huge-nova.conf: 22.1 MB is over the 8 MiB limit',
      'nova.conf: checked as oslo:nova',
    ]);
    assert.match(result.stdout, /^nova\.conf:2:18: error OS210 /m, 'the good file was still checked');
    assert.match(result.stderr, /in 1 file\(s\); 3 input\(s\) not checked$/m);
    assert.equal(result.status, 2, 'skipped inputs fail the run');
  });

  it('reports a dangling symlink and a path through a file, inside folders too, and goes on', () => {
    const dir = folder();
    symlinkSync('gone.conf', join(dir, 'neutron.conf'));
    mkdirSync(join(dir, 'etc/nova'), { recursive: true });
    symlinkSync('/nonexistent/nova.conf', join(dir, 'etc/nova/nova.conf'));
    writeFileSync(join(dir, 'etc/nova/nova-compute.conf'), NOVA);
    const result = run(['lint', 'neutron.conf', 'nova.conf/inside', 'etc', 'nova.conf'], dir);
    assert.deepEqual(inputLines(result.stderr), [
      'neutron.conf: cannot read: a symbolic link to gone.conf, which does not exist',
      'nova.conf/inside: cannot read: a part of the path is a file, not a folder',
      'etc/nova/nova-compute.conf: checked as oslo:nova',
      'etc/nova/nova.conf: cannot read: a symbolic link to /nonexistent/nova.conf, which does not exist',
      'nova.conf: checked as oslo:nova',
    ]);
    assert.equal(result.stdout.split('\n').filter((l) => / OS210 /.test(l)).length, 2);
    assert.equal(result.status, 2);
    assert.doesNotMatch(result.stderr, /\bat .*\.js:\d+/);
  });

  it('goes on past a folder it may not list (chmod 000, the CLI run as an unprivileged user)', () => {
    const dir = folder();
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'locked'));
    chmodSync(join(dir, 'locked'), 0o000);
    // root lists any folder: as root, the CLI runs as nobody (setpriv, util-linux) so that chmod 000 bites
    const asUser =
      process.getuid?.() === 0
        ? (['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath]] as const)
        : ([process.execPath, []] as const);
    const result = spawnSync(asUser[0], [...asUser[1], cli, 'lint', 'locked', 'nova.conf'], {
      encoding: 'utf8',
      cwd: dir,
      timeout: 20_000,
    });
    chmodSync(join(dir, 'locked'), 0o755);
    assert.deepEqual(inputLines(result.stderr), ['locked: cannot read: permission denied', 'nova.conf: checked as oslo:nova']);
    assert.equal(result.status, 2);
  });
});
