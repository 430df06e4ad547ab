// The generated option history (src/core/schema/data/history/, scripts/schema/gen-option-history.py), as
// the build packs it, checked against facts read from the upstream sources (tag and file in each case).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HISTORY_SERVICES, loadDevstackHistory, loadOptionHistory, loadOptionHistoryHelp } from '../../../src/core/schema/loader';
import type { OptionHistory } from '../../../src/core/schema/optionHistory';
import { RELEASES, parseReleaseName } from '../../../src/core/schema/releases';

// the 26 releases of issue #13, Havana 2013.2 to Gazpacho 2026.1 (the data and the code must agree on them)
const SERIES = RELEASES;

function history(service: (typeof HISTORY_SERVICES)[number]): OptionHistory {
  const loaded = loadOptionHistory(service);
  assert.ok(loaded, `history of ${service} is packed`);
  return loaded;
}

describe('option history of 26 releases', () => {
  it('has every release from Havana to Gazpacho, with the tag read for each, for nova, neutron and glance-api', () => {
    for (const service of HISTORY_SERVICES) {
      const h = history(service);
      assert.deepEqual(h.releases, SERIES, service);
      assert.deepEqual(Object.keys(h.data.tags), SERIES, `${service} names a tag per release`);
      for (const release of SERIES) assert.ok(h.hasGroup('DEFAULT', release), `${service} ${release} has [DEFAULT]`);
    }
    assert.equal(history('nova').data.tags.havana, '2013.2.4');
    assert.equal(history('nova').data.tags.gazpacho, '33.0.2');
  });

  it('nova [DEFAULT] network_api_class: Havana–Mitaka, deprecated for removal in Mitaka, gone in Newton', () => {
    // nova/network/__init__.py declares it at 2013.2 … 13.1.4; no module of 14.1.0 does
    const nova = history('nova');
    assert.equal(nova.describe(nova.mask('DEFAULT', 'network_api_class')), 'Havana–Mitaka');
    assert.equal(nova.option('DEFAULT', 'network_api_class', 'liberty')?.deprecated_for_removal, undefined);
    assert.equal(nova.option('DEFAULT', 'network_api_class', 'mitaka')?.deprecated_for_removal, true);
    assert.equal(nova.option('DEFAULT', 'network_api_class', 'newton'), undefined);
  });

  it('nova [DEFAULT] neutron_url became [neutron] url in Juno, an alias at first, a URI option later', () => {
    // 2014.1.5 nova/network/neutronv2/api.py:40 StrOpt('neutron_url'); 2014.2.4 same file:45 StrOpt('url',
    // deprecated_group='DEFAULT', deprecated_name='neutron_url'); 19.3.2 nova/conf/neutron.py:33 URIOpt('url'),
    // gone from 20.6.1 (Train), where the keystoneauth adapter's endpoint_override replaces it
    const nova = history('nova');
    assert.equal(nova.describe(nova.mask('DEFAULT', 'neutron_url')), 'Havana–Icehouse');
    assert.deepEqual(nova.option('neutron', 'url', 'juno'), { type: 'string', deprecated: [['DEFAULT', 'neutron_url']] });
    assert.deepEqual(
      nova.aliasTargets('DEFAULT', 'neutron_url').map((t) => [t.group, t.name, nova.describe(t.mask)]),
      [['neutron', 'url', 'Juno']],
    );
    assert.equal(nova.option('neutron', 'url', 'stein')?.type, 'uri');
    assert.equal(nova.describe(nova.mask('neutron', 'url')), 'Juno–Stein');
    assert.equal(nova.option('neutron', 'endpoint_override', 'train')?.type, 'string');
  });

  it('says where an option went: removed, renamed (and still read), or added later', () => {
    // nova/conf/network.py:468 StrOpt("dhcp_domain") in [DEFAULT] at 18.3.0 and 19.3.2; 20.0.0 nova/conf/api.py:212
    // declares it in [api] with deprecated_group='DEFAULT'
    const nova = history('nova');
    assert.equal(nova.whereabouts('DEFAULT', 'network_api_class', 'zed')?.message, 'known Havana–Mitaka, removed in Newton');
    assert.equal(
      nova.whereabouts('DEFAULT', 'dhcp_domain', 'train')?.message,
      'renamed to [api] dhcp_domain in Train; still read under the old name',
    );
    assert.equal(nova.whereabouts('DEFAULT', 'dhcp_domain', 'train')?.kind, 'alias');
    assert.equal(nova.whereabouts('DEFAULT', 'dhcp_domain', 'stein'), undefined, 'Stein still has it in [DEFAULT]');
    assert.equal(
      nova.whereabouts('DEFAULT', 'neutron_url', 'zed')?.message,
      'known Havana–Icehouse, removed in Juno; renamed to [neutron] url in Juno',
    );
    assert.equal(nova.whereabouts('libvirt', 'live_migration_parallel_connections', 'epoxy')?.message, 'known Gazpacho: added in Gazpacho');
    assert.equal(nova.whereabouts('DEFAULT', 'no_such_option', 'epoxy'), undefined);
  });

  it('nova [libvirt] live_migration_parallel_connections: new in 2026.1 Gazpacho', () => {
    // 33.0.2 nova/conf/libvirt.py:374 IntOpt('live_migration_parallel_connections'); not in 32.2.1
    const nova = history('nova');
    assert.deepEqual(nova.releasesOf('libvirt', 'live_migration_parallel_connections'), ['gazpacho']);
    assert.equal(nova.option('libvirt', 'live_migration_parallel_connections', 'gazpacho')?.type, 'integer');
  });

  it('library options come at the version the release pinned: [keystone_authtoken] in Havana nova, [glance_store] stores deprecated from Rocky', () => {
    // Havana: python-keystoneclient's keystoneclient/middleware/auth_token.py declares auth_host, which
    // nova's Havana sample did not list. Epoxy: keystonemiddleware 10.9.1 (the pin) still registers it on
    // import (keystonemiddleware/auth_token/_auth.py:142, :179) but its list_opts() omits it: "unlisted"
    const nova = history('nova');
    assert.deepEqual(nova.option('keystone_authtoken', 'auth_host', 'havana'), { type: 'string' });
    assert.deepEqual(nova.option('keystone_authtoken', 'auth_host', 'epoxy'), { type: 'string', unlisted: true });
    assert.equal(nova.option('keystone_authtoken', 'www_authenticate_uri', 'epoxy')?.type, 'string');
    assert.equal(nova.option('keystone_authtoken', 'www_authenticate_uri', 'epoxy')?.unlisted, undefined);
    // os-vif 3.0.1 (Zed's pin) vif_plug_ovs/ovs.py declares ovsdb_connection; nova 26.3.0 requires os-vif and
    // calls os_vif.initialize(), but its etc/nova/nova-config-generator.conf lists no os_vif namespace (27.x does)
    assert.deepEqual(nova.option('os_vif_ovs', 'ovsdb_connection', 'zed'), { type: 'string', unlisted: true });
    assert.deepEqual(nova.option('os_vif_ovs', 'ovsdb_connection', 'antelope'), { type: 'string' });
    // os-vif 1.2.1 (Newton's pin) has no oslo.config entry point yet: vif_plug_ovs/ovs.py:48 CONFIG_OPTS
    // IntOpt('ovs_vsctl_timeout', deprecated_group="DEFAULT")
    assert.deepEqual(nova.option('os_vif_ovs', 'ovs_vsctl_timeout', 'newton'), {
      type: 'integer',
      deprecated: [['DEFAULT', null]],
      unlisted: true,
    });
    // glance_store 0.23.0 (Queens' upper-constraints) glance_store/backend.py:34 ListOpt('stores') without
    // deprecation; 0.26.2 (Rocky) and 4.1.1 (Zed) add deprecated_for_removal=True, deprecated_since='Rocky'
    const glance = history('glance-api');
    assert.equal(glance.option('glance_store', 'stores', 'queens')?.deprecated_for_removal, undefined);
    assert.equal(glance.option('glance_store', 'stores', 'rocky')?.deprecated_for_removal, true);
    assert.equal(glance.option('glance_store', 'stores', 'zed')?.type, 'list');
  });

  it('looks groups up as oslo.config does: case-insensitively except DEFAULT', () => {
    // neutron/quota.py registers quota_items under 'QUOTAS' (2013.2.4); later neutron/conf/quota.py under 'quotas'
    const neutron = history('neutron');
    assert.equal(neutron.option('quotas', 'quota_items', 'havana')?.type, 'list');
    assert.equal(neutron.option('QUOTAS', 'quota_items', 'havana')?.type, 'list');
    assert.equal(neutron.option('default', 'core_plugin', 'zed'), undefined);
    assert.equal(neutron.option('DEFAULT', 'core_plugin', 'zed')?.type, 'string');
    assert.throws(() => neutron.option('DEFAULT', 'core_plugin', 'grizzly'), /unknown release grizzly/);
  });

  it("reads every spelling of a release as one of the history's 26 series", () => {
    assert.deepEqual([RELEASES.length, RELEASES[0], RELEASES[25]], [26, 'havana', 'gazpacho']);
    const cases: [string, string | undefined][] = [
      ['icehouse', 'icehouse'],
      ['Icehouse', 'icehouse'],
      ['2014.1', 'icehouse'],
      ['stable/icehouse', 'icehouse'],
      ['icehouse-eol', 'icehouse'],
      ['2014.2', 'juno'],
      ['unmaintained/zed', 'zed'],
      ['zed-eom', 'zed'],
      ['2023.1', 'antelope'],
      ['stable/2023.2', 'bobcat'],
      ['unmaintained/2024.1', 'caracal'],
      ['2024.2-eol', 'dalmatian'],
      ['stable/2025.1', 'epoxy'],
      ['2026.1', 'gazpacho'],
      ['origin/stable/juno', 'juno'],
      ['refs/heads/stable/kilo', 'kilo'],
      ['12', 'liberty'],
      ['25', 'yoga'],
      ['master', undefined],
      ['26', undefined],
      ['havanaX', undefined],
    ];
    for (const [text, series] of cases) assert.equal(parseReleaseName(text)?.release, series, text);
    // a series before the data: its nearest release, and the name kept for the message
    assert.deepEqual(parseReleaseName('stable/grizzly'), { series: 'grizzly', release: 'havana' });
    for (const series of SERIES) assert.ok(history('nova').bit(parseReleaseName(series)?.release ?? 'none') > 0, series);
  });

  it('keeps help texts apart, loaded on demand', () => {
    const help = loadOptionHistoryHelp('nova');
    assert.match(help?.libvirt?.live_migration_parallel_connections ?? '', /parallel connections to QEMU/);
  });

  it("devstack: variables, services and functions per release, from each branch's end", () => {
    const devstack = loadDevstackHistory();
    assert.ok(devstack, 'devstack history is packed');
    assert.deepEqual(devstack.releases, SERIES);
    const h = history('nova'); // only for describe(): the same 26 releases
    // USE_SCREEN: in stackrc up to pike-eol, in no file of queens-eol
    assert.equal(h.describe(devstack.variables.USE_SCREEN ?? 0), 'Havana–Pike');
    // enable_plugin: functions-common on master at Kilo's release (52701440), not at juno-eol
    assert.equal(h.describe(devstack.functions.enable_plugin ?? 0), 'Kilo–Gazpacho');
    // n-net: lib/nova `is_service_enabled n-net` at stein-eol, nowhere at train-eol
    assert.equal(h.describe(devstack.services['n-net'] ?? 0), 'Havana–Stein');
    // read by devstack (read_password MYSQL_PASSWORD; ${MYSQL_PASSWORD}) in every release
    assert.equal(h.describe(devstack.variables.MYSQL_PASSWORD ?? 0), 'Havana–Gazpacho');
    assert.match(devstack.refs.kilo.ref, /no kilo-eol/);
  });
});
