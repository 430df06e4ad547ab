// A release's option data built from the packed history (data/history/<service>.json) for the releases
// without a richer generated file: types, choices, bounds, deprecated names and deprecation as that
// release's code declared them; no defaults (the history does not keep them).
import type { OptionHistory, OptionHistoryHelp, OptionVariant } from './optionHistory';
import type { Release } from './releases';
import type { DeprecatedAlias, GroupSchema, HelpData, OptionSchema, OptionType, ServiceSchema } from './types';

/** keystoneauth's loader options: a group holding one loads an auth plugin, whose own options are not listed. */
const AUTH_LOADER_OPTIONS = ['auth_type', 'auth_plugin', 'auth_section'];

function optionSchema(variant: OptionVariant): OptionSchema {
  const deprecated: DeprecatedAlias[] = (variant.deprecated ?? []).map(([group, name]) => ({ group, name }));
  return {
    type: (variant.multi ? 'multi valued' : variant.type) as OptionType,
    ...(variant.item_type !== undefined && { item_type: variant.item_type as OptionType }),
    ...(variant.choices !== undefined && { choices: variant.choices }),
    ...(variant.item_choices !== undefined && { item_choices: variant.item_choices }),
    ...(variant.min !== undefined && { min: variant.min }),
    ...(variant.max !== undefined && { max: variant.max }),
    ...(deprecated.length > 0 && { deprecated_opts: deprecated }),
    ...(variant.deprecated_for_removal && { deprecated_for_removal: true }),
    ...(variant.secret && { secret: true }),
  };
}

export function schemaFromHistory(history: OptionHistory, release: Release): ServiceSchema | undefined {
  const bit = history.bit(release);
  const groups: Record<string, GroupSchema> = {};
  for (const [groupName, options] of Object.entries(history.data.groups)) {
    const known: Record<string, OptionSchema> = {};
    for (const [name, variants] of Object.entries(options)) {
      const variant = variants.find(([mask]) => (mask & bit) !== 0)?.[1];
      if (variant) known[name] = optionSchema(variant);
    }
    if (Object.keys(known).length === 0) continue;
    const open = AUTH_LOADER_OPTIONS.some((o) => o in known);
    const existing = groups[groupName];
    groups[groupName] = { options: { ...existing?.options, ...known }, ...((open || existing?.open) && { open: true }) };
  }
  if (Object.keys(groups).length === 0) return undefined;
  const tag = history.data.tags[release];
  return {
    service: history.data.service,
    release,
    source: `option history of ${history.data.service}${tag ? ` at ${tag}` : ''} (data/history/PROVENANCE.json)`,
    groups,
  };
}

export function helpFromHistory(help: OptionHistoryHelp): HelpData {
  const groups: HelpData['groups'] = {};
  for (const [group, options] of Object.entries(help)) {
    groups[group] = { options: Object.fromEntries(Object.entries(options).map(([name, text]) => [name, { help: text }])) };
  }
  return { groups };
}
