// The names nova-docker and its OpenContrail fork are known by in nova.conf, devstack and rootwrap:
// written once here; the lint rules, completion, provisioning steps and their tests read them.

/** nova-docker's compute driver (out of Nova's tree since March 2014). */
export const NOVA_DOCKER_DRIVER = 'novadocker.virt.docker.driver.DockerDriver';

/** Havana's in-tree Docker driver, as 2014 devstack's lib/nova_plugins/hypervisor-docker sets it. */
export const HAVANA_DOCKER_DRIVER = 'docker.DockerDriver';

/** Every spelling of the in-tree driver that Havana's Nova loads. */
export const IN_TREE_DOCKER_DRIVERS: readonly string[] = [
  HAVANA_DOCKER_DRIVER,
  'nova.virt.docker.DockerDriver',
  'nova.virt.docker.driver.DockerDriver',
];

/** The fork's VIF driver that plugs a container into the OpenContrail vRouter ([docker] vif_driver). */
export const OPENCONTRAIL_VIF_DRIVER = 'novadocker.virt.docker.opencontrail.OpenContrailVIFDriver';

/** The rootwrap filter nova-docker needs (it links a container's network namespace). */
export const DOCKER_FILTER_LINE = 'ln: CommandFilter, /bin/ln, root';

/** The fork of nova-docker that carries novadocker.virt.docker.opencontrail (2014). */
export const NOVA_DOCKER_FORK_REPO = 'https://github.com/pedro-r-marques/nova-docker.git';
export const NOVA_DOCKER_FORK_BRANCH = 'opencontrail';
