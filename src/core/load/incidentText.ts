// The text of a notification: one incident, or a burst of them as one message. Names come from hosts,
// Docker and Nova (untrusted): made printable, capped, and kept from forming a link in a notification.
import { printableLine } from '../text/printable';
import { containerOutcome, type ContainerIncident, type HostIncident, type Incident, type ServerIncident } from './incidents';

const MAX_NAMES = 5;
const MAX_NAME = 80;
const MAX_DETAIL = 200;

/** Printable, one line, capped; "](" broken so that VS Code's notification renders no link from it. */
export function safeText(text: string, max = MAX_NAME): string {
  return (printableLine(text, max) ?? '').replace(/\]\(/g, '] (');
}

function names(list: readonly string[]): string {
  const shown = list.slice(0, MAX_NAMES).join(', ');
  return list.length > MAX_NAMES ? `${shown} and ${list.length - MAX_NAMES} more` : shown;
}

function containerLabel(c: ContainerIncident): string {
  return c.serverName ? `“${safeText(c.serverName)}” (${safeText(c.name)})` : safeText(c.name);
}

function exitText(c: ContainerIncident): string {
  const code = c.exitCode !== undefined ? `exit code ${c.exitCode}` : undefined;
  const parts = [code, c.error ? `Docker: ${safeText(c.error, MAX_DETAIL)}` : undefined].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

function oneContainer(c: ContainerIncident): string {
  const what = c.oom
    ? c.exited
      ? `was OOM-killed at its memory limit${exitText(c)}`
      : 'had a process OOM-killed at its memory limit (it runs on)'
    : `exited${exitText(c)}`;
  return `${what}${c.restarted ? ' and was restarted by Docker' : ''}`;
}

function containersText(host: string, list: readonly ContainerIncident[]): string {
  const on = `on ${safeText(host)}`;
  const [first] = list;
  if (list.length === 1 && first) {
    const label = first.serverName ? `The container of server ${containerLabel(first)}` : `Container ${containerLabel(first)}`;
    return `${label} ${on} ${oneContainer(first)}.`;
  }
  const byOutcome = new Map<string, ContainerIncident[]>();
  for (const c of list) byOutcome.set(containerOutcome(c), [...(byOutcome.get(containerOutcome(c)) ?? []), c]);
  const labelled = (c: ContainerIncident) =>
    `${c.serverName ? safeText(c.serverName) : safeText(c.name)}${c.exitCode !== undefined ? ` (code ${c.exitCode})` : ''}`;
  const words = { oom: 'were OOM-killed', restarted: 'exited and were restarted', exited: 'exited' } as const;
  const parts = (['oom', 'restarted', 'exited'] as const)
    .filter((o) => byOutcome.has(o))
    .map((o) => ({ outcome: o, list: byOutcome.get(o) ?? [] }));
  if (parts.length === 1 && parts[0])
    return `${list.length} containers ${on} ${words[parts[0].outcome]}: ${names(parts[0].list.map(labelled))}.`;
  return `${list.length} containers ${on} ended: ${parts.map((p) => `${p.list.length} ${words[p.outcome]} (${names(p.list.map(labelled))})`).join('; ')}.`;
}

function serversText(cloud: string, list: readonly ServerIncident[]): string {
  const of = `of cloud ${safeText(cloud)}`;
  const [first] = list;
  if (list.length === 1 && first)
    return `Server “${safeText(first.name)}” ${of} went ${first.status} without a user action${first.detail ? `: ${safeText(first.detail, MAX_DETAIL)}` : ''}.`;
  const statuses = [...new Set(list.map((s) => s.status))].sort().join(' or ');
  return `${list.length} servers ${of} went ${statuses} without a user action: ${names(list.map((s) => `${safeText(s.name)} (${s.status})`))}.`;
}

function hostsText(list: readonly HostIncident[]): string {
  const [first] = list;
  if (list.length === 1 && first) return `Host ${safeText(first.host)} stopped answering: ${safeText(first.reason, MAX_DETAIL)}.`;
  return `${list.length} hosts stopped answering: ${names(list.map((h) => safeText(h.host)))}.`;
}

/** The message of one group of incidents (all of one groupKey). */
export function incidentText(group: readonly Incident[]): string {
  const [first] = group;
  if (!first) return '';
  if (first.kind === 'containers') return containersText(first.host, group as readonly ContainerIncident[]);
  if (first.kind === 'servers') return serversText(first.cloud, group as readonly ServerIncident[]);
  return hostsText(group as readonly HostIncident[]);
}
