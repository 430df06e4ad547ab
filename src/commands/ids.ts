// Every command the extension contributes, and whether it needs a trusted workspace. No vscode here: the
// unit tier reads it to compare with package.json (its commands, their enablement, the menus) both ways.
export const COMMAND_IDS = {
  'devstackContrail.addHost': { needsTrust: true },
  'devstackContrail.removeHost': { needsTrust: true },
  'devstackContrail.refreshHosts': { needsTrust: true },
  'devstackContrail.connect': { needsTrust: true },
  'devstackContrail.disconnect': { needsTrust: true },
  'devstackContrail.openTerminal': { needsTrust: true },
  'devstackContrail.runStack': { needsTrust: true },
  'devstackContrail.runUnstack': { needsTrust: true },
  'devstackContrail.showLog': { needsTrust: true },
  'devstackContrail.restartService': { needsTrust: true },
  'devstackContrail.applySetup': { needsTrust: true },
  'devstackContrail.undoSetup': { needsTrust: true },
  'devstackContrail.bootInstance': { needsTrust: true },
  'devstackContrail.inspectInstance': { needsTrust: true },
  'devstackContrail.refreshInstances': { needsTrust: true },
  'devstackContrail.pickCloud': { needsTrust: true },
  'devstackContrail.addCloud': { needsTrust: true },
  'devstackContrail.signInAgain': { needsTrust: true },
  'devstackContrail.stopInstance': { needsTrust: true },
  'devstackContrail.startInstance': { needsTrust: true },
  'devstackContrail.deleteInstance': { needsTrust: true },
  'devstackContrail.openInstanceShell': { needsTrust: true },
  'devstackContrail.showLoad': { needsTrust: true },
  'devstackContrail.launchStack': { needsTrust: true },
  'devstackContrail.updateStack': { needsTrust: true },
  'devstackContrail.deleteStack': { needsTrust: true },
  'devstackContrail.showStack': { needsTrust: true },
  // language features work in untrusted workspaces, and so does choosing the release they check against
  'devstackContrail.pickRelease': { needsTrust: false },
} as const satisfies Record<string, { readonly needsTrust: boolean }>;

export type CommandId = keyof typeof COMMAND_IDS;
