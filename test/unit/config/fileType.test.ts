import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CONTENT_PREFIX_CHARS,
  detectFileType,
  fileTypeOf,
  formatFileType,
  kindToAdopt,
  parseFileType,
  type FileTypeDetection,
} from '../../../src/core/config/fileType';
import { lint } from '../../../src/core/config/lint/lint';

/** "nova (from the name nova.conf.rpmnew)", "local.conf (content: [[local|localrc]] at line 3)". */
function describeDetection(detection: FileTypeDetection): string {
  const label = detection.type.kind === 'oslo' ? (detection.type.service ?? 'oslo') : detection.type.kind;
  return `${label} (${detection.basis === 'name' ? `from the name ${detection.evidence}` : `content: ${detection.evidence}`})`;
}

const kind = (name: string | undefined, text = ''): string | undefined => {
  const detection = detectFileType(name, text);
  return detection && formatFileType(detection.type);
};
const why = (name: string | undefined, text = ''): string | undefined => {
  const detection = detectFileType(name, text);
  return detection && describeDetection(detection);
};

const NOVA =
  '[DEFAULT]\ncompute_driver = novadocker.virt.docker.driver.DockerDriver\ndebug = True\nmy_ip = 10.0.0.5\n\n[libvirt]\nvirt_type = kvm\n';
const LOCALRC = '# a 2014 localrc\nADMIN_PASSWORD=secret\nVIRT_DRIVER=docker\nenable_service neutron q-svc\n';
const LOCAL_CONF = '# seed for the CI hosts\n\n[[local|localrc]]\nADMIN_PASSWORD=secret\nenable_service q-svc\n';

describe('file kind detection', () => {
  it('knows a file by a name with packaging suffixes, added words and prefixes', () => {
    assert.deepEqual(
      [
        'broken-nova.conf',
        'seed-local.conf',
        'localrc-single',
        'local.conf.sample',
        'nova.conf.rpmnew',
        'neutron.conf.dpkg-dist',
        'glance-api.conf.orig',
        'ContrailPlugin.ini.bak',
        'nova.conf.example',
        'localrc~',
        'nova-compute.conf',
        'my.localrc',
      ].map((name) => [name, kind(name)]),
      [
        ['broken-nova.conf', 'oslo:nova'],
        ['seed-local.conf', 'local.conf'],
        ['localrc-single', 'localrc'],
        ['local.conf.sample', 'local.conf'],
        ['nova.conf.rpmnew', 'oslo:nova'],
        ['neutron.conf.dpkg-dist', 'oslo:neutron'],
        ['glance-api.conf.orig', 'oslo:glance-api'],
        ['ContrailPlugin.ini.bak', 'oslo:contrail-plugin'],
        ['nova.conf.example', 'oslo:nova'],
        ['localrc~', 'localrc'],
        ['nova-compute.conf', 'oslo:nova'],
        ['my.localrc', 'localrc'],
      ],
    );
    assert.equal(why('/etc/nova/nova.conf.rpmnew'), 'nova (from the name nova.conf.rpmnew)');
    assert.equal(fileTypeOf('README'), undefined);
    assert.equal(fileTypeOf('novaconf'), undefined, 'a base name must be set apart by - _ or .');
  });

  it('knows a file by its content when the name does not say it, and says what showed it', () => {
    assert.equal(why('seed', LOCAL_CONF), 'local.conf (content: [[local|localrc]] at line 3)');
    assert.equal(why('host-a', LOCALRC), 'localrc (content: ADMIN_PASSWORD=… at line 2, a devstack variable)');
    assert.equal(why(undefined, 'enable_plugin contrail https://x\n'), 'localrc (content: enable_plugin at line 1)');
    assert.equal(why('compute-node', NOVA), 'nova (content: [DEFAULT] compute_driver and 3 other nova options)');
    assert.equal(kind('server', '[DEFAULT]\ncore_plugin = ml2\nservice_plugins = router\n'), 'oslo:neutron');
    assert.equal(
      why('store', '[glance_store]\nstores = file\n'),
      'glance-api (content: [glance_store], a glance-api section, and 1 glance-api option)',
    );
    assert.equal(
      kind('plugin', '[APISERVER]\napi_server_ip = 10.0.0.1\napi_server_port = 8082\n\n[KEYSTONE]\nadmin_user = admin\n'),
      'oslo:contrail-plugin',
    );
  });

  it('content that names a kind wins over a weak name; an exact name wins over content', () => {
    assert.equal(why('settings.conf', LOCAL_CONF), 'local.conf (content: [[local|localrc]] at line 3)', 'a .conf name is only a hint');
    assert.equal(why('seed-nova.conf', LOCAL_CONF), 'local.conf (content: [[local|localrc]] at line 3)', 'a decorated name gives way');
    assert.equal(kind('extra.ini', NOVA), 'oslo:nova', 'the content names the service a .ini name does not');
    assert.equal(why('broken-nova.conf', NOVA), 'nova (from the name broken-nova.conf)', 'name and content agree');
    assert.equal(kind('broken-nova.conf', 'garbage\n'), 'oslo:nova', 'the name still holds when the content says nothing');
    assert.equal(kind('nova.conf', LOCAL_CONF), 'oslo:nova', 'nova.conf is what nova reads, whatever is in it');
    assert.equal(kind('other.conf', '[DEFAULT]\ndebug = True\n'), 'oslo', 'options every service shares name none');
    assert.equal(kind('notes', 'just some words\nFOO=bar\n'), undefined);
    assert.equal(kind('check', '[ -n "$X" ] && ADMIN_PASSWORD=x\nenable_service q-svc\n'), 'localrc', 'a bash test is not an INI section');
  });

  it('reads a bounded prefix: what lies beyond it does not count, and a large file is quick', () => {
    const filler = '# filler line of a long comment block\n'.repeat(Math.ceil(CONTENT_PREFIX_CHARS / 38) + 10);
    assert.equal(kind('seed', `${filler}[[local|localrc]]\n`), undefined);
    assert.equal(kind('seed', `[[local|localrc]]\n${filler}`), 'local.conf');
    const huge = `${NOVA}${'debug = True\n'.repeat(2_000_000)}`;
    const started = performance.now();
    assert.equal(kind('compute-node', huge), 'oslo:nova');
    assert.ok(performance.now() - started < 500, `${performance.now() - started} ms for a 26 MB file`);
  });

  it('lint checks an unnamed file as what its content is', () => {
    const result = lint('[[local|localrc]]\nVIRT_DRIVER = docker\n', { fileName: 'seed' });
    assert.deepEqual(result.type, { kind: 'local.conf' });
    assert.ok(
      result.findings.some((f) => f.code === 'DS101'),
      result.findings.map((f) => f.code).join(' '),
    );
    assert.deepEqual(parseFileType(formatFileType({ kind: 'oslo', service: 'glance-api' })), { kind: 'oslo', service: 'glance-api' });
  });

  it('tells the editor which plain-text, INI or properties documents are ours, and leaves the rest', () => {
    const adopt = (language: string, name: string, text = ''): string | undefined => {
      const detection = kindToAdopt(language, name, text);
      return detection && formatFileType(detection.type);
    };
    assert.equal(adopt('properties', '/w/seed-local.conf', LOCAL_CONF), 'local.conf');
    assert.equal(adopt('plaintext', '/w/compute-node', NOVA), 'oslo:nova');
    assert.equal(adopt('plaintext', '/w/nova.conf.rpmnew'), 'oslo:nova');
    assert.equal(adopt('plaintext', '/w/localrc-single', 'HOST_IP=10.0.0.1\n'), 'localrc');
    assert.equal(
      adopt('properties', '/w/app.conf', '[DEFAULT]\ndebug = True\n'),
      undefined,
      'a .conf name and shared options are not enough',
    );
    assert.equal(adopt('plaintext', '/w/notes.txt', 'hello\n'), undefined);
    assert.equal(adopt('shellscript', '/w/setup.sh', LOCALRC), undefined, 'a shell script stays one: a localrc is shell too');
    assert.equal(adopt('shellscript', '/w/localrc.orig', LOCALRC), 'localrc', 'unless its name says localrc');
    assert.equal(adopt('python', '/w/nova.conf.py', NOVA), undefined);
  });
});
