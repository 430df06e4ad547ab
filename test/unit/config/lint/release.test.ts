import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../../../../src/core/config/lint/lint';
import { releasesBetween } from '../../../../src/core/schema/releases';

// issue #13 §2: the release a file targets, from small files of our own
const nova = (text: string, options: Parameters<typeof lint>[1] = {}) => lint(text, { fileName: 'nova.conf', ...options }).release;
const localrc = (text: string, options: Parameters<typeof lint>[1] = {}) => lint(text, { fileName: 'localrc', ...options }).release;

describe('the release a file targets', () => {
  it("takes the one release whose options are all the file's", () => {
    // ebtables_exec_attempts came in Kilo; [DEFAULT] vnc_enabled became [vnc] enabled in Liberty
    const kilo = nova('[DEFAULT]\nebtables_exec_attempts = 3\nvnc_enabled = true\n');
    assert.equal(kilo.release, 'kilo');
    assert.deepEqual(kilo.fit, { releases: ['kilo'], confidence: 'medium', evidence: 2 });
    assert.equal(kilo.reason, 'inferred: its options fit Kilo best (confidence medium, 2 telling names)');
    // long_rpc_timeout came in Rocky, rpc_backend left after it
    assert.deepEqual(nova('[DEFAULT]\nlong_rpc_timeout = 1800\nrpc_backend = rabbit\n').fit, {
      releases: ['rocky'],
      confidence: 'high',
      evidence: 2,
    });
    assert.equal(
      nova('[filter_scheduler]\npci_in_placement = true\n[scheduler]\nquery_placement_for_availability_zone = true\n').release,
      'antelope',
    );
  });

  it('reads a mostly-commented packaged sample by the options it lists', () => {
    const sample =
      '[DEFAULT]\n\n#\n# Options defined in nova.wsgi\n#\n\n# Maximum line size (integer value)\n#client_socket_timeout=900\n\n#allow_insecure_clients=false\n#debug=false\n';
    const release = nova(sample);
    assert.equal(release.release, 'juno');
    assert.match(release.reason, /^inferred: its options fit Juno best/);
  });

  it('never picks silently between releases that fit equally: it names the range and checks the newest', () => {
    const tie = localrc('USE_SCREEN=True\nKEYSTONE_USE_MOD_WSGI=True\nenable_plugin foo https://example.org/foo\n');
    assert.deepEqual(tie.fit, { releases: releasesBetween('kilo', 'ocata'), confidence: 'medium', evidence: 3 });
    assert.equal(tie.release, 'ocata');
    assert.equal(
      tie.reason,
      'inferred: its devstack names fit Kilo–Ocata equally (confidence medium, 3 telling names); checked as Ocata, the newest of them',
    );
    // names every release has tell nothing: the default, and it says why
    const none = nova('[DEFAULT]\ndebug = true\n');
    assert.equal(none.fit, undefined);
    assert.equal(none.reason, 'default: nothing in it names a release; checked as the newest, Gazpacho');
  });

  it('infers a localrc from the devstack names it uses', () => {
    // PIP_USE_MIRRORS left devstack after Juno, KEYSTONE_USE_MOD_WSGI came in it
    const juno = localrc('USE_SCREEN=True\nPIP_USE_MIRRORS=False\nKEYSTONE_USE_MOD_WSGI=True\n');
    assert.equal(juno.release, 'juno');
    assert.equal(juno.fit?.confidence, 'high');
    assert.deepEqual(
      lint('USE_SCREEN=True\nPIP_USE_MIRRORS=False\nKEYSTONE_USE_MOD_WSGI=True\n', { fileName: 'localrc' }).findings.filter(
        (f) => f.code === 'DS103',
      ),
      [],
      'checked as Juno, nothing it uses is unknown',
    );
  });

  it('takes, in order: a modeline, the chosen release, the checkout, the pins, then the fit', () => {
    const pinned = 'NOVA_BRANCH=stable/kilo\nUSE_SCREEN=True\nPIP_USE_MIRRORS=False\nKEYSTONE_USE_MOD_WSGI=True\n';
    const stackrc = { path: 'devstack/stackrc', text: 'NOVA_BRANCH=${NOVA_BRANCH:-stable/liberty}\n' };
    assert.equal(localrc(`# devstack-contrail: release=mitaka\n${pinned}`, { release: 'newton', stackrc }).release, 'mitaka');
    assert.equal(localrc(pinned, { release: 'newton', releaseOrigin: '--release', stackrc }).reason, '--release');
    assert.deepEqual(localrc(pinned, { stackrc }), {
      release: 'liberty',
      reason: 'devstack/stackrc: NOVA_BRANCH defaults to stable/liberty',
    });
    assert.deepEqual(localrc(pinned), { release: 'kilo', reason: 'NOVA_BRANCH=stable/kilo' });
    assert.equal(localrc(pinned.split('\n').slice(1).join('\n')).release, 'juno');
    // a series before the data is read as its nearest release, and said so
    assert.equal(localrc('NOVA_BRANCH=stable/grizzly\n').reason, 'NOVA_BRANCH=stable/grizzly (grizzly: nearest data is havana)');
  });
});
