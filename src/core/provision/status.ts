// Whether each step of the nova-docker + OpenContrail setup already holds on a host, from one probe:
// each step's own judgement (the one its plan makes) on what the probe read. The Hosts view shows it.
import type { HostSnapshot } from '../devstack/probe';
import { STEPS, type StepId } from './registry';
import { DEFAULT_SETTINGS, type ProvisionSettings } from './settings';
import type { StepStatus } from './step';

export type { StepStatus } from './step';

/** Each step's status, judged with the settings a plan would use (by default, what the CLI plans without --set). */
export function provisioningStatus(snapshot: HostSnapshot, settings: ProvisionSettings = DEFAULT_SETTINGS): StepStatus<StepId>[] {
  const facts = snapshot.facts;
  if (!snapshot.devstack || !facts) return [];
  return STEPS.map((step) => step.inspect(facts, settings));
}
