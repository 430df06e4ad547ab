import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint, type LintOptions } from '../../../../src/core/config/lint/lint';
import { applyEdits } from '../../../../src/core/config/text';

const nova = (text: string, release = 'icehouse', extra: LintOptions = {}) => lint(text, { fileName: 'nova.conf', release, releaseOrigin: 'test', ...extra });
const codes = (text: string, release?: string) => nova(text, release).findings.map((f) => f.code);
const fixed = (text: string, code: string, release?: string): string => {
  const finding = nova(text, release).findings.find((f) => f.code === code);
  assert.ok(finding?.fixes?.[0], `${code} has a fix`);
  return applyEdits(text, finding.fixes[0].edits);
};

describe('oslo lint rules (nova, Havana/Icehouse data)', () => {
  it('is quiet on a clean Icehouse nova.conf', () => {
    assert.deepEqual(codes('[DEFAULT]\ncompute_driver = novadocker.virt.docker.driver.DockerDriver\ndebug = True\n\n[docker]\nvif_driver = novadocker.virt.docker.opencontrail.OpenContrailVIFDriver\n'), []);
  });

  it('OS200: reports syntax oslo refuses', () => {
    const result = nova('no section = 1\n[DEFAULT]\njunk line\n');
    assert.deepEqual(result.findings.map((f) => [f.code, f.range.start.line, f.severity]), [['OS200', 0, 'error'], ['OS200', 2, 'error']]);
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
    assert.match(removed.message, /known in Icehouse/);
  });

  it('OS203: a deprecated name is renamed, or moved to its new group', () => {
    assert.equal(fixed('[DEFAULT]\nlibvirt_type = kvm\n', 'OS203'), '[DEFAULT]\n\n[libvirt]\nvirt_type = kvm\n');
    assert.equal(fixed('[DEFAULT]\nlibvirt_type = kvm\n\n[libvirt]\nimages_type = raw\n', 'OS203'), '[DEFAULT]\n\n[libvirt]\nimages_type = raw\nvirt_type = kvm\n');
    const havana = nova('[DEFAULT]\nsql_connection = mysql://root@localhost/nova\n', 'havana').findings;
    assert.deepEqual(havana.map((f) => f.code), ['OS203']);
    assert.match(havana[0].message, /deprecated name of \[database\] connection/);
  });

  it('OS204: an option deprecated for removal, with since and why', () => {
    const [finding] = nova('[glance]\napi_servers = http://127.0.0.1:9292\n', 'zed').findings;
    assert.equal(finding.code, 'OS204');
    assert.match(finding.message, /\[glance\] api_servers is deprecated for removal since \S+/);
  });

  it('OS205/OS206/OS207: types, choices and bounds', () => {
    const findings = nova('[DEFAULT]\ndebug = maybe\nosapi_compute_listen_port = 8774\nmetadata_workers = many\nstate_path = $pybasedir\n').findings;
    assert.deepEqual(findings.map((f) => [f.code, f.range.start.line]), [['OS205', 1], ['OS205', 3]], 'values that interpolate ($pybasedir) are not judged');
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
    assert.deepEqual(codes('[DEFAULT]\nnetwork_api_class = nova.network.api.API#not-a-comment\n'), [], 'no whitespace before #: not a comment');
  });

  it('OS210: compute_driver = docker.DockerDriver is an error from Icehouse on, fine in Havana', () => {
    const text = '[DEFAULT]\ncompute_driver = docker.DockerDriver\n';
    assert.deepEqual(codes(text, 'havana'), []);
    assert.deepEqual(codes(text, 'icehouse'), ['OS210']);
    assert.equal(fixed(text, 'OS210'), '[DEFAULT]\ncompute_driver = novadocker.virt.docker.driver.DockerDriver\n');
  });

  it('OS211: the OpenContrail VIF driver without nova-docker as compute driver', () => {
    const text = '[DEFAULT]\ncompute_driver = libvirt.LibvirtDriver\n[docker]\nvif_driver = novadocker.virt.docker.opencontrail.OpenContrailVIFDriver\n';
    const [finding] = nova(text).findings;
    assert.equal(finding.code, 'OS211');
    assert.match(finding.message, /compute_driver is "libvirt\.LibvirtDriver"/);
  });

  it('an option or section named like an Object member (constructor, __proto__) is unknown', () => {
    const findings = lint('[DEFAULT]\nconstructor = 1\n__proto__ = 2\n[toString]\nx = 1\n', { fileName: 'nova.conf', release: 'icehouse' }).findings;
    assert.deepEqual(findings.map((f) => f.code), ['OS202', 'OS202', 'OS201']);
    assert.doesNotMatch(findings[0].message, /it lives in/);
  });

  it('honours disable directives, the release modeline and severity overrides', () => {
    const text = '# devstack-contrail: release=havana\n[DEFAULT]\n# devstack-contrail: disable=OS202\nverbos = True\ncompute_driver = docker.DockerDriver\n';
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
    const findings = contrail('[APISERVER]\napi_server_ip = 10.0.0.300\napi_server_port = http\nmulti_tenancy = sure\n\n[KEYSTONE]\nauth_url = http://127.0.0.1:35357/v2.0\n');
    assert.deepEqual(findings.map((f) => [f.code, f.range.start.line]), [['OS205', 1], ['OS205', 2], ['OS205', 3]]);
    assert.match(findings[1].message, /not a port number/);
  });

  it('recognises the later plugins\' [CONTRAIL] and [COLLECTOR] sections and keys, and says which is which', () => {
    const findings = contrail('[CONTRAIL]\napi_server_ip = 127.0.0.1\n[APISERVER]\nuse_ssl = True\n[COLLECTOR]\nanalytics_api_ip = 127.0.0.1\n');
    assert.deepEqual(findings.map((f) => [f.code, f.severity]), [['OS212', 'info'], ['OS212', 'info'], ['OS212', 'info']]);
    assert.match(findings[0].message, /in-tree OpenContrail plugin/);
    assert.match(findings[1].message, /later Juniper Contrail plugins/);
  });
});

describe('oslo lint rules on Zed and Epoxy data (generated from Debian packages)', () => {
  it('checks ports, choices, bounds, URIs, hosts and dicts as oslo types do', () => {
    const text = [
      '[DEFAULT]', 'osapi_compute_listen_port = 70000', 'preallocate_images = full', 'cpu_allocation_ratio = -1',
      'host = bad host', 'reserved_huge_pages = node:0 size:2048', 'my_ip = 10.0.0.1',
      '[api_database]', 'connection_debug = 101', '[libvirt]', 'rx_queue_size = 300', '[mks]', 'mksproxy_base_url = not a uri',
      '[oslo_messaging_rabbit]', 'kombu_reconnect_delay = 4.5', '[remote_debug]', 'host = ::1',
    ].join('\n');
    const findings = nova(text, 'zed').findings.map((f) => [f.code, f.range.start.line]);
    assert.deepEqual(findings, [['OS205', 1], ['OS206', 2], ['OS207', 3], ['OS205', 4], ['OS207', 8], ['OS206', 10], ['OS205', 12]]);
  });

  it('knows which options Epoxy dropped and says so', () => {
    const text = '[database]\nconnection = mysql+pymysql://nova@localhost/nova\n[DEFAULT]\nsql_connection = sqlite://\n';
    const zed = nova(text, 'zed').findings;
    assert.deepEqual(zed.map((f) => [f.code, f.range.start.line]), [['OS203', 3], ['OS208', 3]]);
    assert.match(zed[1].message, /ignored: \[database\] connection \(line 2\) is set too, and oslo\.config reads a deprecated name only when the current one is not set/);
    const epoxy = nova(text, 'epoxy').findings;
    assert.deepEqual(epoxy.map((f) => f.code), ['OS202']);
    assert.match(epoxy[0].message, /known in Havana–Zed/);
  });

  it('does not report plugin-dependent options in keystoneauth groups', () => {
    assert.deepEqual(codes('[keystone_authtoken]\nauth_url = http://127.0.0.1/identity\nusername = nova\nmy_plugin_option = 1\n[neutron]\nauth-url = http://x\n', 'zed'), []);
  });

  it('infers the release that fits the file best', () => {
    const result = lint('[DEFAULT]\ntransport_url = rabbit://x\n[api_database]\nconnection = mysql://x\n[placement]\nauth_type = password\n[glance]\nenable_rbd_download = true\n', { fileName: 'nova.conf' });
    assert.ok(['zed', 'epoxy'].includes(result.release.release), result.release.release);
    assert.match(result.release.reason, /inferred/);
    assert.equal(lint('[DEFAULT]\nlibvirt_type = kvm\nneutron_url = http://x\n', { fileName: 'nova.conf' }).release.release, 'havana');
  });
});
