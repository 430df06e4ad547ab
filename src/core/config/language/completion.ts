// Completion for localrc, local.conf and oslo files, from the same data the linter uses.
import { OptionCatalog, normalizeGroup } from '../../schema/catalog';
import { devstackData, knownIn, namesIn, type DevstackEntry } from '../../schema/devstack';
import { BOOLEAN_VALUES, KNOWN_OPTION_VALUES, KNOWN_VARIABLE_VALUES } from '../../schema/knownValues';
import { eraOf, type DevstackEra, type Release } from '../../schema/releases';
import type { OptionSchema } from '../../schema/types';
import type { ParsedFile } from '../parsedFile';
import type { Position, Range } from '../text';
import { contextAt, type PositionContext } from './position';
import { describeOption, describeVariable } from './describe';
import { ownEntry } from '../../ownEntry';
import type { HeatSchemaSource } from '../../heat/heatSchema';
import { heatSchemaSource } from '../../heat/offlineHeatSchema';
import { hotCompletions } from '../hot/hotCompletion';
import type { Completion, CompletionKind } from './completionItem';

export type { Completion, CompletionKind } from './completionItem';

function entries(
  table: Readonly<Record<string, DevstackEntry>>,
  era: '2014' | 'current',
  kind: CompletionKind,
  range: Range,
  detail: (name: string, e: DevstackEntry) => string,
): Completion[] {
  return namesIn(table, era).map((name) => ({
    label: name,
    kind,
    range,
    detail: detail(name, table[name]),
    documentation: table[name].help,
  }));
}

function optionValues(section: string, option: string, schema: OptionSchema | undefined, release: Release, range: Range): Completion[] {
  const out: Completion[] = [];
  const known = ownEntry(KNOWN_OPTION_VALUES, `${normalizeGroup(section)}|${option}`) ?? [];
  for (const k of known) {
    if (k.releases && !k.releases.includes(release)) continue;
    out.push({ label: k.value, kind: 'value', range, documentation: k.help, sortText: `0${k.value}` });
  }
  if (schema?.type === 'boolean') for (const b of BOOLEAN_VALUES) out.push({ label: b, kind: 'value', range, sortText: `1${b}` });
  for (const choice of schema?.choices ?? [])
    if (choice !== '<None>') out.push({ label: choice, kind: 'value', range, sortText: `1${choice}` });
  if (schema?.default && !out.some((c) => c.label === schema.default))
    out.push({ label: schema.default, kind: 'value', range, detail: 'default', sortText: `2${schema.default}` });
  return out;
}

/** The files a meta-section header can name: devstack's file variables of the era, localrc, the plugin's file. */
function metaSectionFiles(phase: string, era: DevstackEra, range: Range): Completion[] {
  const data = devstackData();
  const files = Object.entries(data.fileVariables)
    .filter(([, f]) => f.eras.includes(era))
    .map(([name, f]): Completion => ({ label: name, kind: 'file', range, detail: f.path, documentation: f.help }));
  if (phase === 'local') files.unshift({ label: 'localrc', kind: 'file', range, detail: 'the localrc body (shell variables)' });
  if (knownIn(data.qPlugins, 'contrail', era))
    files.push({
      label: '/$Q_PLUGIN_CONF_FILE',
      kind: 'file',
      range,
      detail: "the neutron plugin's file (ContrailPlugin.ini for Q_PLUGIN=contrail)",
    });
  return files;
}

/** The values a localrc variable takes: hypervisors, neutron plugins, known values, its choices. */
function variableValues(name: string, era: DevstackEra, range: Range): Completion[] {
  const data = devstackData();
  const table = name === 'VIRT_DRIVER' ? data.virtDrivers : name === 'Q_PLUGIN' ? data.qPlugins : undefined;
  if (table) return entries(table, era, 'value', range, () => name);
  const variable = ownEntry(data.variables, name);
  const values = [
    ...(ownEntry(KNOWN_VARIABLE_VALUES, name) ?? []).map((k) => ({ label: k.value, documentation: k.help })),
    ...(variable?.choices ?? []).map((c) => ({ label: c, documentation: undefined })),
  ];
  if (variable?.kind === 'boolean') values.push({ label: 'True', documentation: undefined }, { label: 'False', documentation: undefined });
  return values.map((v) => ({ ...v, kind: 'value', range }));
}

/** heat: where a Heat template's schemas come from (default: the offline data) */
export function completionsAt(parsed: ParsedFile, position: Position, release: Release, heat?: HeatSchemaSource): Completion[] {
  if (parsed.hot) return hotCompletions(parsed.hot, parsed.lines, position, heatSchemaSource(heat));
  const context = contextAt(parsed, position);
  const era = eraOf(release);
  switch (context.kind) {
    case 'meta-header-start':
      return devstackPhases(era).map((phase) => ({
        label: `[[${phase}|…]]`,
        kind: 'snippet',
        range: context.range,
        insertText: phase === 'local' ? '[[local|localrc]]' : `[[${phase}|\${1:$NOVA_CONF}]]`,
        documentation: devstackData().metaSectionPhases[phase]?.help,
      }));
    case 'meta-phase':
      return entries(devstackData().metaSectionPhases, era, 'phase', context.range, () => 'devstack phase');
    case 'meta-file':
      return metaSectionFiles(context.section.phase, era, context.range);
    case 'variable-name':
      return variableNames(context, era);
    case 'variable-reference': {
      const data = devstackData();
      return namesIn(data.variables, era).map((name) => ({
        label: name,
        kind: 'variable',
        range: context.range,
        detail: describeVariable(name, data.variables[name], era).detail,
      }));
    }
    case 'variable-value':
      return variableValues(context.variable, era, context.range);
    case 'service':
      return entries(devstackData().services, era, 'service', context.range, (_n, e) => e.project ?? 'service');
    case 'section-name': {
      const catalog = context.service ? OptionCatalog.for(context.service, release) : undefined;
      return (catalog?.groupNames() ?? []).map((g) => ({
        label: g,
        kind: 'section',
        range: context.range,
        documentation: catalog?.group(g)?.schema.help,
      }));
    }
    case 'option-name':
      return optionNames(context, release);
    case 'option-value':
      return optionValuesAt(context, release);
    case 'none':
      return [];
  }
}

function devstackPhases(era: '2014' | 'current'): string[] {
  return namesIn(devstackData().metaSectionPhases, era);
}

type ContextOf<K extends PositionContext['kind']> = Extract<PositionContext, { kind: K }>;

/** devstack's variables, and at the start of a statement its functions too */
function variableNames(context: ContextOf<'variable-name'>, era: DevstackEra): Completion[] {
  const data = devstackData();
  const variables = namesIn(data.variables, era).map((name): Completion => {
    const described = describeVariable(name, data.variables[name], era);
    return {
      label: name,
      kind: 'variable',
      range: context.range,
      detail: described.detail,
      documentation: described.markdown,
      insertText: `${name}=`,
    };
  });
  if (!context.atStatementStart) return variables;
  return [...variables, ...entries(data.functions, era, 'function', context.range, (name, e) => `${name} ${e.args ?? ''}`.trim())];
}

function optionNames(context: ContextOf<'option-name'>, release: Release): Completion[] {
  const catalog = context.service ? OptionCatalog.for(context.service, release) : undefined;
  const group = catalog && context.section !== undefined ? catalog.group(context.section) : undefined;
  if (!group) return [];
  return Object.entries(group.schema.options).map(([name, option]): Completion => {
    const described = describeOption(context.service ?? 'nova', group.name, name, option, release);
    return {
      label: name,
      kind: 'option',
      range: context.range,
      detail: described.detail,
      documentation: described.markdown,
      insertText: `${name} = `,
      deprecated: option.deprecated_for_removal === true,
    };
  });
}

/** the values of the option at the cursor, found by its name or a deprecated one */
function optionValuesAt(context: ContextOf<'option-value'>, release: Release): Completion[] {
  const catalog = context.service ? OptionCatalog.for(context.service, release) : undefined;
  const lookup = catalog && context.section !== undefined ? catalog.lookup(context.section, context.option) : undefined;
  const known = lookup && (lookup.kind === 'option' || lookup.kind === 'deprecated-name') ? lookup : undefined;
  return optionValues(
    known ? known.group : (context.section ?? 'DEFAULT'),
    known ? known.name : context.option,
    known?.option,
    release,
    context.range,
  );
}
