// Lint rules for localrc and local.conf's [[local|localrc]] body, over devstack's per-era knowledge.
import type { Assignment, FunctionCall, LocalrcDocument, LocalrcStatement, Word } from '../localrc';
import { range, type Range, type TextEdit } from '../text';
import { NameIndex } from '../../text/editDistance';
import {
  DEFAULT_SERVICES,
  META_SERVICES,
  PREDEFINED_VARIABLES,
  VARIABLE_ALIASES,
  devstackKnows,
  isNeutronService,
  knownIn,
  namesIn,
  promptedPasswords,
  type DevstackData,
} from '../../schema/devstack';
import { releaseName, type DevstackEra, type Release } from '../../schema/releases';
import type { Fix, RawFinding } from './findings';

export const JUNIPER_NEUTRON_REPO = 'https://github.com/Juniper/neutron.git';
export const CONTRAIL_NEUTRON_BRANCH = 'contrail/havana';

export interface LocalrcLintContext {
  readonly data: DevstackData;
  readonly era: DevstackEra;
  /** the release checked against: devstack's own branch of it decides what it reads, where the history knows */
  readonly release: Release;
  /** a whole localrc (a file, or local.conf's [[local|localrc]]), not a fragment */
  readonly complete: boolean;
  /** where findings about the whole file point (line of the header, or line 0) */
  readonly anchor: Range;
}

const ERA_LABEL: Record<DevstackEra, string> = { '2014': '2014-era devstack', current: 'current devstack' };
const otherEra = (era: DevstackEra): DevstackEra => (era === '2014' ? 'current' : '2014');

function eolOf(doc: LocalrcDocument): string {
  return doc.lines.find((l) => l.eol !== '')?.eol ?? '\n';
}

function insertAfter(doc: LocalrcDocument, r: Range, text: string): TextEdit {
  const line = r.end.line;
  const end = doc.lines[line].text.length;
  return { range: range(line, end, line, end), newText: `${eolOf(doc)}${text}` };
}

function insertBefore(doc: LocalrcDocument, r: Range, text: string): TextEdit {
  return { range: range(r.start.line, 0, r.start.line, 0), newText: `${text}${eolOf(doc)}` };
}

/** How many statements touch each line, and which lines have a comment: built once per lint, not per fix. */
interface LineUse {
  readonly statements: Map<number, number>;
  readonly comments: Set<number>;
}

const lineUses = new WeakMap<LocalrcDocument, LineUse>();

function lineUseOf(doc: LocalrcDocument): LineUse {
  let use = lineUses.get(doc);
  if (!use) {
    const statements = new Map<number, number>();
    for (const o of doc.statements)
      for (let line = o.range.start.line; line <= o.range.end.line; line++) statements.set(line, (statements.get(line) ?? 0) + 1);
    use = { statements, comments: new Set(doc.comments.map((c) => c.range.start.line)) };
    lineUses.set(doc, use);
  }
  return use;
}

/** Removes a statement; whole lines when it stands alone on them. */
function deleteStatement(doc: LocalrcDocument, s: LocalrcStatement): TextEdit {
  const use = lineUseOf(doc);
  const first = s.range.start.line;
  const last = s.range.end.line;
  // s touches every line of its range: alone there when no line is touched twice
  let alone = true;
  for (let line = first; line <= last && alone; line++) alone = (use.statements.get(line) ?? 0) <= 1;
  if (alone && doc.lines[first].text.slice(0, s.range.start.character).trim() === '' && !use.comments.has(last)) {
    if (last + 1 < doc.lines.length) return { range: range(first, 0, last + 1, 0), newText: '' };
    if (first > 0) return { range: range(first - 1, doc.lines[first - 1].text.length, last, doc.lines[last].text.length), newText: '' };
  }
  return { range: s.range, newText: '' };
}

function serviceArgs(call: FunctionCall): { name: string; range: Range }[] {
  const out: { name: string; range: Range }[] = [];
  for (const word of call.args) {
    if (word.expands) continue;
    if (word.range.start.line !== word.range.end.line) {
      // a word continued over a line end (`n-net\` + newline): its value, over its whole range
      for (const part of word.value.split(',')) if (part !== '') out.push({ name: part, range: word.range });
      continue;
    }
    let offset = 0;
    for (const part of word.raw.split(',')) {
      const start = word.range.start.character + offset;
      if (part !== '') out.push({ name: part, range: range(word.range.start.line, start, word.range.start.line, start + part.length) });
      offset += part.length + 1;
    }
  }
  return out;
}

/** The first line (1-based) where each variable is referenced ($NAME, ${NAME}) in the file. */
function referencedLines(doc: LocalrcDocument): Map<string, number> {
  const lines = new Map<string, number>();
  for (const s of doc.statements) {
    const refs = s.kind === 'assignment' ? s.references : wordsOf(s).flatMap((w) => w.references);
    for (const ref of refs) if (!lines.has(ref.name)) lines.set(ref.name, ref.range.start.line + 1);
  }
  return lines;
}

function lintVariables(doc: LocalrcDocument, ctx: LocalrcLintContext, out: RawFinding[]): void {
  const { data, era, release } = ctx;
  const devstack = `devstack ${releaseName(release)}`;
  const typoOf = new NameIndex(namesIn(data.variables, era)).remembering();
  const usedAt = referencedLines(doc);
  for (const a of doc.assignments) {
    if (PREDEFINED_VARIABLES.has(a.name)) continue;
    const knowledge = devstackKnows(data, 'variables', a.name, release, era);
    if (knowledge.known) continue;
    const other =
      knowledge.lifetime ??
      (knownIn(data.variables, a.name, otherEra(era)) ? `it is a variable of ${ERA_LABEL[otherEra(era)]} only` : undefined);
    const ownUse = usedAt.get(a.name);
    if (ownUse !== undefined && !other) {
      // the file reads it itself: a helper variable of its own, not a misspelt devstack one
      out.push({
        code: 'DS103',
        message: `${devstack} does not read ${a.name}; this file uses it itself (line ${ownUse})`,
        range: a.nameRange,
      });
      continue;
    }
    const typo = typoOf(a.name);
    if (typo && !other) {
      out.push({
        code: 'DS102',
        message: `devstack does not read ${a.name}; did you mean ${typo}? (${devstack})`,
        range: a.nameRange,
        fixes: [{ title: `Rename to ${typo}`, edits: [{ range: a.nameRange, newText: typo }], certain: false }],
      });
    } else {
      out.push({
        code: 'DS103',
        message: `${devstack} does not read ${a.name} (${other ?? 'fine for your own variables'})`,
        range: a.nameRange,
      });
    }
  }
}

function lintValues(doc: LocalrcDocument, ctx: LocalrcLintContext, out: RawFinding[]): void {
  const { data, era } = ctx;
  const checks: [string, 'DS106' | 'DS107', Readonly<Record<string, { eras: readonly DevstackEra[] }>>, string][] = [
    ['VIRT_DRIVER', 'DS106', data.virtDrivers, 'hypervisor plugin (lib/nova_plugins/hypervisor-*)'],
    ['Q_PLUGIN', 'DS107', data.qPlugins, 'neutron plugin (lib/neutron_plugins/*)'],
  ];
  for (const [variable, code, table, what] of checks) {
    const typoOf = new NameIndex(namesIn(table, era)).remembering();
    for (const a of doc.assignments.filter((x) => x.name === variable && !x.expands)) {
      if (knownIn(table, a.value, era)) continue;
      const typo = typoOf(a.value);
      const other = knownIn(table, a.value, otherEra(era)) ? ` (it exists in ${ERA_LABEL[otherEra(era)]})` : '';
      out.push({
        code,
        message: `${variable}=${a.value}: ${ERA_LABEL[era]} has no such ${what}${other}${typo ? `; did you mean ${typo}?` : ''}`,
        range: a.valueRange,
        fixes: typo ? [{ title: `Use ${typo}`, edits: [{ range: a.valueRange, newText: typo }], certain: false }] : undefined,
      });
    }
  }
}

/** The services stack.sh would run: the era's defaults, then ENABLED_SERVICES and enable/disable calls in order. */
export function enabledServices(doc: LocalrcDocument, era: DevstackEra): Set<string> {
  let enabled = new Set<string>(DEFAULT_SERVICES[era]);
  for (const s of doc.statements) {
    if (s.kind === 'assignment' && s.name === 'ENABLED_SERVICES') {
      const listed = s.value
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '' && !x.startsWith('$'));
      // extended in place: a copy per `ENABLED_SERVICES+=,x` line would be quadratic
      if (s.value.includes('$ENABLED_SERVICES') || s.value.includes('${ENABLED_SERVICES}')) for (const name of listed) enabled.add(name);
      else enabled = new Set(listed);
    } else if (s.kind === 'call' && s.name === 'disable_all_services') {
      enabled = new Set();
    } else if (s.kind === 'call' && (s.name === 'enable_service' || s.name === 'disable_service')) {
      for (const arg of serviceArgs(s)) {
        if (s.name === 'enable_service') enabled.add(arg.name);
        else enabled.delete(arg.name);
      }
    }
  }
  return enabled;
}

function unknownServiceFinding(
  arg: { name: string; range: Range },
  ctx: LocalrcLintContext,
  typoOf: (name: string) => string | undefined,
): RawFinding | undefined {
  const { data, era, release } = ctx;
  if (META_SERVICES.has(arg.name)) return undefined;
  const knowledge = devstackKnows(data, 'services', arg.name, release, era);
  if (knowledge.known) return undefined;
  const typo = typoOf(arg.name);
  const other = knowledge.lifetime
    ? ` (${knowledge.lifetime})`
    : knownIn(data.services, arg.name, otherEra(era))
      ? ` (it exists in ${ERA_LABEL[otherEra(era)]})`
      : '';
  return {
    code: 'DS104',
    message: `unknown service "${arg.name}" for devstack ${releaseName(release)}${other}${typo ? `; did you mean "${typo}"?` : ''}`,
    range: arg.range,
    fixes: typo ? [{ title: `Use "${typo}"`, edits: [{ range: arg.range, newText: typo }], certain: false }] : undefined,
  };
}

/** Where the file enables services, for the n-net/neutron and docker checks. */
interface ServiceCalls {
  /** `enable_service n-net` not undone by a later disable_service */
  nNetExplicit?: Range;
  firstNeutron?: FunctionCall;
  lastEnable?: FunctionCall;
}

function lintServiceCalls(doc: LocalrcDocument, ctx: LocalrcLintContext, out: RawFinding[]): ServiceCalls {
  const typoOf = new NameIndex(namesIn(ctx.data.services, ctx.era)).remembering();
  const calls: ServiceCalls = {};
  for (const s of doc.statements) {
    if (s.kind !== 'call') continue;
    if (s.name === 'enable_plugin' && ctx.era === '2014') {
      out.push({
        code: 'DS118',
        message: 'enable_plugin does not exist in 2014-era devstack (plugins came in 2015); stack.sh stops with "command not found"',
        range: s.nameRange,
      });
    }
    if (s.name !== 'enable_service' && s.name !== 'disable_service') continue;
    for (const arg of serviceArgs(s)) {
      const unknown = unknownServiceFinding(arg, ctx, typoOf);
      if (unknown) out.push(unknown);
      if (s.name === 'enable_service') {
        calls.lastEnable = s;
        if (arg.name === 'n-net') calls.nNetExplicit = arg.range;
        if (isNeutronService(arg.name) && !calls.firstNeutron) calls.firstNeutron = s;
      } else if (arg.name === 'n-net') {
        calls.nNetExplicit = undefined;
      }
    }
  }
  return calls;
}

function lintServices(doc: LocalrcDocument, ctx: LocalrcLintContext, out: RawFinding[]): void {
  const { era } = ctx;
  const enabled = enabledServices(doc, era);
  const { nNetExplicit, firstNeutron, lastEnable } = lintServiceCalls(doc, ctx, out);
  const neutronOn = [...enabled].some(isNeutronService);
  const disableNNet: Fix = {
    title: 'Add "disable_service n-net"',
    edits: [insertBefore(doc, (firstNeutron ?? lastEnable ?? { range: ctx.anchor }).range, 'disable_service n-net')],
    certain: true,
  };
  if (enabled.has('n-net') && neutronOn) {
    out.push({
      code: 'DS105',
      message: nNetExplicit
        ? 'n-net (nova-network) is enabled together with neutron'
        : `n-net (nova-network) is on by default in ${ERA_LABEL[era]} and neutron is enabled too: disable n-net`,
      range: nNetExplicit ?? firstNeutron?.range ?? ctx.anchor,
      fixes: [disableNNet],
    });
  }
  const docker = doc.assignments.find((a) => a.name === 'VIRT_DRIVER' && a.value === 'docker');
  if (docker && enabled.has('n-net') && !neutronOn) {
    out.push({
      code: 'DS114',
      message:
        'VIRT_DRIVER=docker with n-net still enabled: the nova-docker + OpenContrail setup disables n-net and enables neutron (q-svc)',
      range: docker.range,
      fixes: [
        {
          title: 'Add "disable_service n-net" and "enable_service neutron q-svc"',
          edits: [insertAfter(doc, docker.range, `disable_service n-net${eolOf(doc)}enable_service neutron q-svc`)],
          certain: false,
        },
      ],
    });
  }
}

function lintPairs(doc: LocalrcDocument, ctx: LocalrcLintContext, out: RawFinding[]): void {
  const assigned = new Set(doc.assignments.map((a) => a.name));
  for (const a of doc.assignments) {
    const m = /^(.*)_(REPO|BRANCH)$/.exec(a.name);
    if (!m) continue;
    const partner = `${m[1]}_${m[2] === 'REPO' ? 'BRANCH' : 'REPO'}`;
    if (assigned.has(partner) || !knownIn(ctx.data.variables, partner, ctx.era)) continue;
    out.push({
      code: 'DS108',
      message:
        m[2] === 'REPO'
          ? `${a.name} is set without ${partner}: devstack checks out its default branch, which may not exist in that repository`
          : `${a.name} is set without ${partner}: the branch is looked up in devstack's default repository`,
      range: a.nameRange,
    });
  }
}

function lintDuplicates(doc: LocalrcDocument, out: RawFinding[]): void {
  const last = new Map<string, Assignment>();
  for (const a of doc.assignments) {
    if (a.conditional) continue;
    const earlier = last.get(a.name);
    if (earlier && !a.references.some((r) => r.name === a.name)) {
      out.push({
        code: 'DS109',
        message: `${a.name} is assigned again on line ${a.range.start.line + 1}; this value is never used`,
        range: earlier.nameRange,
        fixes: () => [{ title: `Remove this earlier ${a.name}`, edits: [deleteStatement(doc, earlier)], certain: true }],
      });
    }
    last.set(a.name, a);
  }
}

function lintPasswords(doc: LocalrcDocument, ctx: LocalrcLintContext, out: RawFinding[]): void {
  if (!ctx.complete) return;
  const assigned = new Set(doc.assignments.map((a) => a.name));
  for (const [name, aliases] of Object.entries(VARIABLE_ALIASES)) if (aliases.some((alias) => assigned.has(alias))) assigned.add(name);
  const values = new Map(doc.assignments.map((a) => [a.name, a.value]));
  for (const name of promptedPasswords(ctx.data, ctx.era, enabledServices(doc, ctx.era), values)) {
    if (!assigned.has(name))
      out.push({ code: 'DS110', message: `${name} is not set: stack.sh will stop and prompt for it`, range: ctx.anchor });
  }
}

function wordsOf(s: LocalrcStatement): readonly Word[] {
  return s.kind === 'call' ? s.args : s.kind === 'opaque' ? s.words : [];
}

function lintUseBeforeAssignment(doc: LocalrcDocument, out: RawFinding[]): void {
  const firstAssigned = new Map<string, number>();
  doc.statements.forEach((s, i) => {
    if (s.kind === 'assignment' && !firstAssigned.has(s.name)) firstAssigned.set(s.name, i);
  });
  doc.statements.forEach((s, i) => {
    const refs = s.kind === 'assignment' ? s.references : wordsOf(s).flatMap((w) => w.references);
    for (const ref of refs) {
      const at = firstAssigned.get(ref.name);
      if (at === undefined || at <= i || PREDEFINED_VARIABLES.has(ref.name)) continue;
      if (s.kind === 'assignment' && s.name === ref.name) continue;
      out.push({
        code: 'DS111',
        message: `$${ref.name} is used here but assigned only later (line ${doc.statements[at].range.start.line + 1})`,
        range: ref.range,
      });
    }
  });
}

function lintContrail(doc: LocalrcDocument, out: RawFinding[]): void {
  const plugin = doc.assignments.find((a) => a.name === 'Q_PLUGIN' && a.value === 'contrail');
  if (!plugin || doc.assignments.some((a) => a.name === 'NEUTRON_REPO')) return;
  const lines = [`NEUTRON_REPO=${JUNIPER_NEUTRON_REPO}`];
  if (!doc.assignments.some((a) => a.name === 'NEUTRON_BRANCH')) lines.push(`NEUTRON_BRANCH=${CONTRAIL_NEUTRON_BRANCH}`);
  out.push({
    code: 'DS115',
    message:
      "Q_PLUGIN=contrail needs NEUTRON_REPO: upstream neutron has no contrail plugin (it is in Juniper's neutron, branch contrail/havana)",
    range: plugin.range,
    fixes: [
      {
        title: `Add ${lines.map((l) => l.split('=')[0]).join(' and ')} (Juniper's neutron)`,
        edits: [insertAfter(doc, plugin.range, lines.join(eolOf(doc)))],
        certain: true,
      },
    ],
  });
}

function lintSpacedAssignments(doc: LocalrcDocument, out: RawFinding[]): void {
  for (const s of doc.statements) {
    if (s.kind !== 'spaced-assignment') continue;
    if (s.redirection) {
      out.push({
        code: 'DS120',
        message: `${s.name}=<…> assigns nothing: in bash "<" and ">" redirect (here from a file named "${s.value}"), and a ">" with nothing after it is a syntax error that stops stack.sh; write the real value`,
        range: s.range,
      });
      continue;
    }
    // the statement as written, up to a comment (indexOf: a regex like /\s*#/ rescans runs of spaces)
    const written = doc.lines[s.range.start.line].text.slice(s.range.start.character);
    const hash = written.indexOf('#');
    const shown = (hash < 0 ? written : written.slice(0, hash)).trim();
    out.push({
      code: 'DS101',
      message: `"${shown}" runs a command named ${s.name} instead of assigning: bash allows no spaces around "="`,
      range: s.range,
      fixes: [{ title: `Write ${s.fixed}`, edits: [{ range: s.range, newText: s.fixed }], certain: true }],
    });
  }
}

export function lintLocalrc(doc: LocalrcDocument, ctx: LocalrcLintContext): RawFinding[] {
  const out: RawFinding[] = doc.problems.map((p) => ({
    code: p.code === 'expansion-too-deep' ? 'DS119' : 'DS100',
    message: p.message,
    range: p.range,
  }));
  lintSpacedAssignments(doc, out);
  lintVariables(doc, ctx, out);
  lintValues(doc, ctx, out);
  lintServices(doc, ctx, out);
  lintPairs(doc, ctx, out);
  lintDuplicates(doc, out);
  lintPasswords(doc, ctx, out);
  lintUseBeforeAssignment(doc, out);
  lintContrail(doc, out);
  return out;
}
