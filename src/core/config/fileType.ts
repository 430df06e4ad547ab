// Which kind of file a devstack, oslo.config or Heat file is — localrc, local.conf, an oslo INI of a
// service, a Heat template — from its name where the name says it, else from a bounded prefix of its text; always
// with the reason, which the CLI prints and the editor uses to give a file its language.
import { basename } from 'node:path';
import { servicesKnowing } from '../schema/catalog';
import { devstackData } from '../schema/devstack';
import { ownEntry } from '../ownEntry';
import { OSLO_SERVICES, type OsloService } from '../schema/loader';
import { isLocalrcSection, type LocalConfDocument, type MetaSection } from './localConf';

export type FileType =
  | { readonly kind: 'localrc' }
  | { readonly kind: 'local.conf' }
  | { readonly kind: 'oslo'; readonly service?: OsloService }
  /** a Heat Orchestration Template */
  | { readonly kind: 'hot' };

/** Reads `localrc`, `local.conf`, `oslo`, `oslo:nova`, `oslo:contrail-plugin`, `hot`… (the CLI's --type). */
export function parseFileType(text: string): FileType | undefined {
  if (text === 'localrc' || text === 'local.conf' || text === 'hot') return { kind: text };
  if (text === 'oslo') return { kind: 'oslo' };
  const service = OSLO_SERVICES.find((s) => text === `oslo:${s}`);
  return service ? { kind: 'oslo', service } : undefined;
}

/** The inverse of parseFileType: `oslo:nova`, `localrc`. */
export function formatFileType(type: FileType): string {
  return type.kind === 'oslo' && type.service ? `oslo:${type.service}` : type.kind;
}

/**
 * How much a name says. `exact`: a name devstack or a service itself uses (nova.conf, localrc),
 * maybe with a packaging or template suffix (nova.conf.rpmnew, local.conf.sample). `decorated`: such
 * a name with words added (seed-local.conf, broken-nova.conf, localrc-single). `extension`: only
 * `.conf`/`.ini`, which says "some INI file" and no more.
 */
export type NameStrength = 'exact' | 'decorated' | 'extension';

export interface NameHint {
  readonly type: FileType;
  readonly strength: NameStrength;
  /** a copy a package manager or an editor left behind (.rpmnew, .orig, .bak, ~) */
  readonly leftover: boolean;
}

const LEFTOVER_SUFFIXES = [
  '.rpmnew',
  '.rpmsave',
  '.rpmorig',
  '.dpkg-dist',
  '.dpkg-old',
  '.dpkg-new',
  '.ucf-dist',
  '.ucf-old',
  '.orig',
  '.bak',
  '.old',
  '.save',
  '~',
];
const TEMPLATE_SUFFIXES = ['.sample', '.example', '.dist', '.default'];

/** The names devstack and the services give their files, lower case. */
const NAMED_FILES: Readonly<Record<string, FileType>> = {
  localrc: { kind: 'localrc' },
  '.localrc.auto': { kind: 'localrc' },
  'local.conf': { kind: 'local.conf' },
  'nova.conf': { kind: 'oslo', service: 'nova' },
  'neutron.conf': { kind: 'oslo', service: 'neutron' },
  'glance-api.conf': { kind: 'oslo', service: 'glance-api' },
  'contrailplugin.ini': { kind: 'oslo', service: 'contrail-plugin' },
};

/** What a file's name says it is, and how firmly. */
export function nameHint(fileName: string): NameHint | undefined {
  let name = basename(fileName).toLowerCase();
  let leftover = false;
  for (let stripped = true; stripped;) {
    stripped = false;
    for (const suffix of [...LEFTOVER_SUFFIXES, ...TEMPLATE_SUFFIXES]) {
      if (name.length > suffix.length && name.endsWith(suffix)) {
        leftover ||= LEFTOVER_SUFFIXES.includes(suffix);
        name = name.slice(0, -suffix.length);
        stripped = true;
      }
    }
  }
  const hint = (type: FileType, strength: NameStrength): NameHint => ({ type, strength, leftover });
  const named = ownEntry(NAMED_FILES, name);
  if (named) return hint(named, 'exact');
  // the extensions and patterns package.json gives the languages
  if (name.endsWith('.localrc')) return hint({ kind: 'localrc' }, 'exact');
  if (name.endsWith('.hot')) return hint({ kind: 'hot' }, 'exact');
  if (name.endsWith('.local.conf')) return hint({ kind: 'local.conf' }, 'exact');
  if (/^nova-.*\.conf$/.test(name)) return hint({ kind: 'oslo', service: 'nova' }, 'exact');
  for (const [named, type] of Object.entries(NAMED_FILES)) {
    if (named.startsWith('.')) continue;
    if (name.endsWith(named) && /[-_.]$/.test(name.slice(0, -named.length))) return hint(type, 'decorated');
    if (name.startsWith(named) && /^[-_.]\w/.test(name.slice(named.length))) return hint(type, 'decorated');
  }
  if (name.endsWith('.conf') || name.endsWith('.ini')) return hint({ kind: 'oslo' }, 'extension');
  return undefined;
}

/** What the name alone says (no content): for local.conf's targets, and folder walks. */
export function fileTypeOf(fileName: string): FileType | undefined {
  return nameHint(fileName)?.type;
}

const FILE_VARIABLE_SERVICES: Readonly<Record<string, OsloService>> = {
  $NOVA_CONF: 'nova',
  $NEUTRON_CONF: 'neutron',
  $GLANCE_API_CONF: 'glance-api',
};

/** The oslo service a local.conf meta-section's file target configures ($NOVA_CONF, /$Q_PLUGIN_CONF_FILE, a path). */
export function serviceOfTarget(file: string, qPlugin: string | undefined): OsloService | undefined {
  const target = file.replace(/^\$\{(\w+)\}/, '$$$1');
  const variableService = ownEntry(FILE_VARIABLE_SERVICES, target);
  if (variableService) return variableService;
  if (/^\/?\$\{?Q_PLUGIN_CONF_FILE\}?$/.test(target)) return qPlugin === 'contrail' ? 'contrail-plugin' : undefined;
  const type = fileTypeOf(target);
  return type?.kind === 'oslo' ? type.service : undefined;
}

/** The Q_PLUGIN a local.conf's [[local|localrc]] sections set (it decides what /$Q_PLUGIN_CONF_FILE is). */
export function qPluginOf(doc: LocalConfDocument): string | undefined {
  for (const section of doc.sections) {
    if (section.body.kind !== 'localrc' || !isLocalrcSection(section.phase, section.file)) continue;
    const value = section.body.document.assignments.find((a) => a.name === 'Q_PLUGIN')?.value;
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The oslo service a local.conf meta-section's body configures. */
export function serviceOfMetaSection(section: MetaSection, doc: LocalConfDocument): OsloService | undefined {
  return serviceOfTarget(section.file, qPluginOf(doc));
}

export interface FileTypeDetection {
  readonly type: FileType;
  readonly basis: 'name' | 'content';
  /** what showed it: the file's name, or "[[local|localrc]] at line 3" */
  readonly evidence: string;
}

/** Content detection reads at most this much of a file (a bounded prefix keeps it cheap on any file). */
export const CONTENT_PREFIX_CHARS = 64 * 1024;

interface ContentKind {
  readonly detection: FileTypeDetection;
  /** it names a kind outright (local.conf, localrc, one service's INI), not just "some INI file" */
  readonly conclusive: boolean;
}

const META_HEADER = /^\[\[\s*([\w-]+)\s*\|\s*[^\]]*\]\]/;
/** a Heat template's version key, at the top level (column 0) */
const HOT_VERSION = /^(?:heat_template_version|"heat_template_version"|'heat_template_version')\s*:/;
// `[ -n "$X" ]` is a bash test, not a section: a section name starts right after the bracket
const SECTION_HEADER = /^\[([^[\]\s][^[\]]*)\]\s*(?:[#;].*)?$/;
const OPTION_LINE = /^([A-Za-z0-9_.-]+)\s*[=:]/;
const SHELL_ASSIGNMENT = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/;
const SHELL_CALL = /^([a-z_]+)(?:\s|$)/;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

interface ServiceTally {
  known: number;
  distinctive: number;
  example?: string;
  exampleIsGroup?: boolean;
}

function serviceVerdict(tallies: ReadonlyMap<OsloService, ServiceTally>): { service: OsloService; evidence: string } | undefined {
  const ranked = [...tallies.entries()].sort((a, b) => b[1].distinctive - a[1].distinctive);
  const [best, second] = ranked;
  // clearly ahead: shared oslo libraries ([database], [keystone_authtoken]) count for no one
  if (!best || best[1].distinctive === 0 || best[1].distinctive <= 2 * (second?.[1].distinctive ?? 0)) return undefined;
  const [service, t] = best;
  const evidence = t.exampleIsGroup
    ? `${t.example}, a ${service} section${t.known > 0 ? `, and ${plural(t.known, `${service} option`)}` : ''}`
    : t.known > 1
      ? `${t.example} and ${plural(t.known - 1, `other ${service} option`)}`
      : `${t.example}, a ${service} option`;
  return { service, evidence };
}

/** One pass over a bounded prefix: meta-section headers, INI sections and options, devstack shell lines. */
/** Counts a section or option for the services that know it; one known by a single service is distinctive. */
function tally(tallies: Map<OsloService, ServiceTally>, services: readonly OsloService[], example: string, isGroup: boolean): void {
  for (const s of services) {
    const t = tallies.get(s) ?? { known: 0, distinctive: 0 };
    if (!isGroup) t.known += 1;
    if (services.length === 1) {
      t.distinctive += 1;
      if (!t.example) {
        t.example = example;
        t.exampleIsGroup = isGroup;
      }
    }
    tallies.set(s, t);
  }
}

/** A devstack function call or variable assignment on a line before any section: what makes a file a localrc. */
function shellEvidence(line: string, index: number, data: ReturnType<typeof devstackData>): string | undefined {
  const call = SHELL_CALL.exec(line)?.[1];
  const assigned = SHELL_ASSIGNMENT.exec(line)?.[1];
  if (call && call !== 'source' && data.functions[call]) return `${call} at line ${index + 1}`;
  if (assigned && data.variables[assigned]) return `${assigned}=… at line ${index + 1}, a devstack variable`;
  return undefined;
}

function contentKind(text: string): ContentKind | undefined {
  const prefix = text.length > CONTENT_PREFIX_CHARS ? text.slice(0, text.lastIndexOf('\n', CONTENT_PREFIX_CHARS) + 1) : text;
  const data = devstackData();
  const tallies = new Map<OsloService, ServiceTally>();
  let section: string | undefined;
  let firstSection: number | undefined;
  let shell: string | undefined;
  let known = 0;
  const lines = prefix.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (HOT_VERSION.test(lines[i]))
      return {
        detection: { type: { kind: 'hot' }, basis: 'content', evidence: `heat_template_version at line ${i + 1}` },
        conclusive: true,
      };
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const meta = META_HEADER.exec(line);
    if (meta)
      return { detection: { type: { kind: 'local.conf' }, basis: 'content', evidence: `${meta[0]} at line ${i + 1}` }, conclusive: true };
    const header = SECTION_HEADER.exec(line);
    if (header) {
      section = header[1].trim();
      firstSection ??= i;
      tally(tallies, servicesKnowing(section), `[${section}]`, true);
      continue;
    }
    if (section === undefined) {
      shell ??= shellEvidence(line, i, data);
      continue;
    }
    const key = OPTION_LINE.exec(line)?.[1];
    if (!key) continue;
    const services = servicesKnowing(section, key);
    if (services.length > 0) known += 1;
    tally(tallies, services, `[${section}] ${key}`, false);
  }
  // a localrc has no INI sections; shell lines before a section are not enough to make an INI a localrc
  if (shell && firstSection === undefined)
    return { detection: { type: { kind: 'localrc' }, basis: 'content', evidence: shell }, conclusive: true };
  if (firstSection === undefined) return undefined;
  const verdict = serviceVerdict(tallies);
  if (verdict)
    return {
      detection: { type: { kind: 'oslo', service: verdict.service }, basis: 'content', evidence: verdict.evidence },
      conclusive: true,
    };
  if (known === 0 && !tallies.size) return undefined;
  const evidence = `INI sections from line ${firstSection + 1}, options of no one service`;
  return { detection: { type: { kind: 'oslo' }, basis: 'content', evidence }, conclusive: false };
}

const sameType = (a: FileType, b: FileType): boolean => formatFileType(a) === formatFileType(b);

/**
 * The kind of a file, from its name and text. Precedence: an exact name (nova.conf, localrc,
 * local.conf.sample) wins, even over content that disagrees, since that is the file devstack or the
 * service reads; then content that names a kind outright (a [[local|localrc]] header, devstack shell
 * lines, one service's options) wins over a decorated or merely `.conf` name (seed-local.conf that
 * is really a local.conf); then the name, however weak; then content that only shows "some oslo INI".
 * Undefined: nothing says what it is.
 */
export function detectFileType(fileName: string | undefined, text: string): FileTypeDetection | undefined {
  const hint = fileName === undefined ? undefined : nameHint(fileName);
  const byName = (): FileTypeDetection | undefined =>
    hint && fileName !== undefined ? { type: hint.type, basis: 'name', evidence: basename(fileName) } : undefined;
  if (hint?.strength === 'exact') return byName();
  const content = contentKind(text);
  if (content?.conclusive) return hint && sameType(hint.type, content.detection.type) ? byName() : content.detection;
  return byName() ?? content?.detection;
}

/** Languages editors give files they know nothing better about; a file in one of them may be re-labelled. */
const GENERIC_LANGUAGES = new Set(['plaintext', 'ini', 'properties']);

/**
 * Whether an editor should give an open document one of our languages, and which kind. Only generic
 * languages are overridden, on an exact or decorated name or conclusive content (a `.conf` name alone
 * is not enough); a shell script only on its name, since a localrc's content is shell too; a YAML
 * document only when its content is a Heat template.
 */
export function kindToAdopt(languageId: string, fileName: string, prefix: string): FileTypeDetection | undefined {
  // a YAML file is ours only when it is a Heat template (clouds.yaml, CI files and the rest stay YAML)
  if (languageId === 'yaml') {
    const detection = detectFileType(fileName, prefix);
    return detection?.type.kind === 'hot' ? detection : undefined;
  }
  const hint = nameHint(fileName);
  if (languageId === 'shellscript')
    return hint && hint.strength !== 'extension' ? { type: hint.type, basis: 'name', evidence: basename(fileName) } : undefined;
  if (!GENERIC_LANGUAGES.has(languageId)) return undefined;
  const detection = detectFileType(fileName, prefix);
  if (!detection) return undefined;
  if (detection.basis === 'name') return hint?.strength === 'extension' ? undefined : detection;
  return detection.type.kind === 'oslo' && !detection.type.service ? undefined : detection;
}
