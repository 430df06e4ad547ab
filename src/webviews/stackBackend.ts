// What the Stack panel needs from the rest of the extension: one cloud's Heat, the cloud's names for the
// parameters' custom constraints, and where to say that the cloud's stacks changed. The extension
// implements it; the panel never sees credentials.
import type { HeatClient } from '../core/heat/heatClient';
import type { ChoiceKind } from '../shared/stackProtocol';

export type StackHeat = Pick<
  HeatClient,
  | 'getStack'
  | 'findStack'
  | 'previewCreate'
  | 'createStack'
  | 'previewUpdate'
  | 'updateStack'
  | 'deleteStack'
  | 'listEvents'
  | 'listResources'
>;

export interface StackBackend {
  readonly cloudName: string;
  heat(): Promise<StackHeat>;
  /** the cloud's images, flavors, networks and keypairs by name (a kind that cannot be listed is left out) */
  choices(): Promise<Partial<Record<ChoiceKind, string[]>>>;
  /** the cloud's stacks changed (created, updated, deleted, done): the tree lists them again */
  changed(): void;
  log(message: string): void;
}
