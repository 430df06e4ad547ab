// Values people write for options and variables whose type is only "string", so completion can offer
// them: the drivers of the nova-docker + OpenContrail setup and their neighbours.
import { HAVANA_DOCKER_DRIVER, NOVA_DOCKER_DRIVER, OPENCONTRAIL_VIF_DRIVER } from '../devstack/novaDocker';
import { releasesBetween, type Release } from './releases';

export interface KnownValue {
  readonly value: string;
  readonly help: string;
  /** the releases where the value works; all when absent */
  readonly releases?: readonly Release[];
}

/** "group|option" (normalized group) → values */
export const KNOWN_OPTION_VALUES: Readonly<Record<string, readonly KnownValue[]>> = {
  'DEFAULT|compute_driver': [
    { value: NOVA_DOCKER_DRIVER, help: 'nova-docker: Docker containers as Nova instances (out of tree since March 2014)' },
    { value: HAVANA_DOCKER_DRIVER, help: 'the in-tree Docker driver of Havana; removed from Nova in March 2014', releases: ['havana'] },
    { value: 'libvirt.LibvirtDriver', help: 'libvirt (KVM/QEMU/LXC)' },
    { value: 'fake.FakeDriver', help: 'a driver that only pretends (tests)' },
    { value: 'ironic.IronicDriver', help: 'bare metal through Ironic', releases: releasesBetween('juno') },
    { value: 'vmwareapi.VMwareVCDriver', help: 'VMware vCenter' },
  ],
  'docker|vif_driver': [
    { value: OPENCONTRAIL_VIF_DRIVER, help: 'plugs containers into the OpenContrail vRouter (nova-docker fork with OpenContrail support)' },
    { value: 'novadocker.virt.docker.vifs.DockerGenericVIFDriver', help: "nova-docker's default: Linux bridge / OVS plugging" },
  ],
  'DEFAULT|libvirt_vif_driver': [
    {
      value: 'nova_contrail_vif.contrailvif.VRouterVIFDriver',
      help: 'OpenContrail vRouter plugging for libvirt instances (Havana-era name)',
      releases: ['havana', 'icehouse'],
    },
  ],
  'DEFAULT|network_api_class': [
    { value: 'nova.network.neutronv2.api.API', help: 'use neutron for networking', releases: releasesBetween('havana', 'newton') },
    { value: 'nova.network.api.API', help: 'nova-network', releases: releasesBetween('havana', 'newton') },
  ],
  'DEFAULT|container_formats': [
    { value: 'ami,ari,aki,bare,ovf,docker', help: "Glance's defaults plus docker, as the nova-docker setup needs" },
  ],
  'image_format|container_formats': [{ value: 'ami,ari,aki,bare,ovf,ova,docker,compressed', help: "Glance's defaults (with docker)" }],
};

/** devstack variables whose values are known beyond the data's choices */
export const KNOWN_VARIABLE_VALUES: Readonly<Record<string, readonly KnownValue[]>> = {
  NEUTRON_REPO: [{ value: 'https://github.com/Juniper/neutron.git', help: "Juniper's neutron with the Contrail plugin" }],
  NEUTRON_BRANCH: [{ value: 'contrail/havana', help: "the Contrail plugin branch of Juniper's neutron" }],
};

export const BOOLEAN_VALUES: readonly string[] = ['True', 'False'];
