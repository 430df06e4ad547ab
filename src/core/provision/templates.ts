// The files the provisioning steps write, kept as real files in templates/ (bash -n and diffable).
// In dist/ esbuild's text loader inlines them (scripts/build.mjs); for tsc's out/, the build writes
// beside each a module that exports its text (see templateModules in scripts/build.mjs).
import contrailNeutronPlugin from './templates/neutron_plugins-contrail.sh';
import dockerHypervisorPlugin from './templates/hypervisor-docker.sh';
import dockerRootwrapFilters from './templates/docker.filters';
import liveLoadModule from './templates/devstack_contrail_live_load.py';

/** lib/neutron_plugins/contrail: the whole devstack neutron plugin contract that lib/neutron calls. */
export const CONTRAIL_NEUTRON_PLUGIN: string = contrailNeutronPlugin;

/** lib/nova_plugins/hypervisor-docker for devstack that no longer has it (since March 2014). */
export const DOCKER_HYPERVISOR_PLUGIN: string = dockerHypervisorPlugin;

/** /etc/nova/rootwrap.d/docker.filters, as nova-docker ships it. */
export const DOCKER_ROOTWRAP_FILTERS: string = dockerRootwrapFilters;

/** nova/compute/monitors/cpu/devstack_contrail_live_load.py: the live-load monitor and memory weigher. */
export const LIVE_LOAD_MODULE: string = liveLoadModule;
