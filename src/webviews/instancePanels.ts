// The instance webviews, Boot and Inspect, as the extension uses them: open (or reveal) a panel for a
// cloud's InstanceBackend. The message protocol is in src/shared/protocol.ts; the front ends in media/src.
export { BOOT_VIEW_TYPE, openBootPanel, type BootPanelHooks } from './bootPanel';
export { INSPECT_VIEW_TYPE, openInspectPanel } from './inspectPanel';
export type { BootChoices, InstanceAction, InstanceBackend, InstanceContainer } from './instanceBackend';

import { PanelRegistry } from './panelRegistry';

/** The Boot panels (one per cloud) and Inspect panels (one per server) open now; disposed with the extension. */
export class InstancePanels {
  readonly boot = new PanelRegistry();
  readonly inspect = new PanelRegistry();
  /** the Load panels, one per cloud */
  readonly load = new PanelRegistry();
  /** the Stack panels, one per template and cloud, or per stack */
  readonly stack = new PanelRegistry();

  dispose(): void {
    this.boot.dispose();
    this.inspect.dispose();
    this.load.dispose();
    this.stack.dispose();
  }
}
