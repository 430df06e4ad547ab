import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileLedger } from '../../src/core/provision/backupLedger';
import { applyPlans, undo } from '../../src/core/provision/apply';
import { DEFAULT_SETTINGS, planSteps } from '../../src/core/provision/plan';
import { SshTarget } from '../../src/core/provision/target';
import type { HostConfig } from '../../src/core/remote/hostConfig';
import { RemoteFileError } from '../../src/core/remote/remoteFiles';
import { shellCommand } from '../../src/core/remote/shellQuote';
import type { SshSession } from '../../src/core/remote/sshSession';
import { RemoteRuntime } from '../../src/remote/remoteRuntime';
import { connectHost, loadTestEnv, strictPolicy } from './testEnv';

// Saves of remote files, as the editor (the devstack-ssh file system's runtime) and provisioning make
// them, on the real host1: the layout the user made stays (a symlinked localrc, owner, mode, extended
// attributes, hard links), and a save never overwrites an edit made on the host since the file was
// loaded, even one of the same size within the same second. setfattr is not installed on this machine,
// so the extended attribute user.test=1 is set and read with python3's os.setxattr on the host.
const env = loadTestEnv();
const hosts: HostConfig[] = [{ name: 'h1', host: env.hosts.host1.address, port: env.port, user: env.user, identityFile: env.clientKey }];
const LOCALRC = '/opt/stack/devstack/localrc';
const ledger = new FileLedger(join(mkdtempSync(join(tmpdir(), 'dc-ledger-')), 'backups.json'));
const DIR = `/opt/stack/.devstack-contrail-e2e-saves-${process.pid}`;
const XATTR =
  'import os, sys; p, v = sys.argv[1], sys.argv[2]\nif v: os.setxattr(p, "user.test", v.encode())\nelse: print(os.getxattr(p, "user.test").decode())';

describe("saves keep the layout of the host's files", () => {
  let shell: SshSession;
  const runtime = new RemoteRuntime({
    hosts: () => hosts,
    hostKeys: strictPolicy(env),
    prompts: { passphrase: async () => undefined, password: async () => undefined },
    ledger,
  });
  /** runs a shell script on host1 as the stack user ($1… from args); its stdout */
  const sh = async (script: string, ...args: string[]): Promise<string> => {
    const result = await shell.exec(shellCommand(['sh', '-c', script, 'sh', ...args]));
    assert.equal(result.exitCode, 0, `${script}: ${result.stderr}`);
    return result.stdout;
  };
  const xattr = (path: string): Promise<string> => sh('/usr/bin/python3 -c "$1" "$2" ""', XATTR, path).then((out) => out.trim());
  const setXattr = (path: string): Promise<string> => sh('/usr/bin/python3 -c "$1" "$2" 1', XATTR, path);
  /** type, owner, mode and links of a path (not following a link), and the real file's */
  const layout = (path: string): Promise<string> => sh('stat -c "%F %U:%G %a %h" -- "$1"; stat -L -c "%U:%G %a %h %i" -- "$1"', path);

  before(async () => {
    shell = await connectHost(env, 'host1');
    await sh('mkdir -p "$1"', DIR);
  });
  after(async () => {
    await sh('sudo -n rm -rf -- "$1"', DIR);
    shell.close();
    runtime.dispose();
  });

  it('provisioning writes a symlinked localrc through the link, undo restores it there; owner, mode and xattr kept', async () => {
    const original = await runtime.readFile('h1', LOCALRC);
    const target = `${DIR}/localrc`;
    // the user keeps localrc elsewhere, mode 0640 with an extended attribute, and links it into devstack
    await sh('mv -- "$1" "$2" && chmod 640 "$2" && ln -s "$2" "$1"', LOCALRC, target);
    try {
      await setXattr(target);
      const before = await layout(LOCALRC);
      assert.match(before, /^symbolic link stack:stack 777 1\nstack:stack 640 1 \d+\n$/);
      const session = await connectHost(env, 'host1');
      try {
        const provision = new SshTarget(session);
        const plans = await planSteps(
          { target: provision, devstackDir: '/opt/stack/devstack', settings: DEFAULT_SETTINGS, files: new Map() },
          '2014',
          ['localrc'],
        );
        assert.equal(plans[0].status, 'needed');
        await applyPlans(provision, ledger, plans);
        assert.equal(await sh('readlink -- "$1"', LOCALRC), `${target}\n`, 'still the same link');
        assert.match(await sh('cat -- "$1"', target), /Q_PLUGIN=contrail/, "the link's target got the new content");
        assert.equal((await layout(LOCALRC)).replace(/ \d+\n$/, ''), before.replace(/ \d+\n$/, ''), 'owner, mode, links kept');
        assert.equal(await xattr(target), '1', 'the extended attribute kept');
        const undone = await undo(provision, ledger);
        assert.deepEqual(undone?.restored, [LOCALRC]);
        assert.equal(await sh('readlink -- "$1"', LOCALRC), `${target}\n`, 'undo left the link a link');
        assert.equal(await sh('cat -- "$1"', target), original.toString('utf8'), 'undo restored the content behind the link');
        assert.equal(await xattr(target), '1');
      } finally {
        session.close();
      }
    } finally {
      // host1's localrc as it was: a regular file with its old content
      await shell.exec(shellCommand(['sh', '-c', 'rm -f -- "$1" && cat > "$1"', 'sh', LOCALRC]), { stdin: original });
    }
    assert.equal(await sh('stat -c %F -- "$1"', LOCALRC), 'regular file\n');
  });

  it('an editor save of a symlinked file writes its target and keeps its owner, mode and xattr', async () => {
    const target = `${DIR}/nova.conf`;
    const link = `${DIR}/nova-link.conf`;
    await sh('printf "[DEFAULT]\\ndebug = True\\n" > "$1" && chmod 600 "$1" && ln -s nova.conf "$2"', target, link);
    await setXattr(target);
    const before = await layout(link);
    const loaded = await runtime.readFile('h1', link);
    const saved = await runtime.writeFile('h1', link, Buffer.from(loaded.toString('utf8').replace('True', 'False')), { create: true });
    assert.equal(saved.realPath, target);
    assert.equal(await sh('readlink -- "$1"', link), 'nova.conf\n');
    assert.equal(await sh('cat -- "$1"', target), '[DEFAULT]\ndebug = False\n');
    assert.equal((await layout(link)).replace(/ \d+\n$/, ''), before.replace(/ \d+\n$/, ''));
    assert.equal(await xattr(target), '1');
    assert.deepEqual(saved.warnings, []);
  });

  it('an editor save of a file of another owner is refused with the reason, and written in place (owner kept) when the user allows it', async () => {
    const path = `${DIR}/glance-api.conf`;
    await sh('printf "[DEFAULT]\\n" > "$1" && chmod 664 "$1" && sudo -n chown root:stack "$1"', path);
    const loaded = await runtime.readFile('h1', path);
    const edited = Buffer.concat([loaded, Buffer.from('debug = True\n')]);
    await assert.rejects(
      runtime.writeFile('h1', path, edited, { create: true }),
      (error: unknown) =>
        error instanceof RemoteFileError &&
        error.code === 'owner' &&
        /belongs to uid:gid 0:\d+; a new file written as this user would change its owner/.test(error.message),
    );
    assert.equal(await sh('stat -c "%U:%G %a" -- "$1"; cat -- "$1"', path), 'root:stack 664\n[DEFAULT]\n', 'refused: nothing changed');
    await runtime.writeFile('h1', path, edited, { create: true, inPlace: true });
    assert.equal(await sh('stat -c "%U:%G %a" -- "$1"; cat -- "$1"', path), 'root:stack 664\n[DEFAULT]\ndebug = True\n');
    assert.equal(await sh('ls -a -- "$1"', DIR).then((l) => /\.tmp/.test(l)), false, 'no temp file left');
  });

  it('an editor save of a hard-linked file is refused with the reason, and written in place (the link kept) when the user allows it', async () => {
    const path = `${DIR}/neutron.conf`;
    const other = `${DIR}/neutron.conf.hardlink`;
    await sh('printf "[DEFAULT]\\n" > "$1" && ln "$1" "$2"', path, other);
    const loaded = await runtime.readFile('h1', path);
    const edited = Buffer.concat([loaded, Buffer.from('core_plugin = ml2\n')]);
    await assert.rejects(
      runtime.writeFile('h1', path, edited, { create: true }),
      (error: unknown) =>
        error instanceof RemoteFileError &&
        error.code === 'hard-link' &&
        error.detail.links === 2 &&
        /has 2 hard links: saving by renaming a new file over it would break them/.test(error.message),
    );
    assert.equal(await sh('cat -- "$1"', other), '[DEFAULT]\n');
    const saved = await runtime.writeFile('h1', path, edited, { create: true, inPlace: true });
    assert.equal(saved.inPlace, true);
    assert.equal(await sh('cat -- "$1"', other), '[DEFAULT]\ncore_plugin = ml2\n', 'the other name sees the save');
    assert.equal(await sh('stat -c "%h %i" -- "$1"', path), await sh('stat -c "%h %i" -- "$1"', other), 'one file, two links');
  });

  it('provisioning writes a hard-linked file in place, so the link stays', async () => {
    const path = `${DIR}/hypervisor-docker`;
    const other = `${DIR}/hypervisor-docker.orig`;
    await sh('printf "# old\\n" > "$1" && chmod 640 "$1" && ln "$1" "$2"', path, other);
    await setXattr(path);
    const provision = new SshTarget(shell);
    await provision.write(path, Buffer.from('# new\n'));
    assert.equal(await sh('cat -- "$1"', other), '# new\n');
    assert.match(await sh('stat -c "%h %a" -- "$1"', path), /^2 640\n$/);
    assert.equal(await xattr(other), '1');
  });
});

describe('a save after an edit on the host', () => {
  const runtime = new RemoteRuntime({
    hosts: () => hosts,
    hostKeys: strictPolicy(env),
    prompts: { passphrase: async () => undefined, password: async () => undefined },
    ledger,
  });
  const path = `/opt/stack/.devstack-contrail-e2e-stale-${process.pid}.conf`;
  after(async () => {
    await runtime.exec('h1', shellCommand(['rm', '-f', '--', path]));
    runtime.dispose();
  });

  it('is refused for 20 of 20 same-size edits within the same second, and overwrites none', async () => {
    const write = (content: string) => runtime.exec('h1', shellCommand(['sh', '-c', 'printf %s "$1" > "$2"', 'sh', content, path]));
    let sameSecond = 0;
    for (let round = 0; sameSecond < 20 && round < 60; round++) {
      await write(`value = ${round % 10}${'a'.repeat(20)}\n`);
      const seen = await runtime.stat('h1', path);
      const loaded = await runtime.readFile('h1', path); // what the editor shows
      const onHost = `value = ${round % 10}${'b'.repeat(20)}\n`; // someone edits it on the host: same size
      await write(onHost);
      const now = await runtime.stat('h1', path);
      // what VS Code checks before it saves: the mtime (whole seconds) and the size; here they look unchanged
      if (now.mtimeMs !== seen.mtimeMs || now.size !== seen.size) continue;
      sameSecond += 1;
      const mine = Buffer.from(loaded.toString('utf8').replace('value', 'VALUE'));
      await assert.rejects(
        runtime.writeFile('h1', path, mine, { create: true }),
        (error: unknown) =>
          error instanceof RemoteFileError &&
          error.code === 'changed' &&
          /changed on the host since it was opened: its content is not what was loaded, so it was not overwritten/.test(error.message),
      );
      assert.equal((await runtime.readFile('h1', path)).toString('utf8'), onHost, `round ${round}: the host's edit was overwritten`);
    }
    assert.equal(sameSecond, 20, 'twenty edits landed within the second of the load');
  });
});
