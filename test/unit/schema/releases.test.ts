import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { describeVariable } from '../../../src/core/config/language/describe';
import { lint } from '../../../src/core/config/lint/lint';
import { devstackData } from '../../../src/core/schema/devstack';
import { OptionCatalog } from '../../../src/core/schema/catalog';
import { HISTORY_SERVICES } from '../../../src/core/schema/loader';
import { RELEASES, RELEASE_LABELS, lifetimeNote, releasesBetween } from '../../../src/core/schema/releases';

// issue #13 §1: all 26 releases selectable and known, and messages that give a name's whole history
const root = join(__dirname, '..', '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { enum: string[]; enumDescriptions: string[] }> } };
};

describe('26 releases, Havana to Gazpacho', () => {
  it('offers every release in the setting, with its label, and nothing else', () => {
    const setting = pkg.contributes.configuration.properties['devstackContrail.release'];
    assert.deepEqual(setting.enum, ['auto', ...RELEASES]);
    assert.deepEqual(
      setting.enumDescriptions.slice(1),
      RELEASES.map((r) => RELEASE_LABELS[r]),
    );
    assert.equal(RELEASES.length, 26);
    assert.equal(RELEASE_LABELS.juno, 'Juno (2014.2)');
    assert.equal(RELEASE_LABELS.gazpacho, 'Gazpacho (2026.1)');
  });

  it('checks each release against its own option data for nova, neutron and glance-api', () => {
    for (const service of HISTORY_SERVICES) {
      for (const release of RELEASES) {
        const catalog = OptionCatalog.for(service, release);
        assert.ok(catalog, `${service} ${release}`);
        assert.equal(catalog.lookup('DEFAULT', 'debug').kind, 'option', `${service} ${release}: [DEFAULT] debug`);
      }
    }
    // a release's own names: [placement] came in Newton, [vnc] enabled in Liberty (from [DEFAULT] vnc_enabled)
    assert.equal(OptionCatalog.for('nova', 'mitaka')?.group('placement'), undefined);
    assert.ok(OptionCatalog.for('nova', 'newton')?.group('placement'));
    assert.equal(OptionCatalog.for('nova', 'kilo')?.lookup('DEFAULT', 'vnc_enabled').kind, 'option');
    assert.equal(OptionCatalog.for('nova', 'liberty')?.lookup('DEFAULT', 'vnc_enabled').kind, 'deprecated-name');
  });

  it('selects a release by any spelling a user writes', () => {
    const file = '[DEFAULT]\ndebug = true\n';
    for (const [spelling, release] of [
      ['kilo', 'kilo'],
      ['2015.1', 'kilo'],
      ['stable/newton', 'newton'],
      ['unmaintained/yoga', 'yoga'],
      ['2023.2-eom', 'bobcat'],
      ['origin/stable/2024.2', 'dalmatian'],
    ] as const) {
      assert.equal(lint(file, { fileName: 'nova.conf', release: spelling }).release.release, release, spelling);
      assert.equal(lint(`# devstack-contrail: release=${spelling}\n${file}`, { fileName: 'nova.conf' }).release.release, release, spelling);
    }
  });

  it('says how long a name lived and where a renamed one went, over the whole history', () => {
    assert.equal(lifetimeNote(['havana', 'icehouse'], 'zed'), 'known Havana–Icehouse, removed in Juno');
    assert.equal(lifetimeNote(releasesBetween('rocky'), 'queens'), 'known Rocky–Gazpacho: added in Rocky');
    assert.equal(lifetimeNote(['havana', 'juno'], 'icehouse'), 'known Havana, Juno: not in Icehouse');
    assert.equal(lifetimeNote(['zed'], 'zed'), undefined);
    const message = (text: string, release: string) => lint(text, { fileName: 'nova.conf', release }).findings.map((f) => f.message);
    assert.deepEqual(message('[DEFAULT]\nebtables_exec_attempts = 3\n', 'epoxy'), [
      'unknown option "ebtables_exec_attempts" in [DEFAULT] (Epoxy (2025.1)); known Kilo–Train, removed in Ussuri',
    ]);
    assert.deepEqual(message('[DEFAULT]\nlibvirt_type = kvm\n', 'kilo'), [
      'unknown option "libvirt_type" in [DEFAULT] (Kilo (2015.1)); known Havana–Icehouse, removed in Juno; renamed to [libvirt] virt_type in Icehouse',
    ]);
    assert.deepEqual(message('[DEFAULT]\nvnc_enabled = true\n', 'liberty'), [
      '"vnc_enabled" in [DEFAULT] is a deprecated name of [vnc] enabled (Liberty (2015.2))',
    ]);
  });

  it("knows devstack's variables and services per release, from its own branches", () => {
    const findings = (release: string) =>
      lint('USE_SCREEN=True\nenable_service q-lbaas\n', { fileName: 'localrc', release }).findings.filter((f) => f.code !== 'DS110');
    assert.deepEqual(
      findings('ocata').map((f) => [f.code, f.message]),
      [['DS104', 'unknown service "q-lbaas" for devstack Ocata (known Havana–Mitaka, removed in Newton)']],
    );
    assert.deepEqual(
      findings('queens').map((f) => [f.code, f.message]),
      [
        ['DS103', 'devstack Queens does not read USE_SCREEN (known Havana–Pike, removed in Queens)'],
        ['DS104', 'unknown service "q-lbaas" for devstack Queens (known Havana–Mitaka, removed in Newton)'],
      ],
    );
    assert.deepEqual(findings('mitaka'), []);
    // and hover says which branches read a variable
    const useScreen = describeVariable('USE_SCREEN', devstackData().variables.USE_SCREEN, 'current', 'queens').markdown;
    assert.match(useScreen, /devstack branches: Havana–Pike — removed in Queens/);
  });
});
