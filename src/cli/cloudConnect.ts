// The CLI's connection to a cloud named with --cloud: found in clouds.yaml as openstacksdk finds it, or
// an error that lists the clouds there are; and the template checks against it (lint --cloud, stack).
import { OpenStackClient } from '../core/openstack/client';
import { loadCloudsYaml } from '../core/openstack/cloudsYaml';
import { cloudTemplateChecks, type CloudTemplateChecks } from '../core/heat/cloudChecks';
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

/**
 * The Heat template checks against a cloud: its schemas and what it has, over one connection for the
 * run. A cloud clouds.yaml does not have is a UsageError; one that does not answer leaves the offline
 * data, and its problems() say why.
 */
export async function cloudTemplateChecksFor(name: string): Promise<CloudTemplateChecks> {
  let client: Promise<OpenStackClient> | undefined;
  const connect = (): Promise<OpenStackClient> => (client ??= connectCloud(name));
  try {
    await connect();
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
  return cloudTemplateChecks(name, connect);
}
