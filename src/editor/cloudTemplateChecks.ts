// Heat templates in the editor checked against the active cloud (the one the status bar shows): its
// Heat's resource types and functions, and the images, flavors, networks, subnets and keypairs it has
// (HT316). Only in a trusted workspace, once the Instances view has listed the cloud; otherwise offline.
// What the cloud has is fetched in the background: the template is linted again when it lands.
import * as vscode from 'vscode';
import type { DevstackContext } from '../context';
import type { DocumentSnapshot } from '../core/config/language/documentService';
import { cloudTemplateChecks, type CloudLintOptions } from '../core/heat/cloudChecks';
import type { InstancesFeature } from '../instances/instancesView';
import type { LintService } from './diagnostics';
import { fileTypeOfDocument } from './documents';

/** What of the Instances feature the checks read: the active cloud, and each cloud's client. */
export type CloudSource = Pick<InstancesFeature, 'status' | 'runtime' | 'tree'>;

export function registerCloudTemplateChecks(ctx: DevstackContext, lints: LintService, instances: CloudSource): void {
  /** the fetch under way per document: for which cloud and version */
  const preparing = new Map<string, string>();
  const relintTemplates = (): void => {
    for (const document of vscode.workspace.textDocuments) if (fileTypeOfDocument(document)?.kind === 'hot') lints.schedule(document);
  };

  const optionsFor = (document: vscode.TextDocument, snapshot: DocumentSnapshot): CloudLintOptions | undefined => {
    if (!vscode.workspace.isTrusted) return undefined;
    const cloud = instances.status.active();
    // a cloud whose servers were listed has its client signed in: a lint never asks for a password
    if (!cloud || instances.tree.serversOf(cloud.name) === undefined) return undefined;
    const checks = cloudTemplateChecks(cloud.name, () => instances.runtime().client(cloud.name));
    const uri = document.uri.toString();
    const key = `${cloud.name}\n${document.version}`;
    const template = lints.documents.parsed(snapshot)?.hot;
    if (template && preparing.get(uri) !== key) {
      preparing.set(uri, key);
      void checks.prepare([template]).then((changed) => {
        if (preparing.get(uri) === key) preparing.delete(uri);
        // what landed shows at once; an edit since has its own lint coming
        if (changed && !document.isClosed && document.version === snapshot.version) lints.lintNow(document);
      });
    }
    return checks.lintOptions();
  };

  lints.setHeatTemplateOptions(optionsFor);
  // the clouds listed again (the active one may be another now), the workspace trusted: templates again
  ctx.track(instances.tree.onDidRefresh(relintTemplates));
  ctx.track(vscode.workspace.onDidGrantWorkspaceTrust(relintTemplates));
  ctx.track(vscode.workspace.onDidCloseTextDocument((d) => preparing.delete(d.uri.toString())));
}
