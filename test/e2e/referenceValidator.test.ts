import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lint } from '../../src/core/config/lint/lint';
import { parseOsloIni } from '../../src/core/config/osloIni';
import { OptionCatalog } from '../../src/core/schema/catalog';

// Agreement with the upstream reference: Debian's oslo-config-validator with nova's Zed option data
// (test/env/oslo-reference.sh) and our linter, on the same files. Every unknown option and deprecated
// name the reference reports, we report too.
const root = join(__dirname, '..', '..', '..');
const optData = join(root, '.cache', 'reference', 'nova-zed.yaml');
const dir = mkdtempSync(join(tmpdir(), 'dc-reference-'));

interface ReferenceReport {
  unknown: [string, string][];
  deprecated: [string, string][];
}

function reference(file: string): ReferenceReport {
  const result = spawnSync('oslo-config-validator', ['--input-file', file, '--opt-data', optData], { encoding: 'utf8' });
  assert.ok(result.status === 0 || result.status === 1, `validator ran: ${result.stderr.slice(0, 500)}`);
  const pairs = (pattern: RegExp): [string, string][] => [...result.stderr.matchAll(pattern)].map((m) => [m[1], m[2]]);
  return {
    unknown: pairs(/^ERROR:root:(.+?)\/(.+?) is not part of the sample config$/gm),
    deprecated: pairs(/^WARNING:root:Deprecated opt (.+?)\/(.+?) found$/gm),
  };
}

/** Uncomments every `#name=value` option line of an upstream sample config: a full, real file of that era. */
function activated(sample: string): string {
  return sample
    .split('\n')
    .map((l) => l.replace(/^#([A-Za-z_][A-Za-z0-9_-]*)=/, '$1='))
    .join('\n');
}

const inputs: Record<string, string> = {
  'crafted.conf':
    '[DEFAULT]\nverbos = True\nsql_connection = mysql://x\nlibvirt_type = kvm\ncompute_driver = docker.DockerDriver\n[libvirt]\nmy_ip = 1.2.3.4\n[databse]\nconnection = x\n[keystone_authtoken]\nauth_url = http://x\nfoo_bar = 1\n[neutron]\nauth-url = http://x\n',
  'examples-nova.conf': readFileSync(join(root, 'examples', 'nova.conf'), 'utf8'),
  'fixture-2014-nova.conf': readFileSync(join(root, 'test', 'env', 'fixtures', 'etc-2014', 'nova.conf'), 'utf8'),
  'havana-sample-activated.conf': activated(readFileSync(join(root, 'data', 'legacy', 'nova.conf.sample.2013.2'), 'utf8')),
  'icehouse-sample-activated.conf': activated(readFileSync(join(root, 'data', 'legacy', 'nova.conf.sample.2014.1'), 'utf8')),
};

describe('agreement with oslo-config-validator (nova, Zed)', () => {
  for (const [name, text] of Object.entries(inputs)) {
    it(`reports every unknown option and deprecated name the reference reports: ${name}`, () => {
      const file = join(dir, name);
      writeFileSync(file, text);
      const ref = reference(file);
      const ours = lint(text, { type: { kind: 'oslo', service: 'nova' }, release: 'zed' }).findings;
      const doc = parseOsloIni(text);
      const lineOf = (group: string, key: string): number[] =>
        doc.options.filter((o) => o.section === group && o.key === key).map((o) => o.line);
      const headerLines = (group: string): number[] => doc.sections.filter((s) => s.name === group).map((s) => s.line);
      const missing: string[] = [];
      for (const [group, key] of ref.unknown) {
        // oslo.config itself reads group names case-insensitively (cfg._normalize_group_name), the
        // validator does not: [Database] is read as [database] at run time, so we do not report it
        if (group !== 'DEFAULT' && group !== group.toLowerCase()) continue;
        // [docker] is nova-docker's group (its own option data), which nova's reference data cannot know
        if (group === 'docker') continue;
        const lines = lineOf(group, key);
        const covered = ours.some(
          (f) =>
            (['OS202', 'OS203'].includes(f.code) && lines.includes(f.range.start.line)) ||
            (f.code === 'OS201' && headerLines(group).includes(f.range.start.line)),
        );
        if (!covered) missing.push(`unknown ${group}/${key}`);
      }
      const catalog = OptionCatalog.for('nova', 'zed');
      for (const [group, key] of ref.deprecated) {
        // oslo.messaging's [DEFAULT] rpc_conn_pool_size names itself as its own deprecated alias; the
        // validator checks aliases first and calls it deprecated, but oslo.config reads it as the option itself
        const lookup = catalog?.lookup(group, key);
        if (
          lookup?.kind === 'option' &&
          lookup.option.deprecated_opts?.some((a) => (a.group ?? group) === group && (a.name ?? key) === key)
        )
          continue;
        // OS203: a deprecated name; OS204: an option deprecated for removal (auth_uri, still registered itself)
        if (!ours.some((f) => ['OS203', 'OS204'].includes(f.code) && lineOf(group, key).includes(f.range.start.line)))
          missing.push(`deprecated ${group}/${key}`);
      }
      assert.deepEqual(
        missing,
        [],
        `reported by oslo-config-validator but not by us (of ${ref.unknown.length} unknown, ${ref.deprecated.length} deprecated)`,
      );
      assert.ok(ref.unknown.length + ref.deprecated.length > 0, 'the file has something for the reference to report');
    });
  }

  it('differs from the reference only where oslo.config itself does: group names are case-insensitive', () => {
    const text = '[DEFAULT]\ndebug = true\n[Database]\nmax_retries = 3\n';
    const file = join(dir, 'case.conf');
    writeFileSync(file, text);
    assert.deepEqual(reference(file).unknown, [['Database', 'max_retries']]);
    assert.deepEqual(lint(text, { type: { kind: 'oslo', service: 'nova' }, release: 'zed' }).findings, []);
    // and oslo.config reads it: parse it with the real library
    const py = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        `
from oslo_config import cfg
conf = cfg.ConfigOpts()
conf.register_opts([cfg.IntOpt('max_retries')], group='database')
conf(args=[], default_config_files=['${file}'])
print(conf.database.max_retries)`,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(py.stdout.trim(), '3', py.stderr);
  });
});
