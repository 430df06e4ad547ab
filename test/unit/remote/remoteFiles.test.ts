import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { commitArgv, commitOutcome, contentSha256, RemoteFileError, type WriteOptions } from '../../../src/core/remote/remoteFiles';

// The host side of a remote save (a POSIX sh script with coreutils) run here on local files: what it
// keeps, what it refuses, and what it says when the host's cp cannot copy extended attributes.
describe('the host side of a remote save', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dc-commit-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** runs the host side for `file` with the new content `content`; its outcome, to call (it may throw) */
  function run(
    file: string,
    from: { temp: string } | { staged: string },
    content: string,
    options: WriteOptions = {},
    path = process.env.PATH ?? '',
  ) {
    const [command, ...args] = commitArgv(file, from, Buffer.from(content), options);
    const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, PATH: path } });
    return () => commitOutcome('host', file, file, { exitCode: result.status, stdout: result.stdout, stderr: result.stderr });
  }
  function commit(file: string, content: string, options: WriteOptions = {}, path = process.env.PATH ?? '') {
    const temp = join(dir, `.${Math.random().toString(16).slice(2)}.tmp`);
    writeFileSync(temp, content);
    return run(file, { temp }, content, options, path);
  }
  /** a folder holding `name` with 'old\n', and a staged copy holding `staged` */
  function stagedSave(name: string, staged: string) {
    const folder = mkdtempSync(join(dir, 'rootwrap-'));
    const file = join(folder, name);
    writeFileSync(file, 'old\n');
    const copy = join(dir, `staged-${Math.random().toString(16).slice(2)}`);
    writeFileSync(copy, staged);
    return { folder, file, copy };
  }
  const leftovers = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

  it('renames the new content over the file, keeping its mode', () => {
    const file = join(dir, 'nova.conf');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o640);
    assert.deepEqual(commit(file, 'new\n', { expectedSha256: contentSha256(Buffer.from('old\n')) })(), { inPlace: false, warnings: [] });
    assert.equal(readFileSync(file, 'utf8'), 'new\n');
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(leftovers(), []);
  });

  it('refuses when the file is no longer what was loaded, and leaves it as it is', () => {
    const file = join(dir, 'glance-api.conf');
    writeFileSync(file, 'edited on the host\n');
    assert.throws(
      commit(file, 'mine\n', { expectedSha256: contentSha256(Buffer.from('as loaded\n')) }),
      (error: unknown) =>
        error instanceof RemoteFileError && error.code === 'changed' && /changed on the host since it was opened/.test(error.message),
    );
    assert.equal(readFileSync(file, 'utf8'), 'edited on the host\n');
    assert.deepEqual(leftovers(), []);
  });

  it('refuses to rename over a hard-linked file, and writes it in place when asked', () => {
    const file = join(dir, 'localrc');
    writeFileSync(file, 'old\n');
    linkSync(file, join(dir, 'localrc.link'));
    assert.throws(
      commit(file, 'new\n'),
      (error: unknown) => error instanceof RemoteFileError && error.code === 'hard-link' && error.detail.links === 2,
    );
    assert.equal(readFileSync(file, 'utf8'), 'old\n');
    const inode = statSync(file).ino;
    assert.deepEqual(commit(file, 'new\n', { inPlace: true })(), { inPlace: true, warnings: [] });
    assert.equal(readFileSync(join(dir, 'localrc.link'), 'utf8'), 'new\n');
    assert.equal(statSync(file).ino, inode);
    assert.deepEqual(leftovers(), []);
  });

  it("says so when the host's cp cannot copy the attributes (busybox), and still saves", () => {
    const bin = join(dir, 'bin');
    spawnSync('mkdir', ['-p', bin]);
    // a cp without --attributes-only, as busybox's; the other tools are the real ones
    writeFileSync(join(bin, 'cp'), '#!/bin/sh\necho "cp: unrecognized option \'--attributes-only\'" >&2\nexit 1\n', { mode: 0o755 });
    const file = join(dir, 'neutron.conf');
    writeFileSync(file, 'old\n');
    const outcome = commit(file, 'new\n', {}, `${bin}:${process.env.PATH ?? ''}`)();
    assert.equal(outcome.inPlace, false);
    assert.deepEqual(outcome.warnings, [
      `host:${file}: its extended attributes or ACLs may not have been kept (cp --attributes-only --preserve=xattr on the host: cp: unrecognized option '--attributes-only')`,
    ]);
    assert.equal(readFileSync(file, 'utf8'), 'new\n');
  });

  it('refuses a temp file that does not hold what was sent', () => {
    const file = join(dir, 'cinder.conf');
    writeFileSync(file, 'old\n');
    const temp = join(dir, '.short.tmp');
    writeFileSync(temp, 'ne');
    assert.throws(run(file, { temp }, 'new\n'), /the content sent did not arrive intact; the file was left as it was/);
    assert.equal(readFileSync(file, 'utf8'), 'old\n');
    assert.equal(existsSync(temp), false);
  });

  it('installs a staged copy only beside the file, and leaves neither the copy beside it nor anything else', () => {
    const { folder, file, copy } = stagedSave('docker.filters', '[Filters]\n');
    assert.deepEqual(run(file, { staged: copy }, '[Filters]\n')(), { inPlace: false, warnings: [] });
    assert.equal(readFileSync(file, 'utf8'), '[Filters]\n');
    assert.deepEqual(readdirSync(folder), ['docker.filters'], 'no temp file beside it (rootwrap reads every *.filters there)');
  });

  it('refuses a staged copy that is not all of the content, and the file stays as it was', () => {
    const { folder, file, copy } = stagedSave('docker.filters', '[Filt');
    assert.throws(run(file, { staged: copy }, '[Filters]\n'), /did not arrive intact/);
    assert.equal(readFileSync(file, 'utf8'), 'old\n');
    assert.deepEqual(readdirSync(folder), ['docker.filters']);
  });

  it('sweeps the temp file a dropped link left beside the file an hour ago, and keeps one a save in progress writes now', () => {
    const folder = mkdtempSync(join(dir, 'dropped-'));
    const file = join(folder, 'nova.conf');
    writeFileSync(file, 'old\n');
    const dropped = join(folder, '.nova.conf.devstack-contrail-0a1b2c3d.tmp');
    const inProgress = join(folder, '.nova.conf.devstack-contrail-4e5f6a7b.tmp');
    writeFileSync(dropped, 'half of it');
    writeFileSync(inProgress, 'another window');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(dropped, twoHoursAgo, twoHoursAgo);
    commit(file, 'new\n')();
    assert.deepEqual(readdirSync(folder).sort(), ['.nova.conf.devstack-contrail-4e5f6a7b.tmp', 'nova.conf']);
  });
});
