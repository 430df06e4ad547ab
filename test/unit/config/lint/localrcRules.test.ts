import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { releasesBetween } from '../../../../src/core/schema/releases';
import { lint } from '../../../../src/core/config/lint/lint';
import { applyEdits } from '../../../../src/core/config/text';

// what stack.sh would otherwise prompt for (current devstack no longer reads SERVICE_TOKEN)
const PASSWORDS = 'ADMIN_PASSWORD=s\nDATABASE_PASSWORD=s\nRABBIT_PASSWORD=s\nSERVICE_PASSWORD=s\nSERVICE_TOKEN=s\n';
const passwordsFor = (release: string): string =>
  release === 'havana' || release === 'icehouse' ? PASSWORDS : PASSWORDS.replace('SERVICE_TOKEN=s\n', '');
const localrc = (text: string, release = 'havana') =>
  lint(passwordsFor(release) + text, { fileName: 'localrc', release, releaseOrigin: 'test' });
const codes = (text: string, release?: string) => localrc(text, release).findings.map((f) => f.code);
const fixedBy = (text: string, code: string, release?: string): string => {
  const finding = localrc(text, release).findings.find((f) => f.code === code);
  assert.ok(finding?.fixes?.[0], `${code} has a fix`);
  const prefix = passwordsFor(release ?? 'havana');
  return applyEdits(prefix + text, finding.fixes[0].edits).slice(prefix.length);
};
const SEED =
  'VIRT_DRIVER=docker\ndisable_service n-net\nenable_service neutron q-svc\nQ_PLUGIN=contrail\nNEUTRON_REPO=https://github.com/Juniper/neutron.git\nNEUTRON_BRANCH=contrail/havana\n';

describe('localrc lint rules', () => {
  it('is quiet on the seed localrc of the nova-docker + OpenContrail setup', () => {
    assert.deepEqual(codes(SEED), []);
  });

  it('DS100: an unterminated quote', () => {
    assert.deepEqual(codes('HOST_IP="10.0.0.1\n'), ['DS100']);
  });

  it('DS101: spaces around "=", fixed', () => {
    assert.deepEqual(codes('HOST_IP = 10.0.0.1\n'), ['DS101']);
    assert.equal(fixedBy('HOST_IP = 10.0.0.1\n', 'DS101'), 'HOST_IP=10.0.0.1\n');
  });

  it('DS102/DS103: a misspelled devstack variable, and one devstack does not read', () => {
    const findings = localrc('VIRT_DRIVR=docker\nMY_HELPER=1\n').findings;
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      [
        ['DS102', 'warning'],
        ['DS103', 'info'],
      ],
    );
    assert.match(findings[0].message, /did you mean VIRT_DRIVER\?/);
  });

  it('DS104: an unknown service, with did-you-mean (transpositions count once)', () => {
    const [finding] = localrc('enable_service neutorn\n').findings.filter((f) => f.code === 'DS104');
    assert.match(finding.message, /unknown service "neutorn".*did you mean "neutron"\?/);
    assert.deepEqual(codes('enable_service n-net,n-cpu\n'), []);
  });

  it('DS105: n-net with neutron, including n-net on by default in 2014', () => {
    const text = 'enable_service neutron q-svc\n';
    assert.deepEqual(codes(text), ['DS105']);
    assert.equal(fixedBy(text, 'DS105'), 'disable_service n-net\nenable_service neutron q-svc\n');
    assert.deepEqual(codes(text, 'zed'), [], 'current devstack has no n-net by default');
  });

  it('DS106/DS107: VIRT_DRIVER and Q_PLUGIN values of the era', () => {
    assert.deepEqual(codes('VIRT_DRIVER=dokcer\ndisable_service n-net\n'), ['DS106']);
    assert.deepEqual(codes('Q_PLUGIN=contrail\nNEUTRON_REPO=x\nNEUTRON_BRANCH=y\n', 'zed'), ['DS107']);
  });

  it('DS108: a *_REPO without its *_BRANCH', () => {
    assert.deepEqual(codes('NOVA_REPO=https://example.org/nova.git\n'), ['DS108']);
  });

  it('DS109: assigned twice, fixed by removing the earlier; self-extension is fine', () => {
    assert.equal(fixedBy('HOST_IP=1\nHOST_IP=2\n', 'DS109'), 'HOST_IP=2\n');
    assert.deepEqual(
      codes('ENABLED_SERVICES=key\nENABLED_SERVICES+=,g-api\nENABLED_SERVICES="$ENABLED_SERVICES,n-api"\n').filter((c) => c === 'DS109'),
      [],
    );
  });

  it('DS110: missing passwords stack.sh would prompt for, by era and services', () => {
    const result = lint('HOST_IP=1\n', { fileName: 'localrc', release: 'havana' });
    assert.deepEqual(
      result.findings.filter((f) => f.code === 'DS110').map((f) => f.message.split(' ')[0]),
      ['DATABASE_PASSWORD', 'RABBIT_PASSWORD', 'SERVICE_TOKEN', 'SERVICE_PASSWORD', 'ADMIN_PASSWORD'],
    );
    const current = lint('HOST_IP=1\n', { fileName: 'localrc', release: 'zed' });
    assert.ok(!current.findings.some((f) => f.message.startsWith('SERVICE_TOKEN')), 'current devstack no longer prompts for SERVICE_TOKEN');
  });

  it('DS111: $VAR used before the file assigns it', () => {
    const [finding] = localrc('LOGFILE=$LOGDIR/stack.log\nLOGDIR=/opt/stack/logs\n').findings;
    assert.equal(finding.code, 'DS111');
    assert.deepEqual(finding.range.start, { line: 5, character: 9 });
  });

  it('DS114: VIRT_DRIVER=docker with n-net still on', () => {
    assert.deepEqual(codes('VIRT_DRIVER=docker\n'), ['DS114']);
    assert.equal(fixedBy('VIRT_DRIVER=docker\n', 'DS114'), 'VIRT_DRIVER=docker\ndisable_service n-net\nenable_service neutron q-svc\n');
  });

  it("DS115: Q_PLUGIN=contrail without NEUTRON_REPO, fixed with Juniper's neutron", () => {
    const text = 'disable_service n-net\nenable_service neutron q-svc\nQ_PLUGIN=contrail\n';
    assert.deepEqual(codes(text), ['DS115']);
    assert.equal(fixedBy(text, 'DS115'), `${text}NEUTRON_REPO=https://github.com/Juniper/neutron.git\nNEUTRON_BRANCH=contrail/havana\n`);
  });

  it('DS118: enable_plugin in 2014-era devstack', () => {
    assert.deepEqual(codes('enable_plugin nova-docker https://opendev.org/x/nova-docker\n'), ['DS118']);
    assert.deepEqual(codes('enable_plugin nova-docker https://opendev.org/x/nova-docker\n', 'zed'), []);
  });

  it('a variable, service or value named like an Object member (constructor, __proto__) is unknown, not a crash', () => {
    assert.deepEqual(codes('constructor=1\nhasOwnProperty=2\nenable_service toString\nVIRT_DRIVER=__proto__\n'), [
      'DS103',
      'DS103',
      'DS104',
      'DS106',
    ]);
    assert.deepEqual(
      lint('[[constructor|__proto__]]\n[DEFAULT]\nx = 1\n', { fileName: 'local.conf', release: 'zed' }).findings.map((f) => f.code),
      ['DS112'],
    );
  });

  it('infers the release from *_BRANCH values, or the releases that have what the file uses', () => {
    assert.equal(lint('NOVA_BRANCH=stable/icehouse\n', { fileName: 'localrc' }).release.release, 'icehouse');
    assert.equal(lint('NOVA_BRANCH=stable/juno\n', { fileName: 'localrc' }).release.reason, 'NOVA_BRANCH=stable/juno');
    // enable_plugin came in Kilo: every release since fits, and it says so
    const plugin = lint('enable_plugin x https://x\n', { fileName: 'localrc' }).release;
    assert.deepEqual(plugin.fit?.releases, releasesBetween('kilo'));
    assert.equal(plugin.release, 'gazpacho');
  });
});

describe('local.conf lint rules', () => {
  const conf = (text: string, release = 'havana') => lint(text, { fileName: 'local.conf', release, releaseOrigin: 'test' });

  it('lints the localrc body and each post-config body against its service', () => {
    const text = `[[local|localrc]]\n${PASSWORDS}${SEED}\n[[post-config|$NOVA_CONF]]\n[DEFAULT]\nverbos = True\n\n[[post-config|/$Q_PLUGIN_CONF_FILE]]\n[APISERVER]\napi_server_port = http\n`;
    const findings = conf(text, 'icehouse').findings;
    assert.deepEqual(
      findings.map((f) => [f.code, f.range.start.line]),
      [
        ['OS202', 15],
        ['OS205', 19],
      ],
    );
  });

  it('DS112: an unknown phase; DS113: $Q_PLUGIN_CONF_FILE without the slash, fixed', () => {
    const text = '[[post-confg|$NOVA_CONF]]\n[DEFAULT]\n[[post-config|$Q_PLUGIN_CONF_FILE]]\n[APISERVER]\n';
    const findings = conf(text).findings;
    assert.deepEqual(
      findings.map((f) => f.code),
      ['DS112', 'DS113'],
    );
    assert.match(findings[0].message, /did you mean "post-config"\?/);
    assert.equal(
      applyEdits(text, findings[1].fixes?.[0].edits ?? []),
      '[[post-confg|$NOVA_CONF]]\n[DEFAULT]\n[[post-config|/$Q_PLUGIN_CONF_FILE]]\n[APISERVER]\n',
    );
  });

  it('DS116/DS117: lines before the first header, malformed headers', () => {
    assert.deepEqual(
      conf('HOST_IP=1\n[[local|localrc]\n').findings.map((f) => f.code),
      ['DS116', 'DS117'],
    );
  });

  it('test-config is a phase of current devstack only', () => {
    assert.deepEqual(
      conf('[[test-config|$TEMPEST_CONFIG]]\n[compute]\n').findings.map((f) => f.code),
      ['DS112'],
    );
    assert.deepEqual(
      conf('[[test-config|$TEMPEST_CONFIG]]\n[compute]\n', 'zed').findings.map((f) => f.code),
      [],
    );
  });
});

// issue #13 §3–4: false alarms and missed problems found on real localrc files (small files of our own)
describe('localrc lint: the classes of issue #13', () => {
  const bare = (text: string, release = 'havana') => lint(text, { fileName: 'localrc', release, releaseOrigin: 'test' }).findings;

  it('DS110: MYSQL_PASSWORD counts as DATABASE_PASSWORD (lib/database copies it), in both eras', () => {
    for (const release of ['havana', 'epoxy']) {
      const prompted = bare(passwordsFor(release).replace('DATABASE_PASSWORD=s\n', 'MYSQL_PASSWORD=s\n'), release).filter(
        (f) => f.code === 'DS110',
      );
      assert.deepEqual(
        prompted.map((f) => f.message),
        [],
        release,
      );
    }
    assert.match(
      bare(passwordsFor('havana').replace('DATABASE_PASSWORD=s\n', ''), 'havana').find((f) => f.code === 'DS110')?.message ?? '',
      /^DATABASE_PASSWORD is not set/,
    );
  });

  it('DS104: the catch-all names is_service_enabled honours (nova, glance, neutron, cinder, swift, trove) are services, in both eras', () => {
    for (const release of ['havana', 'epoxy']) {
      assert.deepEqual(
        codes('enable_service cinder swift trove\ndisable_service nova glance\nenable_service neutron\n', release).filter(
          (c) => c === 'DS104',
        ),
        [],
        release,
      );
    }
    assert.deepEqual(codes('enable_service swfit\n', 'epoxy'), ['DS104'], 'a misspelt one is still unknown');
  });

  it('DS110: "enable_service swift" enables every s-* service, so SWIFT_HASH is asked for', () => {
    assert.match(
      localrc('enable_service swift\n')
        .findings.filter((f) => f.code === 'DS110')
        .map((f) => f.message)
        .join('\n'),
      /SWIFT_HASH is not set/,
    );
  });

  it('DS102: a variable the file defines and then uses itself is its own, not a misspelt devstack one', () => {
    const findings = localrc('LOG_DIR=/opt/stack/logs\nSCREEN_LOGDIR=$LOG_DIR/screen\n').findings;
    assert.deepEqual(
      findings.filter((f) => f.code === 'DS102'),
      [],
    );
    const own = findings.find((f) => f.code === 'DS103' && f.message.includes('LOG_DIR'));
    assert.match(own?.message ?? '', /does not read LOG_DIR; this file uses it itself \(line 7\)/);
    assert.equal(own?.fixes, undefined, 'no rename fix');
    assert.equal(codes('LOGDIRR=/opt/stack/logs\n').includes('DS102'), true, 'an unused near-miss is still a likely typo');
  });

  it('DS120: VAR=<placeholder> is a redirection (a syntax error with the ">"), not a spaced assignment; no fix', () => {
    const findings = localrc('HOST_IP=<your-host-ip>\n').findings.filter((f) => f.code === 'DS120' || f.code === 'DS101');
    assert.deepEqual(
      findings.map((f) => f.code),
      ['DS120'],
    );
    assert.match(
      findings[0].message,
      /HOST_IP=<…> assigns nothing: in bash "<" and ">" redirect \(here from a file named "your-host-ip"\)/,
    );
    assert.equal(findings[0].fixes, undefined);
    assert.deepEqual(codes('HOST_IP= 10.0.0.1\n'), ['DS101'], 'a real spaced assignment keeps its rule and fix');
    assert.deepEqual(
      codes('export ADMIN_PASSWORD=<password>\n').filter((c) => c === 'DS120' || c === 'DS101'),
      ['DS120'],
      'exported too',
    );
  });
});
