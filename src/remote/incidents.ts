// The incidents of the hosts and clouds a view shows (no vscode): per watched host one `docker events`
// stream over its SSH connection (core/docker/) and its live load's answering or not (liveLoad.ts);
// per cloud listing, the servers that went ERROR or SHUTOFF and whether a user did it (Nova's instance
// actions). Each incident is fired once, whoever watches; the VS Code side groups and shows them.
import { ContainerEventMonitor } from '../core/docker/containerEventMonitor';
import { containerEndOf, type ContainerEvent } from '../core/docker/containerEvents';
import { dockerOverSsh } from '../core/docker/dockerOverSsh';
import { ContainerIncidentClassifier } from '../core/load/containerIncidents';
import type { ContainerIncident, Incident } from '../core/load/incidents';
import type { Disposable } from '../core/load/loadMonitor';
import { judgeTransition, serversSeen, serverTransitions, type ServerSeen, type ServerTransition } from '../core/load/serverIncidents';
import type { HostConnections } from '../core/remote/hostConnections';
import type { Clouds } from './clouds';
import { Emitter, type Subscription } from './emitter';
import type { LiveLoad } from './liveLoad';

/** Containers inspected at once per host after a burst of exits; the others are told from their events alone. */
const MAX_INSPECTS = 8;
const INSPECT_TIMEOUT_MS = 10_000;
/** this extension's own stop or delete of a server counts as the user's for this long */
const ASKED_HERE_MS = 5 * 60_000;

interface HostWatch {
  count: number;
  inspecting: number;
  readonly streams: Disposable[];
}

export class Incidents {
  private readonly events: ContainerEventMonitor;
  private readonly hosts = new Map<string, HostWatch>();
  private readonly fired = new Emitter<Incident>();
  /** every incident, once, as it is known */
  readonly onIncident = this.fired.event;
  private readonly askedHere = new Map<string, number>();

  constructor(
    private readonly connections: HostConnections,
    private readonly load: LiveLoad,
  ) {
    this.events = new ContainerEventMonitor({ open: async (host, command) => (await connections.session(host)).openChannel(command) });
  }

  /** Watches a host's containers and whether it answers (streams open with the first watcher); dispose to stop. */
  watch(host: string): Disposable {
    let watch = this.hosts.get(host);
    if (!watch) {
      const classifier = new ContainerIncidentClassifier(host);
      const created: HostWatch = { count: 0, inspecting: 0, streams: [] };
      created.streams.push(
        this.events.watch(host, (event) => this.containerEvent(host, created, classifier, event)),
        this.load.watch(host, (event) => {
          if (event.kind === 'unanswered') this.fired.fire({ kind: 'hosts', host, reason: event.reason });
        }),
      );
      this.hosts.set(host, created);
      watch = created;
    }
    const w = watch;
    w.count++;
    let disposed = false;
    return {
      dispose: () => {
        if (disposed) return;
        disposed = true;
        if (--w.count > 0) return;
        for (const stream of w.streams) stream.dispose();
        if (this.hosts.get(host) === w) this.hosts.delete(host);
      },
    };
  }

  watchedHosts(): string[] {
    return [...this.hosts.keys()];
  }

  /** This extension asked Nova to stop or delete the server (what counts when Nova's record cannot be read). */
  askedByUser(serverId: string): void {
    this.askedHere.set(serverId, Date.now());
  }

  /** Tells the servers of these clouds that go ERROR or SHUTOFF without a user action, from each listing on. */
  followServers(clouds: Clouds): Subscription {
    const seen = new Map<string, Map<string, ServerSeen>>();
    return clouds.onDidChange(() => {
      for (const cloud of clouds.cloudList()) {
        const servers = clouds.state(cloud.name)?.servers;
        if (!servers) continue;
        const transitions = serverTransitions(seen.get(cloud.name), servers);
        seen.set(cloud.name, serversSeen(servers));
        for (const transition of transitions) void this.judge(clouds, cloud.name, transition);
      }
      for (const name of [...seen.keys()]) if (!clouds.cloudList().some((c) => c.name === name)) seen.delete(name);
    });
  }

  private async judge(clouds: Clouds, cloud: string, transition: ServerTransition): Promise<void> {
    const id = transition.server.id;
    const actions = await clouds
      .client(cloud)
      .then((client) => client.listInstanceActions(id))
      .catch(() => undefined);
    const asked = this.askedHere.get(id);
    const judgement = judgeTransition(transition, actions, asked !== undefined && Date.now() - asked < ASKED_HERE_MS);
    if (judgement.byUser) return;
    this.fired.fire({ kind: 'servers', cloud, id, name: transition.server.name, status: transition.status, detail: judgement.detail });
  }

  private containerEvent(host: string, watch: HostWatch, classifier: ContainerIncidentClassifier, event: ContainerEvent): void {
    const incident = classifier.feed(event);
    if (!incident) return;
    if (!incident.exited || incident.restarted || watch.inspecting >= MAX_INSPECTS) return this.fired.fire(incident);
    watch.inspecting++;
    void this.inspected(host, incident)
      .then((full) => this.fired.fire(full))
      .finally(() => watch.inspecting--);
  }

  /** Docker's record of how it ended (State.ExitCode, State.OOMKilled, State.Error); the event's alone if it is gone. */
  private async inspected(host: string, incident: ContainerIncident): Promise<ContainerIncident> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const inspect = await Promise.race([
        this.connections.run(host, async (session) => (await dockerOverSsh(session)).getContainer(incident.id).inspect()),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('inspect timed out')), INSPECT_TIMEOUT_MS))),
      ]);
      const end = containerEndOf(inspect);
      if (end.running) return incident;
      return { ...incident, oom: incident.oom || end.oomKilled, exitCode: end.exitCode ?? incident.exitCode, error: end.error };
    } catch {
      return incident;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  dispose(): void {
    for (const watch of this.hosts.values()) for (const stream of watch.streams) stream.dispose();
    this.hosts.clear();
    this.events.dispose();
    this.fired.dispose();
  }
}
