// Turns the checked-in option data into what the linter loads at run time (dist/schema/):
// per service and release a lint file without help texts (about a third of the size, so a cold CLI run
// parses little), a .help.json beside it for hover, and history.json: for every option name (and
// deprecated alias), the releases that know it — so "known Havana–Yoga, removed in Zed" needs no other
// release's data.
import { normalizeGroup, normalizeOption } from './catalog';
import type { PackedOptionHistory } from './optionHistory';
import { RELEASES, releaseBit, type Release } from './releases';
import type { GroupSchema, HelpData, OptionSchema, ServiceSchema } from './types';

/**
 * service → normalized group → option (or alias) → bitmask of RELEASES indexes (1 = havana, 2 = icehouse,
 * 4 = juno, …): small, so an unknown option costs little to explain.
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

function adder(index: HistoryIndex, service: string): (group: string, name: string, mask: number) => void {
  const table = (index[service] ??= {});
  return (group, name, mask) => {
    const options = (table[normalizeGroup(group)] ??= {});
    const key = normalizeOption(name);
    options[key] = (options[key] ?? 0) | mask;
  };
}

/** Adds the names a release's generated file knows. */
export function addToHistory(index: HistoryIndex, service: string, release: Release, schema: ServiceSchema): void {
  const addMask = adder(index, service);
  const bit = releaseBit(release);
  const add = (group: string, name: string): void => addMask(group, name, bit);
  for (const [groupName, group] of Object.entries(schema.groups)) {
    for (const [name, option] of Object.entries(group.options)) {
      add(groupName, name);
      for (const alias of option.deprecated_opts ?? []) add(alias.group ?? groupName, alias.name ?? name);
    }
  }
}

/** Adds every name of a service's option history (its own and its aliases), with the releases that had it. */
export function addOptionHistory(index: HistoryIndex, history: PackedOptionHistory): void {
  if (history.releases.join() !== RELEASES.join()) throw new Error(`${history.service}: the history's releases are not RELEASES`);
  const add = adder(index, history.service);
  for (const [groupName, options] of Object.entries(history.groups)) {
    for (const [name, variants] of Object.entries(options)) {
      for (const [mask, variant] of variants) {
        add(groupName, name, mask);
        for (const [aliasGroup, aliasName] of variant.deprecated ?? []) add(aliasGroup ?? groupName, aliasName ?? name, mask);
      }
    }
  }
}
