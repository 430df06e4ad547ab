// Reads what test/env/up.sh started (its env.json) and opens sessions to those real hosts.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { SshSession, type HostKeyPolicy, type SshCredentials } from '../../src/core/remote/sshSession';

export interface TestHost {
  address: string;
  era: '2014' | 'later';
  hostKey: string;
  proxyJump?: string;
  /** a compute host's own Docker Engine */
  dockerHost?: string;
  /** a compute host's CPU share, in cores */
  cpuQuota?: number;
}
export type ComputeHostName = 'compute1' | 'compute2' | 'compute3';
export interface TestEnv {
  stateDir: string;
  dockerHost: string;
  image: string;
  knownHosts: string;
  clientKey: string;
  user: string;
  passwordUser: string;
  passwordFile: string;
  port: number;
  hosts: Record<'host1' | 'host2' | 'host3' | ComputeHostName, TestHost>;
  /** the compute hosts, each also an SSH host of that name (its own Docker Engine and CPU share) */
  computeHosts: ComputeHostName[];
}

const STATE = process.env.DEVSTACK_CONTRAIL_TEST_STATE ?? '/var/tmp/devstack-contrail-test';

/** env.json, or an error saying why the services are missing (npm test passes up.sh's reason on). */
export interface Credentials {
  username: string;
  password: string;
  projectName: string;
  userDomainName: string;
  projectDomainName: string;
}
/** what test/env/openstack/up.sh wrote in openstack.json */
export interface OpenStackEnv {
  authUrl: string;
  regionName: string;
  admin: Credentials;
  demo: Credentials;
  cloudsYaml: string;
  clouds: string[];
  images: { docker: string; bare: string; 'load-20': string; 'load-50': string; 'load-90': string; 'oom-hog': string };
  network: string;
  networkName: string;
  flavor: string;
  flavorName: string;
  /** compute1: where a test that pins its server boots it */
  computeHost: ComputeHostName;
  computeHosts: ComputeHostName[];
  /** compute1's Docker Engine */
  dockerHost: string;
  novaEndpoint: string;
  /** Heat's API: a project's stacks are at heatEndpoint/<project id>/stacks */
  heatEndpoint: string;
  /** the flavors' ids by name: m1.tiny, m1.small, m1.nano (64 MB: a 100-server stack fits) */
  flavors: Record<'m1.tiny' | 'm1.small' | 'm1.nano', string>;
}

/** The test cloud, or an error that says why it is not up (each test that needs it fails by name). */
export function loadOpenStackEnv(): OpenStackEnv {
  if (process.env.DEVSTACK_TEST_ENV_DOWN) throw new Error(`the test OpenStack is not up: ${process.env.DEVSTACK_TEST_ENV_DOWN}`);
  try {
    return JSON.parse(readFileSync(`${STATE}/openstack.json`, 'utf8')) as OpenStackEnv;
  } catch (error) {
    throw new Error(`the test OpenStack is not up (${(error as Error).message}); run: sudo test/env/openstack/up.sh`);
  }
}

export function loadTestEnv(): TestEnv {
  const down = process.env.DEVSTACK_TEST_ENV_DOWN;
  if (down) throw new Error(`e2e services are not up: ${down}`);
  try {
    return JSON.parse(readFileSync(`${STATE}/env.json`, 'utf8')) as TestEnv;
  } catch (error) {
    throw new Error(`e2e services are not up (${(error as Error).message}); run: sudo test/env/up.sh`);
  }
}

export const refuseUnknown: HostKeyPolicy['confirmUnknownKey'] = async () => false;

export function strictPolicy(env: TestEnv, knownHostsPath = env.knownHosts): HostKeyPolicy {
  return { knownHostsPath, confirmUnknownKey: refuseUnknown };
}

export function keyCredentials(env: TestEnv): SshCredentials {
  return { privateKey: readFileSync(env.clientKey) };
}

export function connectHost(
  env: TestEnv,
  name: keyof TestEnv['hosts'],
  extra: { via?: SshSession; policy?: HostKeyPolicy; credentials?: SshCredentials; user?: string } = {},
): Promise<SshSession> {
  return SshSession.connect({
    endpoint: { host: env.hosts[name].address, port: env.port, user: extra.user ?? env.user },
    credentials: extra.credentials ?? keyCredentials(env),
    hostKeys: extra.policy ?? strictPolicy(env),
    via: extra.via,
    readyTimeoutMs: 10_000,
  });
}

/**
 * `devstack-contrail ARGS --host … --identity … --known-hosts …` on a test host over SSH, as a user runs
 * the built CLI (dist/cli.js), without an SSH agent.
 */
export function cliOnHost(
  env: TestEnv,
  host: keyof TestEnv['hosts'],
  args: readonly string[],
  knownHosts = env.knownHosts,
): SpawnSyncReturns<string> {
  return spawnSync(
    process.execPath,
    [
      join(__dirname, '..', '..', '..', 'dist', 'cli.js'),
      ...args,
      '--host',
      `${env.user}@${env.hosts[host].address}:${env.port}`,
      '--identity',
      env.clientKey,
      '--known-hosts',
      knownHosts,
    ],
    { encoding: 'utf8', env: { ...process.env, SSH_AUTH_SOCK: '' } },
  );
}

/** A server's container nova-<id> on an engine, or undefined when there is none. */
export async function containerState(docker: Docker, id: string): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    return await docker.getContainer(`nova-${id}`).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}
