// lib/neutron_plugins/contrail: the devstack neutron plugin that lib/neutron sources for Q_PLUGIN=contrail.
import { CONTRAIL_NEUTRON_PLUGIN } from '../templates';
import { textOf } from '../fileText';
import { defineStep } from '../step';

/** The functions lib/neutron calls on its plugin. */
const CONTRACT = [
  'neutron_plugin_create_nova_conf',
  'neutron_plugin_install_agent_packages',
  'neutron_plugin_configure_common',
  'neutron_plugin_configure_debug_command',
  'neutron_plugin_configure_dhcp_agent',
  'neutron_plugin_configure_l3_agent',
  'neutron_plugin_configure_plugin_agent',
  'neutron_plugin_configure_service',
  'neutron_plugin_setup_interface_driver',
  'has_neutron_plugin_security_group',
  'is_neutron_ovs_base_plugin',
  'neutron_plugin_check_adv_test_requirements',
];

export function definedFunctions(shell: string): string[] {
  return [...shell.matchAll(/^\s*(?:function\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(\s*\))?\s*\{/gm)].map((m) => m[1]);
}

export const contrailPluginStep = defineStep({
  id: 'contrail-plugin',
  title: 'lib/neutron_plugins/contrail',
  needs: ({ devstackDir }) => ({ files: [`${devstackDir}/lib/neutron_plugins/contrail`] }),
  judge({ layout, file }) {
    const path = `${layout.devstackDir}/lib/neutron_plugins/contrail`;
    const state = file(path);
    if (!state.exists) {
      return {
        status: 'needed',
        message: `${path}: write the Contrail neutron plugin`,
        detail: 'not there',
        changes: [{ path, after: Buffer.from(CONTRAIL_NEUTRON_PLUGIN), mode: 0o644, check: 'bash' }],
      };
    }
    const defined = definedFunctions(textOf(state));
    const absent = CONTRACT.filter((f) => !defined.includes(f));
    if (absent.length === 0)
      return { status: 'applied', message: `${path} defines the plugin contract`, detail: 'defines the plugin contract' };
    return {
      status: 'conflict',
      message: `${path} exists but does not define ${absent.join(', ')}; edit it by hand or move it away`,
      detail: `not a devstack neutron plugin: ${absent.length} of ${CONTRACT.length} functions missing`,
    };
  },
});
