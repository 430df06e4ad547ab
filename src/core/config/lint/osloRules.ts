// Lint rules for oslo.config files and local.conf's INI bodies, generic over the option data.
import type { OsloDocument, OsloOption, OsloProblem } from '../osloIni';
import { closestName } from '../../text/editDistance';
import { normalizeGroup, normalizeOption, releasesKnowing, renamedTo, type OptionCatalog, type OptionLookup } from '../../schema/catalog';
import type { OsloService } from '../../schema/loader';
import { authPluginOptions, glanceStoreGroups, parseEnabledBackends } from '../../schema/runtimeGroups';
import type { OptionSchema } from '../../schema/types';
import { RELEASE_LABELS, lifetimeNote, type Release } from '../../schema/releases';
import type { Fix, RawFinding } from './findings';
import { deleteOptionEdit, inlineCommentEdits, moveOptionEdits, renameKeyEdit } from './osloEdits';
import { checkValue } from './valueTypes';
import { IN_TREE_DOCKER_DRIVERS, NOVA_DOCKER_DRIVER } from '../../devstack/novaDocker';

export interface OsloLintContext {
  readonly service?: OsloService;
  readonly catalog?: OptionCatalog;
  readonly release: Release;
  /** a whole file (nova.conf) rather than a local.conf fragment that devstack merges */
  readonly wholeFile: boolean;
  readonly bounds: { readonly firstLine: number; readonly endLine: number };
}

function syntaxFinding(problem: OsloProblem): RawFinding {
  return { code: 'OS200', message: problem.message, range: problem.range };
}

function knownElsewhere(ctx: OsloLintContext, section: string, key: string): string {
  if (!ctx.service) return '';
  const note = lifetimeNote(releasesKnowing(ctx.service, section, key), ctx.release);
  if (!note) return '';
  const renamed = renamedTo(ctx.service, section, key);
  return `; ${note}${renamed ? `; ${renamed}` : ''}`;
}

/** "did you mean" for an option of a group, asked once per group and name in a run */
type OptionTypos = (group: string, key: string) => string | undefined;

function optionTypos(catalog: OptionCatalog): OptionTypos {
  const answers = new Map<string, string | undefined>();
  return (group, key) => {
    const id = `${normalizeGroup(group)}|${key}`;
    if (!answers.has(id)) answers.set(id, catalog.optionNameIndex(group).closest(key));
    return answers.get(id);
  };
}

/** What the per-option rules share: the document, the context and the answers asked once per run. */
interface OptionRun {
  readonly doc: OsloDocument;
  readonly ctx: OsloLintContext;
  readonly catalog: OptionCatalog;
  readonly typoOf: OptionTypos;
  /** normalized group → the auth_type the file sets there (the last one) */
  readonly authTypes: ReadonlyMap<string, string>;
  readonly out: RawFinding[];
}

function lintUnknownGroupOption(run: OptionRun, option: OsloOption & { section: string }): void {
  const { catalog, ctx } = run;
  // a deprecated group name is still read, but only for the options that moved with it
  const renamedTo = catalog.groupsRenamedFrom(option.section);
  if (renamedTo.length === 0) return; // an unknown section is reported once, on its header
  const typo = closestName(
    normalizeOption(option.key),
    renamedTo.flatMap((g) => catalog.optionNames(g)),
  );
  run.out.push({
    code: 'OS202',
    message:
      `unknown option "${option.key}" in [${option.section}] (${RELEASE_LABELS[ctx.release]}): [${option.section}] is an old name of [${renamedTo.join('], [')}], which has no such option${typo ? `; did you mean "${typo}"?` : ''}` +
      knownElsewhere(ctx, option.section, option.key),
    range: option.keyRange,
  });
}

/**
 * Whether an unknown key of an open group is an option keystoneauth reads there: the options of the
 * plugin its auth_type names (of any plugin when auth_type is not set). Groups that load no auth plugin
 * (no auth_section option), plugins and releases without data: every key may be read.
 */
function readByAuthPlugin(run: OptionRun, group: string, key: string): { read: boolean; authType?: string } {
  if (!run.catalog.group(group)?.schema.options.auth_section) return { read: true };
  const authType = run.authTypes.get(normalizeGroup(group));
  const options = authPluginOptions(run.ctx.release, authType);
  return options === undefined ? { read: true } : { read: options.has(normalizeOption(key)), authType };
}

function lintUnknownOption(run: OptionRun, option: OsloOption & { section: string }, lookup: { group: string; open: boolean }): void {
  const { catalog, ctx, doc } = run;
  let pluginNote = '';
  if (lookup.open) {
    const plugin = readByAuthPlugin(run, lookup.group, option.key);
    if (plugin.read) return;
    pluginNote = plugin.authType
      ? `: neither an option of the group nor of its auth plugin "${plugin.authType}"`
      : ': neither an option of the group nor of any keystoneauth auth plugin';
  }
  if (ctx.service === 'contrail-plugin' && LATER_CONTRAIL_KEYS.has(normalizeOption(option.key))) {
    run.out.push({
      code: 'OS212',
      message: `[${option.section}] ${option.key} belongs to later Juniper Contrail plugins (2014+); the Havana/Icehouse plugin ignores it`,
      range: option.keyRange,
    });
    return;
  }
  const elsewhere = catalog.groupsDefining(option.key).filter((g) => normalizeGroup(g) !== normalizeGroup(option.section));
  // the "did you mean" and the history are looked up only for the findings reported (a file may have 100,000)
  const typo = (): string | undefined => run.typoOf(option.section, normalizeOption(option.key));
  const message = (): string => {
    const parts = [`unknown option "${option.key}" in [${option.section}] (${RELEASE_LABELS[ctx.release]})${pluginNote}`];
    if (elsewhere.length > 0) parts.push(`it lives in [${elsewhere.join('], [')}]`);
    const suggestion = typo();
    if (suggestion) parts.push(`did you mean "${suggestion}"?`);
    return parts.join('; ') + knownElsewhere(ctx, option.section, option.key);
  };
  const fixes = (): Fix[] => {
    const suggestion = typo();
    return [
      ...(elsewhere.length > 0
        ? [
            {
              title: `Move "${option.key}" to [${elsewhere[0]}]`,
              edits: moveOptionEdits(doc, option, elsewhere[0], option.key, ctx.bounds),
              certain: elsewhere.length === 1,
            },
          ]
        : []),
      ...(suggestion ? [{ title: `Rename to "${suggestion}"`, edits: [renameKeyEdit(option, suggestion)], certain: false }] : []),
    ];
  };
  run.out.push({ code: 'OS202', message, range: option.keyRange, fixes });
}

function lintDeprecatedName(run: OptionRun, option: OsloOption & { section: string }, lookup: { group: string; name: string }): void {
  const sameGroup = normalizeGroup(lookup.group) === normalizeGroup(option.section);
  run.out.push({
    code: 'OS203',
    message: `"${option.key}" in [${option.section}] is a deprecated name of [${lookup.group}] ${lookup.name} (${RELEASE_LABELS[run.ctx.release]})`,
    range: option.keyRange,
    fixes: () => [
      {
        title: sameGroup ? `Rename to "${lookup.name}"` : `Move to [${lookup.group}] as "${lookup.name}"`,
        edits: sameGroup
          ? [renameKeyEdit(option, lookup.name)]
          : moveOptionEdits(run.doc, option, lookup.group, lookup.name, run.ctx.bounds),
        certain: true,
      },
    ],
  });
}

/** The option's deprecation and its value, once it is known. */
function lintKnownOption(run: OptionRun, option: OsloOption, lookup: { group: string; name: string; option: OptionSchema }): void {
  const schema = lookup.option;
  if (schema.deprecated_for_removal) {
    const since = schema.deprecated_since ? ` since ${schema.deprecated_since}` : '';
    const reason = schema.deprecated_reason ? `: ${schema.deprecated_reason}` : '';
    run.out.push({
      code: 'OS204',
      message: `[${lookup.group}] ${lookup.name} is deprecated for removal${since}${reason}`,
      range: option.keyRange,
    });
  }
  const problem = checkValue(schema, option.value);
  if (problem) {
    const code = problem.kind === 'type' ? 'OS205' : problem.kind === 'choice' ? 'OS206' : 'OS207';
    run.out.push({ code, message: `[${lookup.group}] ${lookup.name}: ${problem.message}`, range: option.valueRange });
  }
}

/**
 * A known option written with dashes: oslo.config matches a file's keys against option names as they
 * are (dest names, with underscores), so the dashed key is never read.
 */
function isDashedSpelling(option: OsloOption, lookup: OptionLookup): boolean {
  return option.key.includes('-') && (lookup.kind === 'option' || lookup.kind === 'deprecated-name');
}

function lintDashedKey(run: OptionRun, option: OsloOption): void {
  const spelled = normalizeOption(option.key);
  run.out.push({
    code: 'OS213',
    message: `"${option.key}" is ignored: oslo.config reads the option only as "${spelled}" (dashes are not underscores in a config file)`,
    range: option.keyRange,
    fixes: [{ title: `Rename to "${spelled}"`, edits: [renameKeyEdit(option, spelled)], certain: true }],
  });
}

function lintOption(run: OptionRun, option: OsloOption, lookup: OptionLookup | undefined): void {
  if (!lookup || option.section === undefined) return;
  const placed = option as OsloOption & { section: string };
  if (lookup.kind === 'unknown-group') return lintUnknownGroupOption(run, placed);
  if (lookup.kind === 'unknown-option') return lintUnknownOption(run, placed, lookup);
  if (isDashedSpelling(option, lookup)) return lintDashedKey(run, option);
  if (lookup.kind === 'deprecated-name') lintDeprecatedName(run, placed, lookup);
  lintKnownOption(run, option, lookup);
}

/**
 * Single-valued options set more than once. oslo.config takes the last value under the current name;
 * a deprecated name is read only when the current name is not set at all.
 */
function lintDuplicates(doc: OsloDocument, lookups: readonly (OptionLookup | undefined)[], ctx: OsloLintContext, out: RawFinding[]): void {
  const byOption = new Map<string, { option: OsloOption; alias: boolean }[]>();
  for (const [index, option] of doc.options.entries()) {
    if (option.section === undefined) continue;
    const lookup = lookups[index];
    const known = lookup && (lookup.kind === 'option' || lookup.kind === 'deprecated-name') ? lookup : undefined;
    // multi-valued options take every line; a dashed key is not read at all (OS213)
    if (known?.option.type === 'multi valued' || (lookup && isDashedSpelling(option, lookup))) continue;
    const id = known ? `${normalizeGroup(known.group)}|${known.name}` : `${normalizeGroup(option.section)}|${normalizeOption(option.key)}`;
    const list = byOption.get(id) ?? [];
    list.push({ option, alias: known?.kind === 'deprecated-name' });
    byOption.set(id, list);
  }
  const certain = ctx.catalog !== undefined;
  for (const list of byOption.values()) {
    if (list.length < 2) continue;
    const current = list.filter((o) => !o.alias);
    const winning = (current.length > 0 ? current : list)[(current.length > 0 ? current : list).length - 1];
    const winner = winning.option;
    for (const { option, alias } of list) {
      if (option === winner) continue;
      const why =
        alias && !winning.alias
          ? `[${winner.section}] ${winner.key} (line ${winner.line + 1}) is set too, and oslo.config reads a deprecated name only when the current one is not set`
          : `"${winner.key}" is set again on line ${winner.line + 1}; oslo.config keeps only the last value${certain ? '' : ' (unless it is multi-valued)'}`;
      out.push({
        code: 'OS208',
        message: `this "${option.key}" is ignored: ${why}`,
        range: option.keyRange,
        fixes: () => [{ title: `Remove this "${option.key}"`, edits: [deleteOptionEdit(doc, option)], certain }],
      });
    }
  }
}

function lintInlineComments(doc: OsloDocument, out: RawFinding[]): void {
  for (const option of doc.options) {
    const match = /\s#/.exec(option.rawValue);
    if (!match) continue;
    const hashIndex = option.valueRange.start.character + match.index + match[0].length - 1;
    out.push({
      code: 'OS209',
      message: `"${option.rawValue.slice(match.index).trim()}" is part of the value of ${option.key}: oslo.config has no inline comments`,
      range: { start: { line: option.line, character: hashIndex }, end: option.valueRange.end },
      fixes: () => [{ title: 'Move the comment to its own line', edits: inlineCommentEdits(doc, option, hashIndex), certain: true }],
    });
  }
}

function lintDockerDriver(doc: OsloDocument, ctx: OsloLintContext, out: RawFinding[]): void {
  if (ctx.service !== 'nova') return;
  const inDefault = (o: OsloOption): boolean => o.section === 'DEFAULT';
  // the last one counts (oslo keeps the last value); no reversed copy of every option list
  let computeDriver: OsloOption | undefined;
  for (let i = doc.options.length - 1; i >= 0 && !computeDriver; i--)
    if (inDefault(doc.options[i]) && doc.options[i].key === 'compute_driver') computeDriver = doc.options[i];
  if (computeDriver && IN_TREE_DOCKER_DRIVERS.includes(computeDriver.value.trim()) && ctx.release !== 'havana') {
    out.push({
      code: 'OS210',
      message: `"${computeDriver.value.trim()}" left Nova's tree in March 2014 (${RELEASE_LABELS[ctx.release]} has no Docker driver): install nova-docker and use ${NOVA_DOCKER_DRIVER}`,
      range: computeDriver.valueRange,
      fixes: [
        { title: `Use ${NOVA_DOCKER_DRIVER}`, edits: [{ range: computeDriver.valueRange, newText: NOVA_DOCKER_DRIVER }], certain: true },
      ],
    });
  }
  const vifDriver = doc.options.find((o) => o.section !== undefined && normalizeGroup(o.section) === 'docker' && o.key === 'vif_driver');
  if (ctx.wholeFile && vifDriver && /opencontrail/i.test(vifDriver.value)) {
    const driver = computeDriver?.value.trim();
    if (driver !== NOVA_DOCKER_DRIVER && !(ctx.release === 'havana' && driver && IN_TREE_DOCKER_DRIVERS.includes(driver))) {
      out.push({
        code: 'OS211',
        message: `the OpenContrail VIF driver is nova-docker's, but [DEFAULT] compute_driver is ${driver ? `"${driver}"` : 'not set'}: it takes effect only with compute_driver = ${NOVA_DOCKER_DRIVER}`,
        range: vifDriver.valueRange,
      });
    }
  }
}

/** Sections of ContrailPlugin.ini that other Contrail plugins read (see contrail-plugin.json "drift"). */
const CONTRAIL_SECTION_DRIFT: Readonly<Record<string, string>> = {
  CONTRAIL:
    "[CONTRAIL] is read by neutron's in-tree OpenContrail plugin (Juno era), not by Juniper's Contrail plugin, which reads [APISERVER] and [KEYSTONE]",
  COLLECTOR: '[COLLECTOR] came with later Juniper Contrail plugins (analytics API); the Havana/Icehouse plugin does not read it',
};
const LATER_CONTRAIL_KEYS = new Set([
  'use_ssl',
  'insecure',
  'certfile',
  'keyfile',
  'cafile',
  'api_server_base_url',
  'auth_token_url',
  'timeout',
  'connection_timeout',
  'apply_subnet_host_routes',
  'max_retries',
  'retry_interval',
  'cloud_admin_role',
  'aaa_mode',
]);

function lintSections(doc: OsloDocument, lookups: readonly (OptionLookup | undefined)[], ctx: OsloLintContext, out: RawFinding[]): void {
  const catalog = ctx.catalog;
  if (!catalog) return;
  // sections that are an old group name for at least one option in them, from the lookups made once
  const aliasedSections = new Set<string>();
  doc.options.forEach((o, index) => {
    if (o.section !== undefined && lookups[index]?.kind === 'deprecated-name') aliasedSections.add(o.section);
  });
  const reported = new Set<string>();
  for (const section of doc.sections) {
    const drift = ctx.service === 'contrail-plugin' ? CONTRAIL_SECTION_DRIFT[section.name.toUpperCase()] : undefined;
    if (drift) {
      out.push({ code: 'OS212', message: drift, range: section.nameRange });
      continue;
    }
    if (catalog.group(section.name) || reported.has(section.name)) continue;
    if (aliasedSections.has(section.name)) continue;
    reported.add(section.name);
    const typo = catalog.groupNameIndex().closest(section.name);
    out.push({
      code: 'OS201',
      message: `unknown section [${section.name}] for ${ctx.service} (${RELEASE_LABELS[ctx.release]})${typo ? `; did you mean [${typo}]?` : ''}`,
      range: section.nameRange,
      fixes: typo
        ? [
            {
              title: `Rename to [${typo}]`,
              edits: [{ range: section.nameRange, newText: typo }],
              certain: typo.toLowerCase() === section.name.toLowerCase(),
            },
          ]
        : undefined,
    });
  }
}

/** The auth_type set in each group (the last one counts), for the auth plugin check. */
function authTypesOf(doc: OsloDocument): Map<string, string> {
  const types = new Map<string, string>();
  for (const o of doc.options)
    if (o.section !== undefined && (o.key === 'auth_type' || o.key === 'auth_plugin') && o.value.trim() !== '')
      types.set(normalizeGroup(o.section), o.value.trim());
  return types;
}

/** The catalog with the groups glance registers for the stores this file's enabled_backends names. */
function withFileGroups(doc: OsloDocument, ctx: OsloLintContext): OptionCatalog | undefined {
  const catalog = ctx.catalog;
  if (!catalog || ctx.service !== 'glance-api') return catalog;
  let backends: OsloOption | undefined;
  for (const o of doc.options) if (o.section === 'DEFAULT' && o.key === 'enabled_backends') backends = o;
  if (!backends) return catalog;
  return catalog.withGroups(glanceStoreGroups(ctx.release, parseEnabledBackends(backends.value), (name) => catalog.group(name)?.schema));
}

/** Most lines not oslo INI (a shell script, a localrc, YAML named *.conf): said once, not once a line. */
const NOT_INI_MIN_BAD_LINES = 3;

function notOsloIni(doc: OsloDocument): RawFinding | undefined {
  const bad = new Set(doc.problems.map((p) => p.range.start.line));
  if (bad.size < NOT_INI_MIN_BAD_LINES) return undefined;
  const content = new Set(bad);
  for (const o of doc.options) content.add(o.line);
  for (const s of doc.sections) content.add(s.line);
  if (bad.size * 2 <= content.size) return undefined;
  const first = doc.problems[0];
  return {
    code: 'OS214',
    message: `this is not an oslo.config INI file: ${bad.size} of its ${content.size} lines are neither "key = value", a [section] nor a comment (the first: line ${first.range.start.line + 1}, ${first.message}); oslo.config refuses it`,
    range: first.range,
  };
}

export function lintOslo(doc: OsloDocument, ctx: OsloLintContext): RawFinding[] {
  const notIni = ctx.wholeFile ? notOsloIni(doc) : undefined;
  if (notIni) return [notIni];
  const out: RawFinding[] = doc.problems.map(syntaxFinding);
  const catalog = withFileGroups(doc, ctx);
  const fileCtx: OsloLintContext = { ...ctx, catalog };
  // one catalog lookup per option, shared by the section check, the per-option rules and the duplicate check
  const lookups = doc.options.map((o) => (o.section === undefined ? undefined : catalog?.lookup(o.section, o.key)));
  lintSections(doc, lookups, fileCtx, out);
  if (catalog) {
    const run: OptionRun = { doc, ctx: fileCtx, catalog, typoOf: optionTypos(catalog), authTypes: authTypesOf(doc), out };
    doc.options.forEach((option, index) => lintOption(run, option, lookups[index]));
  }
  lintDuplicates(doc, lookups, fileCtx, out);
  lintInlineComments(doc, out);
  lintDockerDriver(doc, fileCtx, out);
  return out;
}
