// One description of an option or variable, shared by hover and completion documentation.
import { releasesKnowing, renamedTo } from '../../schema/catalog';
import type { DevstackEntry, DevstackVariable } from '../../schema/devstack';
import { loadDevstackHistory, loadServiceHelp, type OsloService } from '../../schema/loader';
import { RELEASE_LABELS, releaseChange, releaseRange, releasesInMask, type DevstackEra, type Release } from '../../schema/releases';
import { ownEntry } from '../../ownEntry';
import type { OptionSchema } from '../../schema/types';
import { escapeMarkdown, markdownCode as code } from '../../text/markdown';

export interface Description {
  /** one line: type and default */
  readonly detail: string;
  readonly markdown: string;
}

const ERA_NAMES: Record<DevstackEra, string> = {
  '2014': '2014-era devstack (Havana–Icehouse, screen)',
  current: 'current devstack (systemd)',
};

function optionHelp(service: OsloService, release: Release, group: string, name: string): string | undefined {
  return loadServiceHelp(service, release)?.groups[group]?.options[name]?.help;
}

export function describeOption(service: OsloService, group: string, name: string, option: OptionSchema, release: Release): Description {
  const type = option.type === 'list' && option.item_type ? `list of ${option.item_type}` : option.type;
  const shownDefault = option.sample_default ?? option.default;
  const detail = `${type}${shownDefault !== undefined && shownDefault !== null && shownDefault !== '' ? ` = ${shownDefault.split('\n')[0]}` : ''}`;
  const lines = [`**[${group}] ${name}** — ${type}${option.secret ? ' (secret)' : ''}`];
  if (shownDefault !== undefined) lines.push(`Default: ${shownDefault === null || shownDefault === '' ? '(none)' : code(shownDefault)}`);
  const choices = (option.choices ?? []).filter((c) => c !== '<None>');
  if (choices.length > 0) lines.push(`Allowed: ${choices.map(code).join(', ')}`);
  if (option.min !== undefined || option.max !== undefined) lines.push(`Range: ${option.min ?? '−∞'} … ${option.max ?? '∞'}`);
  const help = optionHelp(service, release, group, name);
  if (help) lines.push('', help);
  if (option.deprecated_for_removal)
    lines.push(
      '',
      `⚠ Deprecated for removal${option.deprecated_since ? ` since ${option.deprecated_since}` : ''}${option.deprecated_reason ? `: ${option.deprecated_reason}` : ''}`,
    );
  const aliases = (option.deprecated_opts ?? []).map((a) => `[${a.group ?? group}] ${a.name ?? name}`);
  if (aliases.length > 0) lines.push('', `Old names still read: ${aliases.map(code).join(', ')}`);
  lines.push('', releaseHistory(service, group, name, release));
  return { detail, markdown: lines.join('  \n').replace(/ {2}\n {2}\n/g, '\n\n') };
}

/** "Known in Havana–Icehouse, Epoxy (this file: Zed — removed after Icehouse)". */
export function releaseHistory(service: OsloService, group: string, name: string, release: Release): string {
  const known = releasesKnowing(service, group, name);
  if (known.length === 0) return `Not in the option data of any release (${RELEASE_LABELS[release]} checked)`;
  const change = releaseChange(known, release);
  const renamed = change ? renamedTo(service, group, name) : undefined;
  const notes = [change, renamed].filter((n): n is string => n !== undefined);
  return `Releases: ${releaseRange(known)}${notes.length ? ` — ${notes.join('; ')}` : ''}`;
}

/** "Releases: Havana–Pike — removed in Queens": the devstack branches that read a variable (the history of all 26). */
function devstackReleases(name: string, release: Release | undefined): string | undefined {
  const mask = ownEntry(loadDevstackHistory()?.variables ?? {}, name) ?? 0;
  if (mask === 0) return undefined;
  const known = releasesInMask(mask);
  const change = release && releaseChange(known, release);
  return `devstack branches: ${releaseRange(known)}${change ? ` — ${change}` : ''}`;
}

export function describeVariable(name: string, variable: DevstackVariable | undefined, era: DevstackEra, release?: Release): Description {
  if (!variable)
    return { detail: 'not a devstack variable', markdown: `**${escapeMarkdown(name)}** — devstack does not read this variable` };
  const value = variable.default === undefined || variable.default === null ? '' : ` = ${variable.default}`;
  const detail = `${variable.kind ?? 'variable'}${value}`;
  const lines = [`**${escapeMarkdown(name)}** — ${variable.kind ?? 'variable'}`];
  if (variable.default !== undefined)
    lines.push(`Default: ${variable.default === null || variable.default === '' ? '(none)' : code(variable.default)}`);
  if (variable.choices?.length) lines.push(`Allowed: ${variable.choices.map(code).join(', ')}`);
  if (variable.pairedWith) lines.push(`Set together with ${code(variable.pairedWith)}`);
  if (variable.help) lines.push('', variable.help);
  lines.push(
    '',
    `Known in: ${variable.eras.map((e) => ERA_NAMES[e]).join('; ') || 'no era'}${variable.eras.includes(era) ? '' : ` — not read by ${ERA_NAMES[era]}`}${variable.removedIn ? ` (removed: ${variable.removedIn})` : ''}`,
  );
  const branches = devstackReleases(name, release);
  if (branches) lines.push(branches);
  return { detail, markdown: lines.join('  \n').replace(/ {2}\n {2}\n/g, '\n\n') };
}

export function describeEntry(kind: string, name: string, entry: DevstackEntry | undefined, era: DevstackEra): string {
  if (!entry) return `**${escapeMarkdown(name)}** — not a ${kind} devstack knows`;
  const lines = [`**${escapeMarkdown(name)}** — ${kind}${entry.project ? ` (${entry.project})` : ''}`];
  if (entry.args !== undefined) lines.push(code(`${name} ${entry.args}`.trim()));
  if (entry.help) lines.push('', entry.help);
  lines.push(
    '',
    `Known in: ${entry.eras.map((e) => ERA_NAMES[e]).join('; ') || 'no era'}${entry.eras.includes(era) ? '' : ` — not in ${ERA_NAMES[era]}`}`,
  );
  return lines.join('  \n').replace(/ {2}\n {2}\n/g, '\n\n');
}
