// Plan, apply and undo the Contrail setup on a host, on top of the host snapshots: the plan starts
// from a fresh read of the host, and apply and undo read it again before they return, so every tree
// shows what they left.
import type { BackupLedger } from '../core/provision/backupLedger';
import { applyPlans, undo, type ApplyHooks, type ApplyOutcome, type UndoOutcome } from '../core/provision/apply';
import type { StepId } from '../core/provision/registry';
import { planSteps, type ProvisionSettings, type StepPlan } from '../core/provision/plan';
import { SshTarget } from '../core/provision/target';
import type { HostConnections } from '../core/remote/hostConnections';
import type { SshSession } from '../core/remote/sshSession';
import type { HostSnapshots } from './hostSnapshots';

export interface ProvisioningOptions {
  readonly connections: HostConnections;
  readonly snapshots: HostSnapshots;
  /** this machine's record of the backup sets it wrote, which undo starts from */
  readonly ledger: BackupLedger;
  /** the sudo password for root-owned files, when sudo asks for one */
  readonly sudoPassword?: (host: string) => Promise<string | undefined>;
}

export class Provisioning {
  constructor(private readonly options: ProvisioningOptions) {}

  /** Plans the setup on a host (nothing is written), from the devstack a fresh read of the host found. */
  async plan(name: string, settings: ProvisionSettings, only?: readonly StepId[]): Promise<{ plans: StepPlan[]; devstackDir: string }> {
    // connecting first says so when the host is not configured (a refresh skips such a host)
    await this.options.connections.session(name);
    await this.options.snapshots.refresh(name);
    const view = this.options.snapshots.get(name);
    if (view?.error !== undefined) throw new Error(view.error);
    const devstack = view?.snapshot?.devstack;
    if (!devstack) throw new Error(`${name}: devstack was not found (set the host's devstackDir)`);
    const target = this.target(name, await this.options.connections.session(name));
    return {
      plans: await planSteps({ target, devstackDir: devstack.dir, settings, files: new Map() }, devstack.era, only),
      devstackDir: devstack.dir,
    };
  }

  async apply(name: string, plans: readonly StepPlan[], hooks: ApplyHooks): Promise<ApplyOutcome> {
    try {
      return await applyPlans(
        this.target(name, await this.options.connections.session(name), hooks.onOutput),
        this.options.ledger,
        plans,
        hooks,
      );
    } finally {
      await this.options.snapshots.refresh(name);
    }
  }

  async undo(name: string, onOutput?: (text: string) => void): Promise<UndoOutcome | undefined> {
    try {
      return await undo(this.target(name, await this.options.connections.session(name), onOutput), this.options.ledger, onOutput);
    } finally {
      await this.options.snapshots.refresh(name);
    }
  }

  private target(name: string, session: SshSession, onOutput?: (text: string) => void): SshTarget {
    const { sudoPassword } = this.options;
    return new SshTarget(session, {
      password: sudoPassword ? () => sudoPassword(name) : undefined,
      onWarning: (message) => onOutput?.(`warning: ${message}\n`),
    });
  }
}
