import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint, type LintOptions } from '../../../../src/core/config/lint/lint';
import { releasesBetween } from '../../../../src/core/schema/releases';
import { applyEdits } from '../../../../src/core/config/text';

const nova = (text: string, release = 'icehouse', extra: LintOptions = {}) =>
  lint(text, { fileName: 'nova.conf', release, releaseOrigin: 'test', ...extra });
const codes = (text: string, release?: string) => nova(text, release).findings.map((f) => f.code);
const fixed = (text: string, code: string, release?: string): string => {
  const finding = nova(text, release).findings.find((f) => f.code === code);
  assert.ok(finding?.fixes?.[0], `${code} has a fix`);
  return applyEdits(text, finding.fixes[0].edits);
};

describe('oslo lint rules (nova, Havana/Icehouse data)', () => {
  it('is quiet on a clean Icehouse nova.conf', () => {
    assert.deepEqual(
      codes(
        '[DEFAULT]\ncompute_driver = novadocker.virt.docker.driver.DockerDriver\ndebug = True\n\n[docker]\nvif_driver = novadocker.virt.docker.opencontrail.OpenContrailVIFDriver\n',
      ),
      [],
    );
  });

  it('OS200: reports syntax oslo refuses', () => {
    const result = nova('no section = 1\n[DEFAULT]\njunk line\n');
    assert.deepEqual(
      result.findings.map((f) => [f.code, f.range.start.line, f.severity]),
      [
        ['OS200', 0, 'error'],
        ['OS200', 2, 'error'],
      ],
    );
  });

  it('OS201: unknown section, with did-you-mean and a rename fix', () => {
    const result = nova('[databse]\nconnection = sqlite://\n');
    assert.equal(result.findings[0].code, 'OS201');
    assert.match(result.findings[0].message, /unknown section \[databse\] for nova \(Icehouse \(2014\.1\)\); did you mean \[database\]\?/);
    assert.equal(fixed('[databse]\nconnection = sqlite://\n', 'OS201'), '[database]\nconnection = sqlite://\n');
    assert.deepEqual(codes('[Database]\nconnection = sqlite://\n'), [], 'group names other than DEFAULT compare case-insensitively');
  });

  it('OS202: unknown option with did-you-mean, where it lives, and the releases that knew it', () => {
    const typo = nova('[DEFAULT]\nverbos = True\n').findings[0];
    assert.equal(typo.code, 'OS202');
    assert.match(typo.message, /did you mean "verbose"\?/);
    const misplaced = '[DEFAULT]\ndebug = True\n\n[libvirt]\nvirt_type = kvm\nmy_ip = 10.0.0.5\n';
    const finding = nova(misplaced).findings[0];
    assert.match(finding.message, /unknown option "my_ip" in \[libvirt\].*it lives in \[DEFAULT\]/);
    assert.equal(fixed(misplaced, 'OS202'), '[DEFAULT]\ndebug = True\nmy_ip = 10.0.0.5\n\n[libvirt]\nvirt_type = kvm\n');
    const removed = nova('[DEFAULT]\nvif_plugging_timeout = 300\n', 'havana').findings[0];
    assert.match(removed.message, /known Icehouse–Gazpacho: added in Icehouse$/);
  });

  it('OS203: a deprecated name is renamed, or moved to its new group', () => {
    assert.equal(fixed('[DEFAULT]\nlibvirt_type = kvm\n', 'OS203'), '[DEFAULT]\n\n[libvirt]\nvirt_type = kvm\n');
    assert.equal(
      fixed('[DEFAULT]\nlibvirt_type = kvm\n\n[libvirt]\nimages_type = raw\n', 'OS203'),
      '[DEFAULT]\n\n[libvirt]\nimages_type = raw\nvirt_type = kvm\n',
    );
    const havana = nova('[DEFAULT]\nsql_connection = mysql://root@localhost/nova\n', 'havana').findings;
    assert.deepEqual(
      havana.map((f) => f.code),
      ['OS203'],
    );
    assert.match(havana[0].message, /deprecated name of \[database\] connection/);
  });

  it('OS204: an option deprecated for removal, with since and why', () => {
    const [finding] = nova('[glance]\napi_servers = http://127.0.0.1:9292\n', 'zed').findings;
    assert.equal(finding.code, 'OS204');
    assert.match(finding.message, /\[glance\] api_servers is deprecated for removal since \S+/);
  });

  it('OS205/OS206/OS207: types, choices and bounds', () => {
    const findings = nova(
      '[DEFAULT]\ndebug = maybe\nosapi_compute_listen_port = 8774\nmetadata_workers = many\nstate_path = $pybasedir\n',
    ).findings;
    assert.deepEqual(
      findings.map((f) => [f.code, f.range.start.line]),
      [
        ['OS205', 1],
        ['OS205', 3],
      ],
      'values that interpolate ($pybasedir) are not judged',
    );
    assert.match(findings[0].message, /"maybe" is not a boolean/);
    assert.deepEqual(findings[0].range, { start: { line: 1, character: 8 }, end: { line: 1, character: 13 } });
    assert.deepEqual(codes('[DEFAULT]\ndebug = yes\nosapi_compute_listen_port = 8774\n'), [], 'oslo accepts yes/no and on/off');
  });

  it('OS208: a single-valued option set twice, fixed by removing the first', () => {
    const text = '[DEFAULT]\nmy_ip = 10.0.0.1\ndebug = True\nmy_ip = 10.0.0.2\n';
    assert.deepEqual(codes(text), ['OS208']);
    assert.equal(fixed(text, 'OS208'), '[DEFAULT]\ndebug = True\nmy_ip = 10.0.0.2\n');
  });

  it('OS209: an inline "#" is part of the value; the fix moves the comment above', () => {
    const text = '[DEFAULT]\ndebug = True # for now\n';
    // the trap: oslo reads "True # for now", which is not a boolean either
    assert.deepEqual(codes(text), ['OS205', 'OS209']);
    assert.equal(fixed(text, 'OS209'), '[DEFAULT]\n# for now\ndebug = True\n');
    assert.deepEqual(
      codes('[DEFAULT]\nnetwork_api_class = nova.network.api.API#not-a-comment\n'),
      [],
      'no whitespace before #: not a comment',
    );
  });

  it('OS210: compute_driver = docker.DockerDriver is an error from Icehouse on, fine in Havana', () => {
    const text = '[DEFAULT]\ncompute_driver = docker.DockerDriver\n';
    assert.deepEqual(codes(text, 'havana'), []);
    assert.deepEqual(codes(text, 'icehouse'), ['OS210']);
    assert.equal(fixed(text, 'OS210'), '[DEFAULT]\ncompute_driver = novadocker.virt.docker.driver.DockerDriver\n');
  });

  it('OS211: the OpenContrail VIF driver without nova-docker as compute driver', () => {
    const text =
      '[DEFAULT]\ncompute_driver = libvirt.LibvirtDriver\n[docker]\nvif_driver = novadocker.virt.docker.opencontrail.OpenContrailVIFDriver\n';
    const [finding] = nova(text).findings;
    assert.equal(finding.code, 'OS211');
    assert.match(finding.message, /compute_driver is "libvirt\.LibvirtDriver"/);
  });

  it('an option or section named like an Object member (constructor, __proto__) is unknown', () => {
    const findings = lint('[DEFAULT]\nconstructor = 1\n__proto__ = 2\n[toString]\nx = 1\n', {
      fileName: 'nova.conf',
      release: 'icehouse',
    }).findings;
    assert.deepEqual(
      findings.map((f) => f.code),
      ['OS202', 'OS202', 'OS201'],
    );
    assert.doesNotMatch(findings[0].message, /it lives in/);
  });

  it('honours disable directives, the release modeline and severity overrides', () => {
    const text =
      '# devstack-contrail: release=havana\n[DEFAULT]\n# devstack-contrail: disable=OS202\nverbos = True\ncompute_driver = docker.DockerDriver\n';
    const result = lint(text, { fileName: 'nova.conf' });
    assert.equal(result.release.release, 'havana');
    assert.match(result.release.reason, /modeline/);
    assert.deepEqual(result.findings, []);
    const off = nova('[DEFAULT]\nverbos = 1\n', 'icehouse', { severity: { OS202: 'off' } });
    assert.deepEqual(off.findings, []);
    const hint = nova('[DEFAULT]\nverbos = 1\n', 'icehouse', { severity: { OS202: 'hint' } });
    assert.equal(hint.findings[0].severity, 'hint');
  });
});

describe('ContrailPlugin.ini', () => {
  const contrail = (text: string) => lint(text, { fileName: 'ContrailPlugin.ini' }).findings;

  it('checks ports, booleans and IP addresses', () => {
    const findings = contrail(
      '[APISERVER]\napi_server_ip = 10.0.0.300\napi_server_port = http\nmulti_tenancy = sure\n\n[KEYSTONE]\nauth_url = http://127.0.0.1:35357/v2.0\n',
    );
    assert.deepEqual(
      findings.map((f) => [f.code, f.range.start.line]),
      [
        ['OS205', 1],
        ['OS205', 2],
        ['OS205', 3],
      ],
    );
    assert.match(findings[1].message, /not a port number/);
  });

  it("recognises the later plugins' [CONTRAIL] and [COLLECTOR] sections and keys, and says which is which", () => {
    const findings = contrail(
      '[CONTRAIL]\napi_server_ip = 127.0.0.1\n[APISERVER]\nuse_ssl = True\n[COLLECTOR]\nanalytics_api_ip = 127.0.0.1\n',
    );
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      [
        ['OS212', 'info'],
        ['OS212', 'info'],
        ['OS212', 'info'],
      ],
    );
    assert.match(findings[0].message, /in-tree OpenContrail plugin/);
    assert.match(findings[1].message, /later Juniper Contrail plugins/);
  });
});

describe('oslo lint rules on Zed and Epoxy data (generated from Debian packages)', () => {
  it('checks ports, choices, bounds, URIs, hosts and dicts as oslo types do', () => {
    const text = [
      '[DEFAULT]',
      'osapi_compute_listen_port = 70000',
      'preallocate_images = full',
      'cpu_allocation_ratio = -1',
      'host = bad host',
      'reserved_huge_pages = node:0 size:2048',
      'my_ip = 10.0.0.1',
      '[api_database]',
      'connection_debug = 101',
      '[libvirt]',
      'rx_queue_size = 300',
      '[mks]',
      'mksproxy_base_url = not a uri',
      '[oslo_messaging_rabbit]',
      'kombu_reconnect_delay = 4.5',
      '[remote_debug]',
      'host = ::1',
    ].join('\n');
    const findings = nova(text, 'zed').findings.map((f) => [f.code, f.range.start.line]);
    assert.deepEqual(findings, [
      ['OS205', 1],
      ['OS206', 2],
      ['OS207', 3],
      ['OS205', 4],
      ['OS207', 8],
      ['OS206', 10],
      ['OS205', 12],
    ]);
  });

  it('knows which options Epoxy dropped and says so', () => {
    const text = '[database]\nconnection = mysql+pymysql://nova@localhost/nova\n[DEFAULT]\nsql_connection = sqlite://\n';
    const zed = nova(text, 'zed').findings;
    assert.deepEqual(
      zed.map((f) => [f.code, f.range.start.line]),
      [
        ['OS203', 3],
        ['OS208', 3],
      ],
    );
    assert.match(
      zed[1].message,
      /ignored: \[database\] connection \(line 2\) is set too, and oslo\.config reads a deprecated name only when the current one is not set/,
    );
    const epoxy = nova(text, 'epoxy').findings;
    assert.deepEqual(
      epoxy.map((f) => f.code),
      ['OS202'],
    );
    assert.match(epoxy[0].message, /known Havana–Bobcat, removed in Caracal; renamed to \[database\] connection in Havana$/);
  });

  it('does not report plugin-dependent options in keystoneauth groups', () => {
    // a third-party plugin's options are unknown here: its group stays open (auth-url became auth_url:
    // oslo.config ignores a dashed key, see OS213)
    assert.deepEqual(
      codes(
        '[keystone_authtoken]\nauth_type = my_plugin\nauth_url = http://127.0.0.1/identity\nusername = nova\nmy_plugin_option = 1\n[neutron]\nauth_url = http://x\n',
        'zed',
      ),
      [],
    );
  });

  it('infers the release that fits the file best', () => {
    const result = lint(
      '[DEFAULT]\ntransport_url = rabbit://x\n[api_database]\nconnection = mysql://x\n[placement]\nauth_type = password\n[glance]\nenable_rbd_download = true\n',
      { fileName: 'nova.conf' },
    );
    // [glance] enable_rbd_download came in Victoria: every release since fits, and the reason says they tie
    assert.deepEqual(result.release.fit?.releases, releasesBetween('victoria'));
    assert.equal(result.release.release, 'gazpacho');
    assert.match(
      result.release.reason,
      /^inferred: its options fit Victoria–Gazpacho equally \(confidence low, 4 telling names\); checked as Gazpacho/,
    );
    assert.equal(lint('[DEFAULT]\nlibvirt_type = kvm\nneutron_url = http://x\n', { fileName: 'nova.conf' }).release.release, 'havana');
  });
});

// issue #13 §3–4: false alarms and missed problems found on real files (small files of our own)
describe('oslo lint: the classes of issue #13', () => {
  const conf = (fileName: string, text: string, release: string) => lint(text, { fileName, release, releaseOrigin: 'test' }).findings;
  const codesOf = (fileName: string, text: string, release: string) => conf(fileName, text, release).map((f) => f.code);

  it('Havana nova knows the aliases its code declares: quantum_* of neutron_*, logdir (OS203, not OS202)', () => {
    const findings = conf(
      'nova.conf',
      '[DEFAULT]\nquantum_url = http://127.0.0.1:9696\nquantum_admin_username = neutron\nlogdir = /var/log/nova\n',
      'havana',
    );
    assert.deepEqual(
      findings.map((f) => f.code),
      ['OS203', 'OS203', 'OS203'],
    );
    assert.match(findings[0].message, /"quantum_url" in \[DEFAULT\] is a deprecated name of \[DEFAULT\] neutron_url/);
    assert.match(findings[2].message, /deprecated name of \[DEFAULT\] log_dir/);
  });

  it('Havana nova: a quantum_* alias set next to its neutron_* name is ignored (OS208)', () => {
    const findings = conf('nova.conf', '[DEFAULT]\nquantum_url = http://a:9696\nneutron_url = http://b:9696\n', 'havana');
    const ignored = findings.find((f) => f.code === 'OS208');
    assert.equal(ignored?.range.start.line, 1);
    assert.match(ignored?.message ?? '', /this "quantum_url" is ignored: \[DEFAULT\] neutron_url \(line 3\) is set too/);
  });

  it('Havana nova reads [keystone_authtoken] (the auth_token middleware registers it)', () => {
    assert.deepEqual(codesOf('nova.conf', '[keystone_authtoken]\nauth_host = 127.0.0.1\nadmin_user = nova\n', 'havana'), []);
  });

  it('Havana and Icehouse neutron know [DEFAULT] policy_file', () => {
    for (const release of ['havana', 'icehouse'])
      assert.deepEqual(codesOf('neutron.conf', '[DEFAULT]\npolicy_file = /etc/neutron/policy.json\n', release), [], release);
  });

  it('OS208: a multi-valued option (service_provider, a MultiStrOpt) may be set again, in every release', () => {
    const text = '[service_providers]\nservice_provider = LOADBALANCER:Haproxy:a.B:default\nservice_provider = VPN:openswan:c.D:default\n';
    for (const release of ['havana', 'icehouse', 'zed', 'epoxy']) assert.deepEqual(codesOf('neutron.conf', text, release), [], release);
    const notifiers =
      '[DEFAULT]\nnotification_driver = neutron.openstack.common.notifier.rpc_notifier\nnotification_driver = neutron.openstack.common.notifier.log_notifier\n';
    for (const release of ['havana', 'icehouse'])
      assert.deepEqual(codesOf('neutron.conf', notifiers, release), [], `every MultiStrOpt of the code, ${release}`);
    assert.deepEqual(
      codesOf('neutron.conf', '[DEFAULT]\ncore_plugin = a\ncore_plugin = b\n', 'havana'),
      ['OS208'],
      'a single-valued one still is a duplicate',
    );
  });

  it("knows groups registered at run time: os-vif's in Zed nova, [service_providers] in Zed/Epoxy neutron", () => {
    assert.deepEqual(
      codesOf(
        'nova.conf',
        '[os_vif_linux_bridge]\nflat_interface = eth1\n[os_vif_ovs]\novsdb_connection = tcp:127.0.0.1:6640\nisolate_vif = true\n',
        'zed',
      ),
      [],
    );
    assert.deepEqual(
      codesOf('nova.conf', '[os_vif_ovs]\nisolate_vif = maybe\nper_port_bridg = true\n', 'zed'),
      ['OS205', 'OS202'],
      'and checks them',
    );
  });

  it("glance: each enabled_backends store is a group with its driver's options (and the reserved stores)", () => {
    const text =
      '[DEFAULT]\nenabled_backends = fs:file, ceph:rbd\n[glance_store]\ndefault_backend = fs\n[fs]\nfilesystem_store_datadir = /var/lib/glance/images\nstore_description = local disk\n[ceph]\nrbd_store_pool = images\n[os_glance_staging_store]\nfilesystem_store_datadir = /var/lib/glance/staging\n';
    for (const release of ['zed', 'epoxy']) assert.deepEqual(codesOf('glance-api.conf', text, release), [], release);
    const wrongDriver = conf('glance-api.conf', '[DEFAULT]\nenabled_backends = fs:file\n[fs]\nrbd_store_pool = images\n', 'zed');
    assert.deepEqual(
      wrongDriver.map((f) => f.code),
      ['OS202'],
    );
    assert.match(wrongDriver[0].message, /unknown option "rbd_store_pool" in \[fs\]/);
    assert.deepEqual(
      codesOf('glance-api.conf', '[fs]\nfilesystem_store_datadir = /x\n', 'zed'),
      ['OS201'],
      'without enabled_backends [fs] is no store',
    );
  });

  it('open auth groups: options of no auth plugin are reported ([placement] os_region_name, [service_user] auth_strategy, memcahced_servers)', () => {
    const text =
      '[placement]\nauth_type = password\nauth_url = http://x/identity\nos_region_name = RegionOne\n[service_user]\nauth_strategy = keystone\n[keystone_authtoken]\nauth_type = password\nmemcahced_servers = 127.0.0.1:11211\n';
    const findings = conf('nova.conf', text, 'zed');
    assert.deepEqual(
      findings.map((f) => [f.code, f.range.start.line]),
      [
        ['OS202', 3],
        ['OS202', 5],
        ['OS202', 8],
      ],
    );
    assert.match(
      findings[0].message,
      /unknown option "os_region_name" in \[placement\] \(Zed \(2022\.2\)\): neither an option of the group nor of its auth plugin "password"/,
    );
    assert.match(findings[1].message, /nor of any keystoneauth auth plugin/);
    assert.match(findings[2].message, /did you mean "memcached_servers"\?/);
  });

  it("[keystone_authtoken] without auth_type: keystonemiddleware's legacy options are read, a misspelt one is not", () => {
    assert.deepEqual(
      codesOf(
        'neutron.conf',
        '[keystone_authtoken]\nauth_host = 127.0.0.1\nauth_port = 35357\nadmin_user = neutron\nadmin_tenant_name = service\n',
        'zed',
      ),
      [],
    );
    const findings = conf('glance-api.conf', '[keystone_authtoken]\nadmin_usr = glance\n', 'epoxy');
    assert.deepEqual(
      findings.map((f) => f.code),
      ['OS202'],
    );
    assert.match(findings[0].message, /did you mean "admin_user"\?/);
  });

  it("open auth groups: the options of the auth_type set are read, another plugin's are not", () => {
    const appCred =
      '[placement]\nauth_type = v3applicationcredential\napplication_credential_id = abc\napplication_credential_secret = s\n';
    for (const release of ['zed', 'epoxy']) assert.deepEqual(codesOf('nova.conf', appCred, release), [], release);
    const other = conf('nova.conf', '[placement]\nauth_type = password\napplication_credential_secret = s\n', 'epoxy');
    assert.deepEqual(
      other.map((f) => f.code),
      ['OS202'],
    );
    assert.match(other[0].message, /auth plugin "password"/);
  });

  it('OS213: a dashed key is ignored by oslo.config, with a fix to the underscore spelling', () => {
    const text = '[DEFAULT]\napi_paste-config = /etc/nova/api-paste.ini\n';
    const findings = conf('nova.conf', text, 'zed');
    assert.deepEqual(
      findings.map((f) => f.code),
      ['OS213'],
    );
    assert.match(findings[0].message, /"api_paste-config" is ignored: oslo\.config reads the option only as "api_paste_config"/);
    assert.equal(applyEdits(text, findings[0].fixes?.[0].edits ?? []), '[DEFAULT]\napi_paste_config = /etc/nova/api-paste.ini\n');
    assert.deepEqual(codesOf('nova.conf', '[DEFAULT]\nverbos-e = 1\n', 'zed'), ['OS202'], 'an unknown dashed key stays unknown');
  });

  it('OS206: the items of a list whose items have choices are checked (enabled_apis)', () => {
    for (const release of ['zed', 'epoxy']) {
      const findings = conf('nova.conf', '[DEFAULT]\nenabled_apis = /var/log/nova\n', release);
      assert.deepEqual(
        findings.map((f) => f.code),
        ['OS206'],
        release,
      );
      assert.match(findings[0].message, /"\/var\/log\/nova" in this list is not one of "osapi_compute", "metadata"/);
      assert.deepEqual(codesOf('nova.conf', '[DEFAULT]\nenabled_apis = osapi_compute, metadata\n', release), [], release);
    }
  });

  it('OS214: a file that is not oslo INI at all is said to be so once, not once a line', () => {
    const script = ['#!/bin/bash', 'set -e', ...Array.from({ length: 23 }, (_, i) => `echo step ${i}`)].join('\n') + '\n';
    const findings = conf('nova.conf', script, 'zed');
    assert.deepEqual(
      findings.map((f) => f.code),
      ['OS214'],
    );
    assert.match(findings[0].message, /^this is not an oslo\.config INI file: 24 of its 24 lines/);
    assert.deepEqual(
      codesOf('nova.conf', '[DEFAULT]\ndebug = True\njunk line\nmy_ip = 10.0.0.1\n', 'zed'),
      ['OS200'],
      'a stray line in an INI file is still an OS200',
    );
  });
});
