// The test env's SSH host2 and OpenStack (test/env/up.sh) as settings of the extension under test: one
// host "devstack-zed" and the cloud "zed" (clouds.yaml's devstack-admin, containers on that host).
// Shared by the Instances suite and the webview benchmark.
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';

const STATE = process.env.DEVSTACK_CONTRAIL_TEST_STATE ?? '/var/tmp/devstack-contrail-test';

export interface TestEnv { knownHosts: string; clientKey: string; user: string; port: number; hosts: Record<string, { address: string }> }
export interface OpenStackEnv { cloudsYaml: string; networkName: string; flavorName: string; computeHost: string; images: { docker: string } }

export function readTestJson<T>(file: string, what: string): T {
  try {
    return JSON.parse(readFileSync(`${STATE}/${file}`, 'utf8')) as T;
  } catch {
    throw new Error(`${what} is not up (${STATE}/${file}): run test/env/up.sh as root`);
  }
}

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('devstackContrail');

/** Points the extension at host2 and the test cloud; `extraClouds` come after "zed". */
export async function useTestCloud(env: TestEnv, openstack: OpenStackEnv, extraClouds: object[] = []): Promise<void> {
  await config().update('ssh.knownHostsFile', env.knownHosts, vscode.ConfigurationTarget.Global);
  await config().update('ssh.configFile', '', vscode.ConfigurationTarget.Global);
  await config().update('refreshInterval', 0, vscode.ConfigurationTarget.Global);
  await config().update('hosts', [{ name: 'devstack-zed', host: env.hosts.host2.address, port: env.port, user: env.user, identityFile: env.clientKey }], vscode.ConfigurationTarget.Global);
  await config().update('openstack.cloudsFile', openstack.cloudsYaml, vscode.ConfigurationTarget.Global);
  await config().update('clouds', [{ name: 'zed', cloud: 'devstack-admin', sshHost: 'devstack-zed' }, ...extraClouds], vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar'); // room for the panels in screenshots
}

export async function forgetTestCloud(): Promise<void> {
  for (const key of ['clouds', 'openstack.cloudsFile', 'hosts']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
}
