// The plan of the nova-docker + OpenContrail setup: each step of the registry, in order, judges the
// files as the steps before it leave them (line-preserving edits, or applied, or a hand edit's conflict).
import type { DevstackEra } from '../schema/releases';
import { requireDevstackCheckout } from './devstackCheckout';
import { STEPS, type StepId } from './registry';
import { checkProvisionSettings } from './settings';
import type { PlanContext, StepPlan } from './step';

export { DEFAULT_SETTINGS, SETTING_NAMES, type ProvisionSettings } from './settings';
export type { FileChange, PlanContext, StepPlan } from './step';

export async function planSteps(ctx: PlanContext, era: DevstackEra, only?: readonly StepId[]): Promise<StepPlan<StepId>[]> {
  // the CLI and VS Code check the settings where they enter; this holds for any other caller
  checkProvisionSettings(ctx.settings);
  const read = async (path: string) => ctx.files.get(path) ?? ctx.target.read(path).then((state) => (ctx.files.set(path, state), state));
  await requireDevstackCheckout(read, ctx.devstackDir, ctx.target.description);
  // steps run in order and may touch the same file (local.conf: settings, then post-config): each
  // plans on the result of the ones before it; `before` stays the file as it was when the run began
  const originals = new Map<string, Buffer | undefined>();
  const plans: StepPlan<StepId>[] = [];
  for (const step of STEPS) {
    if (only && !only.includes(step.id)) continue;
    const plan: StepPlan<StepId> = await step.plan(ctx, era);
    const changes = plan.changes.map((change) => {
      if (!originals.has(change.path)) originals.set(change.path, change.before);
      ctx.files.set(change.path, { exists: true, data: change.after, mode: change.mode });
      return { ...change, before: originals.get(change.path) };
    });
    plans.push({ ...plan, changes });
  }
  return plans;
}
