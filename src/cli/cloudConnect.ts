// The CLI's connection to a cloud named with --cloud: found in clouds.yaml as openstacksdk finds it, or
// an error that lists the clouds there are.
import { OpenStackClient } from '../core/openstack/client';
import { loadCloudsYaml } from '../core/openstack/cloudsYaml';
import { UsageError } from './args';

export async function connectCloud(name: string): Promise<OpenStackClient> {
  const loaded = await loadCloudsYaml();
  const cloud = loaded.clouds.find((c) => c.name === name);
  if (!cloud) {
    const known = loaded.clouds.map((c) => c.name).join(', ');
    throw new UsageError(
      loaded.file ? `no cloud "${name}" in ${loaded.file} (it has: ${known || 'none'})` : `no clouds.yaml found, so no cloud "${name}"`,
    );
  }
  return OpenStackClient.connect(cloud);
}
