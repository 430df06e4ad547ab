// What the notifications tell: a server that went ERROR or SHUTOFF without a user action, a container
// that exited, restarted or was OOM-killed, a host that stopped answering. One incident is one thing
// that happened; the grouper (noticeGrouper.ts) turns bursts of them into one message each.

export type Incident = ContainerIncident | ServerIncident | HostIncident;

/** Which incidents a user wants to hear of (the devstackContrail.notifications setting). */
export type IncidentKind = Incident['kind'];
export const INCIDENT_KINDS: readonly IncidentKind[] = ['servers', 'containers', 'hosts'];

export interface ContainerIncident {
  readonly kind: 'containers';
  /** the SSH host whose Docker runs it */
  readonly host: string;
  readonly id: string;
  readonly name: string;
  /** the Nova server it is the container of (nova-<uuid>), and that server's name when known */
  readonly serverId?: string;
  readonly serverName?: string;
  /** killed by the kernel at its memory limit (the oom event, or State.OOMKilled) */
  readonly oom: boolean;
  /** ended (a die event); false: only a process inside was OOM-killed and it runs on */
  readonly exited: boolean;
  /** started again by Docker (its restart policy) right after it ended */
  readonly restarted: boolean;
  readonly exitCode?: number;
  /** Docker's State.Error */
  readonly error?: string;
}

export interface ServerIncident {
  readonly kind: 'servers';
  readonly cloud: string;
  readonly id: string;
  readonly name: string;
  readonly status: 'ERROR' | 'SHUTOFF';
  /** why, as far as Nova says (its fault, or that it stopped the server itself) */
  readonly detail?: string;
}

export interface HostIncident {
  readonly kind: 'hosts';
  readonly host: string;
  readonly reason: string;
}

/** What a container incident amounts to: the word of the message, and what is not said twice. */
export function containerOutcome(incident: ContainerIncident): 'oom' | 'restarted' | 'exited' {
  return incident.oom ? 'oom' : incident.restarted ? 'restarted' : 'exited';
}

/** The same thing: not notified again within the repeat window. */
export function incidentKey(incident: Incident): string {
  switch (incident.kind) {
    case 'containers':
      return `containers\0${incident.host}\0${incident.id}\0${containerOutcome(incident)}`;
    case 'servers':
      return `servers\0${incident.cloud}\0${incident.id}\0${incident.status}`;
    case 'hosts':
      return `hosts\0${incident.host}`;
  }
}

/** One thing, merged while its burst gathers (an oom then its die are one container's end). */
export function subjectKey(incident: Incident): string {
  switch (incident.kind) {
    case 'containers':
      return `containers\0${incident.host}\0${incident.id}`;
    case 'servers':
      return `servers\0${incident.cloud}\0${incident.id}`;
    case 'hosts':
      return `hosts\0${incident.host}`;
  }
}

/** Incidents of one group make one message: a host's containers, a cloud's servers, every host. */
export function groupKey(incident: Incident): string {
  switch (incident.kind) {
    case 'containers':
      return `containers\0${incident.host}`;
    case 'servers':
      return `servers\0${incident.cloud}`;
    case 'hosts':
      return 'hosts';
  }
}

/** Two incidents of the same subject as one: what either saw. */
export function mergeIncidents(a: Incident, b: Incident): Incident {
  if (a.kind === 'containers' && b.kind === 'containers') {
    return {
      ...a,
      ...b,
      oom: a.oom || b.oom,
      exited: a.exited || b.exited,
      restarted: a.restarted || b.restarted,
      exitCode: b.exitCode ?? a.exitCode,
      error: b.error ?? a.error,
      serverName: b.serverName ?? a.serverName,
    };
  }
  return b;
}
