// One pass over a parsed Heat template against a HeatSchemaSource: the findings of the HOT rules and
// the spans hover reads (a resource type, a property, a reference, a function where it is written).
// Each part of the template is visited once, so the pass is linear in the template's size.
import { isMap, isScalar, isSeq } from 'yaml';
import { NameIndex } from '../../text/editDistance';
import type { HeatResourceType, HeatSchemaSource, HeatTemplateVersion } from '../../heat/heatSchema';
import { templateVersionNamed } from '../../heat/heatSchema';
import type { RawFinding } from '../lint/findings';
import { lineRange, type Range } from '../text';
import { keyName, type HotDocument, type HotEntry } from './hotDocument';
import {
  allFunctionNames,
  checkKeys,
  didYouMean,
  firstVersionWith,
  functionCalled,
  quoted,
  type HotChecker,
  type HotSpan,
} from './hotChecker';
import { checkReferences } from './hotReferences';
import { checkResources } from './hotResources';

export interface HotAnalysis {
  readonly findings: readonly RawFinding[];
  readonly spans: readonly HotSpan[];
  /** the version the template declares, when Heat has it */
  readonly version?: HeatTemplateVersion;
  /** each resource's type schema (and a group's members' type), by resource name */
  readonly types: ReadonlyMap<string, { readonly schema?: HeatResourceType; readonly member?: HeatResourceType }>;
}

/** YAML's own errors and warnings: HT300 at their ranges, a key written twice HT314. */
function yamlProblems(doc: HotDocument, checker: HotChecker): void {
  for (const p of doc.problems) {
    if (p.kind === 'duplicate-key')
      checker.report('HT314', p.range, "a key written twice in this mapping: Heat's YAML loader keeps only the last one");
    else checker.report('HT300', p.range, `YAML: ${p.message}`, p.kind === 'warning' ? 'warning' : undefined);
  }
}

function checkVersion(doc: HotDocument, checker: HotChecker, anchor: Range): HeatTemplateVersion | undefined {
  const versions = checker.heat.templateVersions();
  const known = (): string => `${versions.map((v) => v.name).join(', ')} (or ${versions.flatMap((v) => v.aliases).join(', ')})`;
  const entry = doc.sections.find((s) => s.name === 'heat_template_version');
  if (!entry) {
    checker.report('HT301', anchor, () => `no heat_template_version: Heat needs it to read the template; one of ${known()}`);
    return undefined;
  }
  if (!doc.version) {
    checker.report(
      'HT301',
      entry.value ? doc.rangeOf(entry.value) : entry.nameRange,
      'heat_template_version must be a date such as 2016-10-14',
    );
    return undefined;
  }
  const { value, range } = doc.version;
  const version = templateVersionNamed(checker.heat, value);
  if (version) {
    checker.spans.push({ kind: 'version', range, version });
    return version;
  }
  checker.report('HT301', range, () => {
    const names = [...versions.map((v) => v.name), ...versions.flatMap((v) => v.aliases)];
    return `heat_template_version ${value} is not a version ${checker.heat.label} has${didYouMean(checker.closest(names, value))}: one of ${known()}`;
  });
  return undefined;
}

function checkSections(doc: HotDocument, checker: HotChecker, version: HeatTemplateVersion): void {
  for (const s of doc.sections) {
    if (version.sections.includes(s.name)) {
      if (['parameters', 'resources', 'outputs', 'conditions', 'parameter_groups'].includes(s.name)) checkSectionShape(s, doc, checker);
      continue;
    }
    const later = firstVersionWith(checker.heat, (v) => v.sections.includes(s.name));
    checker.report('HT302', s.nameRange, () =>
      later
        ? `${s.name} is a section from heat_template_version ${later.name} on: this template is ${version.name}`
        : `${s.name} is not a section of a Heat template${didYouMean(checker.closest(version.sections, s.name))}: ${version.name} has ${quoted(version.sections)}`,
    );
  }
}

function checkSectionShape(s: HotEntry, doc: HotDocument, checker: HotChecker): void {
  const list = s.name === 'parameter_groups';
  if (s.value === null || (isScalar(s.value) && s.value.value === null)) return;
  if (list ? isSeq(s.value) : isMap(s.value)) return;
  checker.report(
    'HT313',
    doc.rangeOf(s.value),
    `${s.name} must be a ${list ? 'list' : 'mapping'} of ${list ? 'groups' : 'names to definitions'}`,
  );
}

/** Each parameter: a mapping with a type Heat has and only the keys a parameter has. */
function checkParameters(doc: HotDocument, checker: HotChecker, version: HeatTemplateVersion): void {
  for (const p of doc.parameters) {
    if (!isMap(p.value)) {
      checker.report('HT313', p.value ? doc.rangeOf(p.value) : p.nameRange, `parameter ${p.name} must be a mapping with at least a type`);
      continue;
    }
    checkKeys(p.value, version.parameterKeys, `a parameter (${p.name})`, doc, checker);
    const type = p.value.items.find((i) => keyName(i) === 'type');
    if (!type) checker.report('HT313', p.nameRange, `parameter ${p.name} has no type: one of ${quoted(version.parameterTypes)}`);
    else if (isScalar(type.value) && !version.parameterTypes.includes(String(type.value.value)))
      checker.report(
        'HT313',
        doc.rangeOf(type.value),
        () =>
          `${String(type.value && (type.value as { value: unknown }).value)} is not a parameter type${didYouMean(checker.closest(version.parameterTypes, String((type.value as { value: unknown }).value)))}: one of ${quoted(version.parameterTypes)}`,
      );
  }
}

function checkOutputs(doc: HotDocument, checker: HotChecker, version: HeatTemplateVersion): void {
  for (const o of doc.outputs) {
    if (isMap(o.value)) checkKeys(o.value, version.outputKeys, `an output (${o.name})`, doc, checker);
    else checker.report('HT313', o.value ? doc.rangeOf(o.value) : o.nameRange, `output ${o.name} must be a mapping with a value`);
  }
}

const cache = new WeakMap<HotDocument, { heat: HeatSchemaSource; analysis: HotAnalysis }>();

/** The analysis of a template (kept per document and schema source: lint and hover share it). */
export function analyzeHot(doc: HotDocument, heat: HeatSchemaSource, firstLineLength: number): HotAnalysis {
  const cached = cache.get(doc);
  if (cached?.heat === heat) return cached.analysis;
  const findings: RawFinding[] = [];
  const indexes = new Map<readonly string[], NameIndex>();
  const names = allFunctionNames(heat);
  const checker: HotChecker = {
    doc,
    heat,
    spans: [],
    types: new Map(),
    report: (code, range, message, severity) => findings.push(severity ? { code, range, message, severity } : { code, range, message }),
    isFunction: (node) => functionCalled(node, names) !== undefined,
    closest: (list, name) => {
      let index = indexes.get(list);
      if (!index) indexes.set(list, (index = new NameIndex(list)));
      return index.closest(name);
    },
  };
  yamlProblems(doc, checker);
  const anchor = lineRange(0, 0, firstLineLength);
  const tooDeep = doc.problems.some((p) => p.kind === 'too-deep');
  if (!doc.root) {
    if (!tooDeep && !doc.problems.some((p) => p.kind === 'error'))
      checker.report('HT313', anchor, 'a Heat template is a mapping of sections (heat_template_version, parameters, resources, outputs)');
  }
  const version = doc.root ? checkVersion(doc, checker, anchor) : undefined;
  const withVersion: HotChecker = { ...checker, version };
  if (version) {
    checkSections(doc, withVersion, version);
    checkParameters(doc, withVersion, version);
    checkOutputs(doc, withVersion, version);
  }
  checkResources(withVersion);
  checkReferences(withVersion);
  const analysis: HotAnalysis = { findings, spans: checker.spans, version, types: checker.types };
  cache.set(doc, { heat, analysis });
  return analysis;
}
