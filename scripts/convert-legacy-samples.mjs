// Converts the Havana (2013.2) and Icehouse (2014.1) upstream sample configs in data/legacy/ into
// ServiceSchema JSON (src/core/schema/types.ts) under src/core/schema/data/, and the hand-compiled
// nova-docker option list into src/core/schema/data/nova-docker.json.
// Then prints parse counts per file and compares them with the "Parse counts" tables in
// data/legacy/PROVENANCE.md; exits non-zero if they disagree.
//
// Usage: node scripts/convert-legacy-samples.mjs [--check]
//   --check: do not write; fail if the files on disk differ from what would be written.
//
// Plain Node ESM, no dependencies. The output is deterministic (file order, key order as in the input).
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const legacyDir = join(root, 'data', 'legacy');
const outDir = join(root, 'src', 'core', 'schema', 'data');
const checkOnly = process.argv.includes('--check');

const HELP_MAX = 500;

// Where each sample came from (data/legacy/PROVENANCE.md, table "Files"). Checked against that file below.
const FILES = [
  {
    file: 'nova.conf.sample.2013.2',
    out: 'nova-havana.json',
    service: 'nova',
    release: 'havana',
    style: 'generated',
    repo: 'openstack/nova',
    commit: '3c373acb008b2a9b1c422fa1bbd5755db6092378',
    source:
      'openstack/nova tag 2013.2, commit 3c373acb008b2a9b1c422fa1bbd5755db6092378 (2013-10-12), etc/nova/nova.conf.sample ' +
      '(generated sample); [database] connection aliases [DEFAULT]/sql_connection and [DATABASE]/sql_connection added by ' +
      'scripts/convert-legacy-samples.mjs (in the Havana code, not printed by the Havana generator); the other deprecated ' +
      'aliases of the 2013.2 code (quantum_* of neutron_*, logdir, …) from data/legacy/aliases-from-code.json; ' +
      '[keystone_authtoken] (python-keystoneclient auth_token middleware) added as an open group',
  },
  {
    file: 'nova.conf.sample.2014.1',
    out: 'nova-icehouse.json',
    service: 'nova',
    release: 'icehouse',
    style: 'generated',
    repo: 'openstack/nova',
    commit: 'b7adaa96ab6fc6871054fcbb7da7ed548df10d88',
    source:
      'openstack/nova commit b7adaa96ab6fc6871054fcbb7da7ed548df10d88 (2014-03-19; not the 2014.1 tag, which has no sample: ' +
      'this is the parent of 918f6eab7c, which deleted it), etc/nova/nova.conf.sample (generated sample); ' +
      '[DEFAULT] vif_plugging_is_fatal and vif_plugging_timeout added by scripts/convert-legacy-samples.mjs ' +
      '(in 2014.1 code since 2390857d7a, 2014-03-10, missing from this stale sample)',
  },
  {
    file: 'neutron.conf.2013.2',
    out: 'neutron-havana.json',
    service: 'neutron',
    release: 'havana',
    style: 'handwritten',
    repo: 'openstack/neutron',
    commit: '9808cac073777ae375074121f9eab15403f1a856',
    source:
      'openstack/neutron tag 2013.2, commit 9808cac073777ae375074121f9eab15403f1a856 (2013-10-16), etc/neutron.conf (hand-written sample); ' +
      "deprecated aliases and multi-valued options (MultiStrOpt: service_provider, notification_driver, …) of the tag's code " +
      "from data/legacy/aliases-from-code.json; [DEFAULT] policy_file added from the tag's code",
  },
  {
    file: 'neutron.conf.2014.1',
    out: 'neutron-icehouse.json',
    service: 'neutron',
    release: 'icehouse',
    style: 'handwritten',
    repo: 'openstack/neutron',
    commit: '288432e3d1ea3a53d24644b8dbd545c815485351',
    source:
      'openstack/neutron tag 2014.1, commit 288432e3d1ea3a53d24644b8dbd545c815485351 (2014-04-09), etc/neutron.conf (hand-written sample); ' +
      "deprecated aliases and multi-valued options (MultiStrOpt: service_provider, notification_driver, …) of the tag's code " +
      "from data/legacy/aliases-from-code.json; [DEFAULT] policy_file added from the tag's code",
  },
  {
    file: 'glance-api.conf.2013.2',
    out: 'glance-api-havana.json',
    service: 'glance-api',
    release: 'havana',
    style: 'handwritten',
    repo: 'openstack/glance',
    commit: '42cfa8cc9dc3241103a6764ae1e3e58cfef2a763',
    source:
      'openstack/glance tag 2013.2, commit 42cfa8cc9dc3241103a6764ae1e3e58cfef2a763 (2013-10-11), etc/glance-api.conf (hand-written sample); ' +
      "deprecated aliases and multi-valued options of the tag's code from data/legacy/aliases-from-code.json",
  },
  {
    file: 'glance-api.conf.2014.1',
    out: 'glance-api-icehouse.json',
    service: 'glance-api',
    release: 'icehouse',
    style: 'handwritten',
    repo: 'openstack/glance',
    commit: 'abf2dd8ee8ea116205d661e57f8dda6627e2f5c1',
    source:
      'openstack/glance tag 2014.1, commit abf2dd8ee8ea116205d661e57f8dda6627e2f5c1 (2014-04-11), etc/glance-api.conf (hand-written sample); ' +
      "deprecated aliases and multi-valued options of the tag's code from data/legacy/aliases-from-code.json",
  },
];

// Groups whose option set is not fully listed: auth_token middleware options.
const OPEN_GROUPS = new Set(['keystone_authtoken']);

// Generator substitutions (PROVENANCE.md, gap 3): the real default depends on the host or install path.
// Keyed "file|group|name|value".
const HOST_DEPENDENT = new Set([
  'nova.conf.sample.2013.2|DEFAULT|my_ip|10.0.0.1',
  'nova.conf.sample.2013.2|DEFAULT|host|nova',
  'nova.conf.sample.2013.2|DEFAULT|pybasedir|/usr/lib/python/site-packages',
  'nova.conf.sample.2013.2|DEFAULT|bindir|/usr/local/bin',
  'nova.conf.sample.2013.2|database|connection|sqlite:////nova/openstack/common/db/$sqlite_db',
  'nova.conf.sample.2014.1|DEFAULT|my_ip|10.0.0.1',
  'nova.conf.sample.2014.1|DEFAULT|host|nova',
  'nova.conf.sample.2014.1|DEFAULT|pybasedir|/usr/lib/python/site-packages',
  'nova.conf.sample.2014.1|DEFAULT|bindir|/usr/local/bin',
  // neutron's hand-written "# host = myhost.com": the default is the machine's hostname
  'neutron.conf.2013.2|DEFAULT|host|myhost.com',
  'neutron.conf.2014.1|DEFAULT|host|myhost.com',
]);

// Repeated (group, name) in a generated sample: which occurrence describes the real option.
// Icehouse nova lists the redis matchmaker's host=127.0.0.1 under DEFAULT (oslo.messaging 1.3.0a9
// artefact) before the real node name host=nova; the real one wins.
const DUPLICATE_WINNER = { 'nova.conf.sample.2014.1|DEFAULT|host': 'last' };

// Options the samples lack, added by hand (PROVENANCE.md gap 1).
const POLICY_FILE = {
  type: 'string',
  default: 'policy.json',
  help:
    'The policy file to use. (Not in the hand-written sample; added from neutron/common/config.py core_opts ' +
    'of the same tag, the only core option the sample lacks.)',
};
const ADDED_OPTIONS = {
  'neutron.conf.2013.2': { DEFAULT: { policy_file: POLICY_FILE } },
  'neutron.conf.2014.1': { DEFAULT: { policy_file: POLICY_FILE } },
  'nova.conf.sample.2014.1': {
    DEFAULT: {
      vif_plugging_is_fatal: {
        type: 'boolean',
        default: 'true',
        help:
          'Fail instance boot if vif plugging fails. (Not in the sample, which predates this option; ' +
          'added from nova 2014.1 code, commit 2390857d7a.)',
      },
      vif_plugging_timeout: {
        type: 'integer',
        default: '300',
        help:
          'Number of seconds to wait for neutron vif plugging events to arrive before continuing or failing ' +
          '(see vif_plugging_is_fatal). If this is 0 and vif_plugging_is_fatal is false, events are not expected ' +
          'at all. (Not in the sample, which predates this option; added from nova 2014.1 code, commit 2390857d7a.)',
      },
    },
  },
};

// Deprecated aliases declared in the release's code (scripts/extract-legacy-aliases.py read them with
// Python's ast from the tag named there): the Havana generator printed none, neutron's hand-written
// samples none either. Applied to the options the sample lists, in their own group or the one named.
const CODE_ALIASES = JSON.parse(readFileSync(join(legacyDir, 'aliases-from-code.json'), 'utf8'));

// Options declared as MultiStrOpt in the release's code (aliases-from-code.json multiValued): the
// hand-written samples give most options no type, and a multi-valued one may be set on several lines
// (neutron's service_provider and notification_driver, glance's filesystem_store_datadirs).
const isMultiValued = (spec, name) => (CODE_ALIASES[spec.file]?.multiValued ?? []).includes(name);

// Groups registered by a library at run time, which the sample does not list (open: options unknown here).
// Havana nova reads [keystone_authtoken] through python-keystoneclient's auth_token middleware.
const ADDED_GROUPS = { 'nova.conf.sample.2013.2': ['keystone_authtoken'] };

// Deprecated aliases the Havana generator could not print (PROVENANCE.md gap 2 names these).
const ADDED_ALIASES = {
  'nova.conf.sample.2013.2': {
    database: {
      connection: [
        { group: 'DEFAULT', name: 'sql_connection' },
        { group: 'DATABASE', name: 'sql_connection' },
      ],
    },
  },
};

const TYPE_NOTE =
  /\((string|integer|boolean|list|floating point) value\)|\(multi valued\)|\((Str|Int|Bool|List|Float|MultiStr|Dict|Port|IP)Opt\)/;
const OPT_TYPES = {
  Str: 'string',
  Int: 'integer',
  Bool: 'boolean',
  List: 'list',
  Float: 'floating point',
  MultiStr: 'multi valued',
  Dict: 'dict',
  Port: 'port',
  IP: 'ip address',
};
const DEPRECATED_LINE = /^#\s*Deprecated group\/name - \[([^\]]+)\]\/(\S+)\s*$/;
const SECTION_LINE = /^\[([^\]]+)\]\s*$/;
// nova (oslo generator): "#name=value"
const GENERATED_OPTION = /^#([A-Za-z0-9_][A-Za-z0-9_.-]*)=(.*)$/;
// neutron / glance (hand-written): "# name = value", "#name = value", "name = value" (never "==")
const HANDWRITTEN_OPTION = /^(#\s?)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=(?!=)\s*(.*)$/;
// a hand-written list value wrapped onto an indented comment line (glance known_stores)
const WRAPPED_VALUE = /^#\s{2,}([^\s=#][^=]*)$/;

function typeFromNote(text) {
  const m = TYPE_NOTE.exec(text);
  if (!m) return 'unknown';
  if (m[1]) return m[1];
  if (m[2]) return OPT_TYPES[m[2]];
  return 'multi valued';
}

function collapse(s) {
  return s.replace(/\s+/g, ' ').trim();
}

function truncate(s) {
  if (s.length <= HELP_MAX) return s;
  return s.slice(0, HELP_MAX - 1).replace(/\s+\S*$/, '') + '…';
}

/** Parse one sample into occurrences (one per option, continuation lines folded in). */
function parseSample(text, style) {
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const sections = [];
  const occurrences = [];
  let section = null;
  let block = []; // comment lines (without '#') above the current line
  let prev = null; // the occurrence whose option line is the previous line
  let optionLines = 0;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    const sec = SECTION_LINE.exec(line);
    if (sec) {
      section = sec[1];
      sections.push(section);
      block = [];
      prev = null;
      continue;
    }
    if (/^\s*$/.test(line)) {
      block = [];
      prev = null;
      continue;
    }
    let name = null;
    let value = null;
    let active = false;
    if (style === 'generated') {
      const m = GENERATED_OPTION.exec(line);
      if (m) {
        name = m[1];
        value = m[2];
      }
    } else {
      const m = HANDWRITTEN_OPTION.exec(line);
      if (m) {
        name = m[2];
        value = m[3].trimEnd();
        active = !m[1];
      }
    }
    if (name !== null && section !== null) {
      optionLines++;
      if (prev && prev.name === name && prev.active === active) {
        // continuation of a multi-valued default: "#name=" right after the same name, no comment between
        prev.values.push(value);
        continue;
      }
      const occ = { section, name, values: [value], active, block };
      occurrences.push(occ);
      prev = occ;
      block = [];
      continue;
    }
    if (style === 'handwritten' && prev && prev.values[prev.values.length - 1].endsWith(',') && WRAPPED_VALUE.test(line)) {
      prev.values[prev.values.length - 1] += WRAPPED_VALUE.exec(line)[1].trim();
      continue;
    }
    if (line.startsWith('#')) {
      block.push(line.replace(/^#\s?/, ''));
      prev = null;
      continue;
    }
    // any other non-comment line (none expected in these samples)
    block = [];
    prev = null;
  }
  return { sections, occurrences, optionLines };
}

function describe(occ) {
  const deprecated = [];
  const helpLines = [];
  for (const l of occ.block) {
    const d = DEPRECATED_LINE.exec('#' + l);
    if (d) deprecated.push({ group: d[1], name: d[2] });
    else helpLines.push(l);
  }
  const joined = collapse(helpLines.join(' '));
  const type = typeFromNote(joined);
  // drop the note with the space before it, so "directory (string value). This" reads "directory. This"
  const help = truncate(collapse(joined.replace(new RegExp(`\\s*(?:${TYPE_NOTE.source})`), '')));
  return { type, help, deprecated };
}

/** A sample value that only illustrates (placeholder, example path) rather than a default. */
function isPlaceholder(value) {
  if (value === '<None>') return false;
  return /%[A-Z_]+%/.test(value) || /<[^>]+>/.test(value) || /^\/path\/to\//.test(value);
}

/** Example lines of hand-written samples: the comment right above mentions an example ("For example:"). */
function isExample(occ) {
  for (let i = occ.block.length - 1; i >= 0; i--) {
    const l = occ.block[i].trim();
    if (l === '') continue;
    return /\bexample\b/i.test(l);
  }
  return false;
}

/** The occurrence of a repeated name that gives its value (see DUPLICATE_WINNER and isExample). */
function chosenOccurrence(spec, key, occs) {
  if (occs.length === 1) return occs[0];
  if (DUPLICATE_WINNER[`${spec.file}|${key}`] === 'last') return occs[occs.length - 1];
  // hand-written alternatives: the first that is neither an example nor a placeholder gives the value
  return occs.find((o) => !isExample(o) && !o.values.some(isPlaceholder)) ?? occs.find((o) => !isExample(o)) ?? occs[0];
}

/** Type, help and aliases of one (group, name): from its occurrences, then what is added by hand or from code. */
function describeOption(spec, key, occs, chosen) {
  const [section, name] = key.split('|');
  const d = describe(chosen);
  let type = d.type;
  let help = d.help;
  const deprecated = [...d.deprecated];
  if (spec.style === 'handwritten' && occs.length > 1) {
    // the first occurrence usually carries the description; the type note may sit on any of them
    const described = occs.map(describe);
    help = described.find((x) => x.help)?.help ?? help;
    if (type === 'unknown') type = described.find((x) => x.type !== 'unknown')?.type ?? type;
  }
  if (type === 'unknown' && isMultiValued(spec, name)) type = 'multi valued';
  const extraAliases = [...(ADDED_ALIASES[spec.file]?.[section]?.[name] ?? []), ...(CODE_ALIASES[spec.file]?.aliases[name] ?? [])];
  for (const a of extraAliases) {
    if (!deprecated.some((x) => x.group === a.group && x.name === a.name)) deprecated.push(a);
  }
  return { type, help, deprecated };
}

function optionOf(spec, key, occs) {
  const [section, name] = key.split('|');
  const chosen = chosenOccurrence(spec, key, occs);
  const { type, help, deprecated } = describeOption(spec, key, occs, chosen);
  const opt = { type };
  const values = chosen.values;
  const printed = values.length > 1 ? values.join('\n') : values[0];
  if (HOST_DEPENDENT.has(`${spec.file}|${section}|${name}|${printed}`)) {
    opt.sample_default = printed;
  } else if (values.length === 1 && (values[0] === '<None>' || (spec.style === 'handwritten' && values[0] === 'None'))) {
    opt.default = null;
  } else if (values.some(isPlaceholder)) {
    opt.sample_default = printed;
  } else {
    opt.default = printed;
  }
  if (help) opt.help = help;
  if (deprecated.length) opt.deprecated_opts = deprecated;
  return opt;
}

/** The options and groups added by hand (ADDED_OPTIONS, ADDED_GROUPS), and which groups are open. */
function addHandWritten(spec, groups) {
  for (const [group, opts] of Object.entries(ADDED_OPTIONS[spec.file] ?? {})) {
    if (!groups[group]) groups[group] = { options: {} };
    for (const [name, opt] of Object.entries(opts)) {
      if (groups[group].options[name]) throw new Error(`${spec.file}: [${group}] ${name} already in the sample`);
      groups[group].options[name] = opt;
    }
  }
  for (const g of ADDED_GROUPS[spec.file] ?? []) groups[g] ??= { options: {} };
  for (const g of Object.keys(groups)) {
    if (OPEN_GROUPS.has(g)) groups[g].open = true;
  }
}

function buildSchema(spec, text) {
  const parsed = parseSample(text, spec.style);
  const groups = {};
  const byKey = new Map();
  for (const occ of parsed.occurrences) {
    const key = `${occ.section}|${occ.name}`;
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key).push(occ);
  }
  for (const s of parsed.sections) {
    if (!groups[s]) groups[s] = { options: {} };
  }
  for (const [key, occs] of byKey) {
    const [section, name] = key.split('|');
    groups[section].options[name] = optionOf(spec, key, occs);
  }
  addHandWritten(spec, groups);
  return { schema: { service: spec.service, release: spec.release, source: spec.source, groups }, parsed };
}

function countsOf(parsed) {
  const occ = parsed.occurrences;
  const types = {};
  let withHelp = 0;
  let active = 0;
  let withDeprecated = 0;
  for (const o of occ) {
    const d = describe(o);
    types[d.type] = (types[d.type] ?? 0) + 1;
    if (d.help) withHelp++;
    if (o.active) active++;
    if (d.deprecated.length) withDeprecated++;
  }
  return {
    sections: new Set(parsed.sections).size,
    options: occ.length,
    distinct: new Set(occ.map((o) => `${o.section}|${o.name}`)).size,
    optionLines: parsed.optionLines,
    withHelp,
    active,
    withDeprecated,
    types,
  };
}

/** The two count tables of PROVENANCE.md, keyed by file name. */
function readProvenanceTables(md) {
  const rows = {};
  const lines = md.split('\n');
  const num = (cell) => {
    const m = /^(\d+)/.exec(cell.trim());
    return m ? Number(m[1]) : cell.trim() === '–' ? 0 : NaN;
  };
  let mode = null;
  for (const line of lines) {
    if (line.startsWith('| file | sections |')) {
      mode = 'counts';
      continue;
    }
    if (line.startsWith('| file | string |')) {
      mode = 'types';
      continue;
    }
    if (!line.startsWith('|')) {
      mode = null;
      continue;
    }
    if (!mode || line.startsWith('|---')) continue;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const file = cells[0];
    rows[file] ??= {};
    if (mode === 'counts') {
      const [sections, options, distinct, optionLines, withHelp, active, withDeprecated] = cells.slice(1).map(num);
      Object.assign(rows[file], { sections, options, distinct, optionLines, withHelp, active, withDeprecated });
    } else {
      const [string, integer, boolean, list, fp, multi, none] = cells.slice(1).map(num);
      rows[file].types = { string, integer, boolean, list, 'floating point': fp, 'multi valued': multi, unknown: none };
    }
  }
  return rows;
}

function novaDockerSchema(json) {
  const toDefault = (v) => (v === null ? null : typeof v === 'boolean' ? String(v) : String(v));
  const toOptions = (list) => {
    const out = {};
    for (const o of list) {
      out[o.name] = { type: o.type, default: toDefault(o.default), ...(o.help ? { help: o.help } : {}) };
    }
    return out;
  };
  const branches = {};
  let previous = null;
  for (const [branch, rel] of Object.entries(json.releases)) {
    let options;
    if (rel.options) options = toOptions(rel.options);
    else if (rel.options_added_after_kilo) options = { ...previous, ...toOptions(rel.options_added_after_kilo) };
    else throw new Error(`nova-docker-options.json: no options for ${branch}`);
    previous = options;
    branches[branch] = {
      service: 'nova-docker',
      release: branch,
      source:
        `openstack-archive/nova-docker ${branch} commit ${rel.commit} (${rel.commit_date}), ${rel.path}; ` +
        'option list compiled by hand in data/legacy/nova-docker-options.json (help paraphrased)',
      groups: { [json.group]: { options } },
    };
  }
  return {
    service: 'nova-docker',
    source:
      `${json.source_repo}; data/legacy/nova-docker-options.json (hand-compiled from novadocker/virt/docker/driver.py), ` +
      'converted by scripts/convert-legacy-samples.mjs',
    compute_driver_value: json.compute_driver_value,
    branches,
  };
}

// ---------------------------------------------------------------------------------------------

const provenance = readFileSync(join(legacyDir, 'PROVENANCE.md'), 'utf8');
for (const spec of FILES) {
  if (!provenance.includes(spec.commit) || !provenance.includes(spec.file)) {
    throw new Error(`PROVENANCE.md does not name ${spec.file} / ${spec.commit}`);
  }
}
const expected = readProvenanceTables(provenance);

const outputs = [];
let mismatches = 0;
const report = [];
for (const spec of FILES) {
  const text = readFileSync(join(legacyDir, spec.file), 'utf8');
  const { schema, parsed } = buildSchema(spec, text);
  outputs.push([spec.out, JSON.stringify(schema) + '\n']);
  const got = countsOf(parsed);
  const exp = expected[spec.file];
  const written = Object.values(schema.groups).reduce((n, g) => n + Object.keys(g.options).length, 0);
  const cols = ['sections', 'options', 'distinct', 'optionLines', 'withHelp', 'active', 'withDeprecated'];
  const diffs = [];
  for (const c of cols) if (!exp || exp[c] !== got[c]) diffs.push(`${c} ${got[c]} vs ${exp?.[c]}`);
  for (const t of ['string', 'integer', 'boolean', 'list', 'floating point', 'multi valued', 'unknown']) {
    const g = got.types[t] ?? 0;
    // neutron's "(StrOpt)"/"(ListOpt)" notes are counted in the string/list columns
    if (!exp?.types || exp.types[t] !== g) diffs.push(`type ${t} ${g} vs ${exp?.types?.[t]}`);
  }
  const extraTypes = Object.keys(got.types).filter(
    (t) => !['string', 'integer', 'boolean', 'list', 'floating point', 'multi valued', 'unknown'].includes(t),
  );
  for (const t of extraTypes) diffs.push(`type ${t} ${got.types[t]} (not in the table)`);
  mismatches += diffs.length;
  report.push(
    `${spec.file.padEnd(24)} sections ${got.sections}, options ${got.options}, distinct ${got.distinct}, ` +
      `option lines ${got.optionLines}, with help ${got.withHelp}, active ${got.active}, with deprecated ${got.withDeprecated}; ` +
      `types ${Object.entries(got.types)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}; ` +
      `written ${written} options -> ${spec.out}` +
      (diffs.length ? `\n    DIFFERS from PROVENANCE.md: ${diffs.join('; ')}` : '  [agrees with PROVENANCE.md]'),
  );
}

const docker = JSON.parse(readFileSync(join(legacyDir, 'nova-docker-options.json'), 'utf8'));
const dockerSchema = novaDockerSchema(docker);
outputs.push(['nova-docker.json', JSON.stringify(dockerSchema) + '\n']);
report.push(
  `nova-docker-options.json  branches ${Object.entries(dockerSchema.branches)
    .map(([b, s]) => `${b} ${Object.keys(s.groups.docker.options).length}`)
    .join(', ')} -> nova-docker.json`,
);

let stale = 0;
if (!checkOnly) mkdirSync(outDir, { recursive: true });
for (const [name, content] of outputs) {
  const path = join(outDir, name);
  if (checkOnly) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== content) {
      stale++;
      report.push(`stale: ${name}`);
    }
  } else {
    writeFileSync(path, content);
  }
}
console.log(report.join('\n'));
if (mismatches) console.log(`${mismatches} count(s) differ from PROVENANCE.md`);
process.exitCode = mismatches || stale ? 1 : 0;
