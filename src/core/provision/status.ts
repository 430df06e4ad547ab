// Whether each step of the nova-docker + OpenContrail setup already holds on a host, from one probe:
// the Hosts view shows it; the provisioning steps (plan → apply → verify → undo) act on it.
import { enabledServices } from '../config/lint/localrcRules';
import { NOVA_DOCKER_DRIVER } from '../config/lint/osloRules';
import { parseLocalConf } from '../config/localConf';
import { parseOsloIni } from '../config/osloIni';
import { settingsDocument, type HostSnapshot } from '../remote/devstackProbe';

export const OPENCONTRAIL_VIF_DRIVER = 'novadocker.virt.docker.opencontrail.OpenContrailVIFDriver';
export const DOCKER_FILTER_LINE = 'ln: CommandFilter, /bin/ln, root';

export type StepId = 'localrc' | 'contrail-plugin' | 'docker-hypervisor' | 'rootwrap-filter' | 'nova-vif-driver' | 'glance-formats' | 'nova-docker';

export interface StepStatus {
  readonly id: StepId;
  readonly title: string;
  readonly status: 'applied' | 'needed' | 'not-applicable';
  /** what is missing, or why it does not apply */
  readonly detail: string;
}

function optionValue(text: string | undefined, group: string, key: string): string | undefined {
  if (text === undefined) return undefined;
  return [...parseOsloIni(text).options].reverse().find((o) => o.section?.toLowerCase() === group.toLowerCase() && o.key === key)?.value;
}

function localConfHasVifDriver(text: string | undefined): boolean {
  if (text === undefined) return false;
  return parseLocalConf(text).sections.some((s) => s.phase === 'post-config' && /^\$\{?NOVA_CONF\}?$/.test(s.file) && s.body.kind === 'ini'
    && s.body.document.options.some((o) => o.section === 'docker' && o.key === 'vif_driver' && o.value === OPENCONTRAIL_VIF_DRIVER));
}

export function provisioningStatus(snapshot: HostSnapshot): StepStatus[] {
  const facts = snapshot.facts;
  const devstack = snapshot.devstack;
  if (!devstack || !facts) return [];
  const doc = settingsDocument(snapshot.localrcText, snapshot.localConfText);
  const value = (name: string): string | undefined => doc?.assignments.filter((a) => a.name === name).pop()?.value;
  const enabled = doc ? enabledServices(doc, devstack.era) : new Set<string>();
  const missing: string[] = [];
  if (value('VIRT_DRIVER') !== 'docker') missing.push('VIRT_DRIVER=docker');
  if (enabled.has('n-net')) missing.push('disable_service n-net');
  if (!enabled.has('neutron') || !enabled.has('q-svc')) missing.push('enable_service neutron q-svc');
  if (value('Q_PLUGIN') !== 'contrail') missing.push('Q_PLUGIN=contrail');
  if (!value('NEUTRON_REPO')) missing.push('NEUTRON_REPO');
  if (!value('NEUTRON_BRANCH')) missing.push('NEUTRON_BRANCH');
  const driverLine = facts.hypervisorDriverLines.find((l) => /compute_driver/.test(l));
  const vif = optionValue(facts.novaConf, 'docker', 'vif_driver');
  const formats = optionValue(facts.glanceApiConf, 'DEFAULT', 'container_formats') ?? optionValue(facts.glanceApiConf, 'image_format', 'container_formats');
  const settingsFile = devstack.settings ?? 'localrc';
  return [
    { id: 'localrc', title: `${settingsFile} settings`, status: missing.length === 0 ? 'applied' : 'needed', detail: missing.length === 0 ? 'VIRT_DRIVER=docker, neutron with Q_PLUGIN=contrail' : `missing: ${missing.join(', ')}` },
    { id: 'contrail-plugin', title: 'lib/neutron_plugins/contrail', status: facts.contrailPluginDefinesContract ? 'applied' : 'needed', detail: facts.contrailPluginDefinesContract ? 'defines the plugin contract' : 'not there (or not a devstack neutron plugin)' },
    {
      id: 'docker-hypervisor', title: 'lib/nova_plugins/hypervisor-docker',
      status: driverLine?.includes(NOVA_DOCKER_DRIVER) ? 'applied' : 'needed',
      detail: driverLine ? (driverLine.includes(NOVA_DOCKER_DRIVER) ? `compute_driver ${NOVA_DOCKER_DRIVER}` : `sets ${driverLine.replace(/^.*compute_driver\s+/, '')}`) : 'not there (later devstack): the project writes its own',
    },
    { id: 'rootwrap-filter', title: '/etc/nova/rootwrap.d/docker.filters', status: facts.dockerFilters?.split('\n').some((l) => l.trim() === DOCKER_FILTER_LINE) ? 'applied' : 'needed', detail: facts.dockerFilters === undefined ? 'not there' : DOCKER_FILTER_LINE },
    {
      id: 'nova-vif-driver', title: '[docker] vif_driver',
      status: vif === OPENCONTRAIL_VIF_DRIVER || localConfHasVifDriver(snapshot.localConfText) ? 'applied' : 'needed',
      detail: localConfHasVifDriver(snapshot.localConfText) ? 'in local.conf [[post-config|$NOVA_CONF]]' : vif ? `nova.conf has ${vif}` : 'not set',
    },
    {
      id: 'glance-formats', title: 'Glance container_formats',
      status: facts.glanceApiConf === undefined ? 'not-applicable' : formats?.split(',').map((f) => f.trim()).includes('docker') ? 'applied' : 'needed',
      detail: facts.glanceApiConf === undefined ? 'no glance-api.conf on this host' : formats ? `container_formats = ${formats}` : 'container_formats not set (no docker)',
    },
    { id: 'nova-docker', title: 'nova-docker', status: facts.novaDockerDir ? 'applied' : 'needed', detail: facts.novaDockerDir ? `checked out at ${facts.novaDockerDir}` : 'not checked out next to devstack' },
  ];
}
