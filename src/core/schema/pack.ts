// Turns the checked-in option data into what the linter loads at run time (dist/schema/):
// per service and release a lint file without help texts (about a third of the size, so a cold CLI run
// parses little), a .help.json beside it for hover, and history.json: for every option name (and
// deprecated alias), the releases that know it — so "known in Havana–Icehouse" needs no other release's data.
import { normalizeGroup, normalizeOption } from './catalog';
import { KNOWN_RELEASES, type Release } from './releases';
import type { GroupSchema, HelpData, OptionSchema, ServiceSchema } from './types';

/**
 * service → normalized group → option (or alias) → bitmask of KNOWN_RELEASES indexes
 * (1 = havana, 2 = icehouse, 4 = zed, 8 = epoxy): small, so an unknown option costs little to explain.
 */
export type HistoryIndex = Record<string, Record<string, Record<string, number>>>;

export function splitHelp(schema: ServiceSchema): { lint: ServiceSchema; help: HelpData } {
  const groups: Record<string, GroupSchema> = {};
  const help: HelpData = { groups: {} };
  for (const [groupName, group] of Object.entries(schema.groups)) {
    const options: Record<string, OptionSchema> = {};
    const helpOptions: HelpData['groups'][string]['options'] = {};
    for (const [name, option] of Object.entries(group.options)) {
      // deprecation reasons stay with the lint data: the OS204 message quotes them
      const { help: text, ...rest } = option;
      options[name] = rest;
      if (text !== undefined) helpOptions[name] = { help: text };
    }
    const { help: groupHelp, ...groupRest } = group;
    groups[groupName] = { ...groupRest, options };
    help.groups[groupName] = { help: groupHelp, options: helpOptions };
  }
  return { lint: { ...schema, groups }, help };
}

export function addToHistory(index: HistoryIndex, service: string, release: Release, schema: ServiceSchema): void {
  const table = (index[service] ??= {});
  const bit = 1 << KNOWN_RELEASES.indexOf(release);
  const add = (group: string, name: string): void => {
    const options = (table[normalizeGroup(group)] ??= {});
    const key = normalizeOption(name);
    options[key] = (options[key] ?? 0) | bit;
  };
  for (const [groupName, group] of Object.entries(schema.groups)) {
    for (const [name, option] of Object.entries(group.options)) {
      add(groupName, name);
      for (const alias of option.deprecated_opts ?? []) add(alias.group ?? groupName, alias.name ?? name);
    }
  }
}
