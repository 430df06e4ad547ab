// The test env's SSH host2 and OpenStack (test/env/up.sh) as settings of the extension under test: one
// host "devstack-zed" and the cloud "zed" (clouds.yaml's devstack-admin, containers on that host).
// Shared by the Instances suite and the webview benchmark.
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';

const STATE = process.env.DEVSTACK_CONTRAIL_TEST_STATE ?? '/var/tmp/devstack-contrail-test';

export interface TestEnv {
  knownHosts: string;
  clientKey: string;
  user: string;
  port: number;
  hosts: Record<string, { address: string }>;
  computeHosts: string[];
}
export interface OpenStackEnv {
  cloudsYaml: string;
  networkName: string;
  flavorName: string;
  computeHost: string;
  computeHosts: string[];
  images: { docker: string; 'load-90': string; 'oom-hog': string };
}

export function readTestJson<T>(file: string, what: string): T {
  const down = process.env.DEVSTACK_TEST_ENV_DOWN;
  if (down) throw new Error(`${what} are not up: ${down}`);
  try {
    return JSON.parse(readFileSync(`${STATE}/${file}`, 'utf8')) as T;
  } catch {
    throw new Error(`${what} are not up (${STATE}/${file}): run test/env/up.sh as root`);
  }
}

/**
 * The real services of test/env/up.sh for a suite that needs them. It never throws while the suite
 * is declared: when they are down (npm test says why in DEVSTACK_TEST_ENV_DOWN), each test of the
 * suite declared with `it` from here fails by name with the reason and the suite's hooks skip their
 * work, while every other suite runs and counts as usual.
 */
export function testEnvSuite(needsOpenStack: boolean): { ready: boolean; env: TestEnv; openstack: OpenStackEnv; it: Mocha.TestFunction } {
  let env: TestEnv | undefined;
  let openstack: OpenStackEnv | undefined;
  let reason: string | undefined;
  try {
    env = readTestJson<TestEnv>('env.json', 'the SSH test hosts');
    if (needsOpenStack) openstack = readTestJson<OpenStackEnv>('openstack.json', 'the test OpenStack');
  } catch (error) {
    reason = (error as Error).message;
  }
  const guarded = ((title: string, fn: Mocha.AsyncFunc) =>
    it(title, function (this: Mocha.Context) {
      if (reason) throw new Error(reason);
      return fn.call(this);
    })) as Mocha.TestFunction;
  // (the typed stand-ins are only read by tests that run after the check above)
  return { ready: !reason, env: env as TestEnv, openstack: openstack as OpenStackEnv, it: guarded };
}

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('devstackContrail');

/**
 * Points the extension at host2 ("devstack-zed"), the compute hosts (named as Nova names them, which is
 * how the cloud finds the host that runs a server's container) and the test cloud; `extraClouds` come
 * after "zed".
 */
export async function useTestCloud(env: TestEnv, openstack: OpenStackEnv, extraClouds: object[] = []): Promise<void> {
  await config().update('ssh.knownHostsFile', env.knownHosts, vscode.ConfigurationTarget.Global);
  await config().update('ssh.configFile', '', vscode.ConfigurationTarget.Global);
  await config().update('refreshInterval', 0, vscode.ConfigurationTarget.Global);
  const host = (name: string, address: string) => ({ name, host: address, port: env.port, user: env.user, identityFile: env.clientKey });
  await config().update(
    'hosts',
    [host('devstack-zed', env.hosts.host2!.address), ...env.computeHosts.map((c) => host(c, env.hosts[c]!.address))],
    vscode.ConfigurationTarget.Global,
  );
  await config().update('openstack.cloudsFile', openstack.cloudsYaml, vscode.ConfigurationTarget.Global);
  await config().update('clouds', [{ name: 'zed', cloud: 'devstack-admin' }, ...extraClouds], vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar'); // room for the panels in screenshots
}

export async function forgetTestCloud(): Promise<void> {
  for (const key of ['clouds', 'openstack.cloudsFile', 'hosts']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
}
