// Entry point: builds the context, hands it to each feature, and registers the command table. No I/O
// here; heavy modules load on use.
import type * as vscode from 'vscode';
import { registerCommands } from './commands';
import { DevstackContext } from './context';
import { registerCloudTemplateChecks } from './editor/cloudTemplateChecks';
import { registerCodeActions } from './editor/codeActions';
import { registerDiagnostics, type LintService } from './editor/diagnostics';
import { registerLanguageDetection } from './editor/languageDetection';
import { registerLanguageProviders } from './editor/languageProviders';
import { registerReleaseStatus } from './editor/releaseStatus';
import { registerHostsView, type HostsFeature, type HostsTreeProvider } from './hosts/hostsView';
import { registerProvisioning } from './hosts/provisionCommands';
import { registerInstancesView, type InstancesFeature } from './instances/instancesView';

const moduleLoaded = performance.now();

/** What activate() returns: the views' data and the linter, so tests can check what a user sees. */
export interface DevstackContrailApi {
  readonly hostsTree: HostsTreeProvider;
  readonly hosts: HostsFeature;
  readonly instances: InstancesFeature;
  readonly lints: LintService;
  readonly releaseStatus: vscode.StatusBarItem;
  /** how long activate() took, and since this module was loaded (ms) */
  readonly activation: { readonly activateMs: number; readonly sinceModuleLoadMs: number };
}

let current: DevstackContext | undefined;

export function activate(extension: vscode.ExtensionContext): DevstackContrailApi {
  const started = performance.now();
  current = new DevstackContext(extension);
  extension.subscriptions.push(current);
  const lints = registerDiagnostics(current);
  registerCodeActions(current, lints);
  registerLanguageProviders(current, lints);
  registerLanguageDetection(current);
  const releaseStatus = registerReleaseStatus(current, lints);
  const hosts = registerHostsView(current);
  const provisioning = registerProvisioning(current);
  const instances = registerInstancesView(current, hosts.remote);
  registerCloudTemplateChecks(current, lints, instances);
  registerCommands({ ctx: current, hosts, provisioning, instances });
  const ended = performance.now();
  return {
    hostsTree: hosts.tree,
    hosts,
    instances,
    lints,
    releaseStatus,
    activation: { activateMs: ended - started, sinceModuleLoadMs: ended - moduleLoaded },
  };
}

export function deactivate(): void {
  current?.dispose();
  current = undefined;
}
