import type { Server } from './types';

/** The compute host a server is listed under: its host, or why there is none to show. */
export function computeHostGroup(server: Pick<Server, 'host' | 'hostHidden'>): string {
  return server.host ?? (server.hostHidden ? '(host shown to admins only)' : '(not scheduled)');
}
