// Every provisioning step, in the order they run: the plan, the Hosts tree, the host probe and the
// CLI's help all read this list. A new step is one file in steps/ and one line here.
import { contrailPluginStep } from './steps/contrail-plugin';
import { dockerHypervisorStep } from './steps/docker-hypervisor';
import { glanceFormatsStep } from './steps/glance-formats';
import { liveLoadSchedulerStep } from './steps/live-load-scheduler';
import { localrcStep } from './steps/localrc';
import { novaDockerStep } from './steps/nova-docker';
import { novaVifDriverStep } from './steps/nova-vif-driver';
import { rootwrapFilterStep } from './steps/rootwrap-filter';

export const STEPS = [
  localrcStep,
  contrailPluginStep,
  dockerHypervisorStep,
  rootwrapFilterStep,
  novaVifDriverStep,
  glanceFormatsStep,
  novaDockerStep,
  liveLoadSchedulerStep,
] as const;

export type StepId = (typeof STEPS)[number]['id'];

export const STEP_IDS: readonly StepId[] = STEPS.map((s) => s.id);

export function isStepId(id: string): id is StepId {
  return (STEP_IDS as readonly string[]).includes(id);
}
