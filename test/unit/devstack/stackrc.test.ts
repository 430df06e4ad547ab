import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { releaseFromStackrc } from '../../../src/core/devstack/stackrc';
import { lint } from '../../../src/core/config/lint/lint';

const ICEHOUSE_STACKRC =
  'GIT_BASE=${GIT_BASE:-git://git.openstack.org}\nNOVA_REPO=${NOVA_REPO:-${GIT_BASE}/openstack/nova.git}\nNOVA_BRANCH=${NOVA_BRANCH:-stable/icehouse}\n';
const LOCALRC = 'ADMIN_PASSWORD=secret\nVIRT_DRIVER=docker\n';

describe('the release of a devstack checkout, from its stackrc', () => {
  it('reads the branch defaults: NOVA_BRANCH, then TARGET_BRANCH and DEVSTACK_BRANCH, then any *_BRANCH', () => {
    assert.deepEqual(releaseFromStackrc(ICEHOUSE_STACKRC), { release: 'icehouse', reason: 'NOVA_BRANCH defaults to stable/icehouse' });
    assert.deepEqual(
      releaseFromStackrc('USE_SYSTEMD=True\nTARGET_BRANCH=${TARGET_BRANCH:-stable/zed}\nNOVA_BRANCH=${NOVA_BRANCH:-$TARGET_BRANCH}\n'),
      { release: 'zed', reason: 'NOVA_BRANCH defaults to stable/zed' },
    );
    assert.deepEqual(releaseFromStackrc('USE_SYSTEMD=True\nDEVSTACK_BRANCH="stable/2024.1"\nNOVNC_BRANCH=v1.3.0\n'), {
      release: 'caracal',
      reason: 'DEVSTACK_BRANCH defaults to stable/2024.1',
    });
    assert.equal(
      releaseFromStackrc('USE_SYSTEMD=True\nNOVA_BRANCH=${NOVA_BRANCH:-master}\n'),
      undefined,
      'master on systemd devstack says no release',
    );
    assert.equal(releaseFromStackrc('GIT_BASE=${GIT_BASE:-https://opendev.org}\n'), undefined, 'GIT_BASE names a server, not a release');
  });

  it('takes a screen-era stackrc on master (no USE_SYSTEMD) for 2014 devstack', () => {
    assert.equal(releaseFromStackrc('NOVA_BRANCH=${NOVA_BRANCH:-master}\n')?.release, 'icehouse');
  });

  it("checks a localrc in a checkout against its stackrc, after a modeline, a chosen release and the file's own NOVA_BRANCH", () => {
    const stackrc = { path: '/opt/stack/devstack/stackrc', text: ICEHOUSE_STACKRC };
    assert.deepEqual(lint(LOCALRC, { fileName: 'localrc', stackrc }).release, {
      release: 'icehouse',
      reason: '/opt/stack/devstack/stackrc: NOVA_BRANCH defaults to stable/icehouse',
    });
    assert.equal(lint(LOCALRC, { fileName: 'localrc' }).release.release, 'gazpacho', 'without the stackrc: the default, the newest');
    assert.equal(lint(`# devstack-contrail: release=zed\n${LOCALRC}`, { fileName: 'localrc', stackrc }).release.release, 'zed');
    assert.equal(lint(LOCALRC, { fileName: 'localrc', stackrc, release: 'zed', releaseOrigin: '--release' }).release.reason, '--release');
    // the checkout's devstack reads the file: its release wins over a pin of one project's branch
    assert.equal(lint(`${LOCALRC}NOVA_BRANCH=stable/zed\n`, { fileName: 'localrc', stackrc }).release.release, 'icehouse');
    assert.equal(lint(`${LOCALRC}NOVA_BRANCH=stable/zed\n`, { fileName: 'localrc' }).release.reason, 'NOVA_BRANCH=stable/zed');
  });
});
