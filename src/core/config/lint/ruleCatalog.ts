// Every rule: its stable code, default severity and what it checks. docs/rules.md is written from this
// list (scripts/write-rules-doc.mjs), and the editor links each diagnostic's code to its section there.
// A finding's code is a RuleCode, so a code that is not in this list does not compile.
import { formatCount, formatMiB, MAX_FINDINGS_PER_FILE, MAX_LINT_INPUT_BYTES } from '../limits';
import { MAX_EXPANSION_DEPTH } from '../localrc';
import { HAVANA_DOCKER_DRIVER, NOVA_DOCKER_DRIVER } from '../../devstack/novaDocker';
import { CLOUD_CONSTRAINT_NAMES } from '../../heat/cloudFacts';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
/** a severity as configured: 'off' drops the rule's findings */
export type SeverityOverride = Severity | 'off';

/** How an editor may show a rule's findings: struck through (deprecated) or faded (unnecessary code). */
export type RuleTag = 'deprecated' | 'unnecessary';

export interface RuleInfo {
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  readonly appliesTo: 'localrc' | 'local.conf' | 'oslo' | 'hot' | 'any';
  readonly summary: string;
  readonly fix?: string;
  readonly tags?: readonly RuleTag[];
}

const RULE_TABLE = [
  {
    code: 'DS100',
    name: 'unterminated-quote',
    severity: 'error',
    appliesTo: 'localrc',
    summary: 'A quote is never closed: bash reads the rest of the file into the value, or stops with a syntax error.',
  },
  {
    code: 'DS101',
    name: 'spaced-assignment',
    severity: 'error',
    appliesTo: 'localrc',
    summary: '`VAR = value`, `VAR =value` or `VAR= value`: with spaces bash runs a command instead of assigning.',
    fix: 'Remove the spaces (quoting a value of several words).',
  },
  {
    code: 'DS102',
    name: 'misspelled-variable',
    severity: 'warning',
    appliesTo: 'localrc',
    summary: 'A variable devstack does not read, close to one it does (a likely typo).',
    fix: 'Rename to the variable devstack reads (a suggestion).',
  },
  {
    code: 'DS103',
    name: 'unknown-variable',
    severity: 'info',
    appliesTo: 'localrc',
    summary: 'A variable devstack does not read in this era (fine for your own helper variables).',
  },
  {
    code: 'DS104',
    name: 'unknown-service',
    severity: 'warning',
    appliesTo: 'localrc',
    summary: 'enable_service/disable_service names a service devstack of this era does not know.',
    fix: 'Rename to the closest known service (a suggestion).',
  },
  {
    code: 'DS105',
    name: 'nova-network-with-neutron',
    severity: 'error',
    appliesTo: 'localrc',
    summary: 'n-net (nova-network) is enabled together with neutron (q-* services): they cannot both manage the network.',
    fix: 'Add `disable_service n-net`.',
  },
  {
    code: 'DS106',
    name: 'unknown-virt-driver',
    severity: 'warning',
    appliesTo: 'localrc',
    summary: 'VIRT_DRIVER names no hypervisor plugin devstack of this era has.',
  },
  {
    code: 'DS107',
    name: 'unknown-q-plugin',
    severity: 'warning',
    appliesTo: 'localrc',
    summary: 'Q_PLUGIN names no lib/neutron_plugins file devstack of this era has.',
  },
  {
    code: 'DS108',
    name: 'repo-branch-pair',
    severity: 'info',
    appliesTo: 'localrc',
    summary:
      "A *_REPO is set without its *_BRANCH (or the reverse): the other one keeps devstack's default, which may not exist in that repository.",
  },
  {
    code: 'DS109',
    name: 'assigned-twice',
    severity: 'warning',
    appliesTo: 'localrc',
    summary: 'A variable is assigned twice; only the last value counts.',
    fix: 'Remove the earlier assignment.',
  },
  {
    code: 'DS110',
    name: 'password-missing',
    severity: 'warning',
    appliesTo: 'localrc',
    summary: 'A password variable is not set, so stack.sh stops to prompt for it.',
  },
  {
    code: 'DS111',
    name: 'used-before-assignment',
    severity: 'warning',
    appliesTo: 'localrc',
    summary: "$VAR is used before the file assigns it, so bash expands it to devstack's value at that point or to nothing.",
  },
  {
    code: 'DS112',
    name: 'unknown-phase',
    severity: 'error',
    appliesTo: 'local.conf',
    summary: 'A meta-section phase devstack does not run (local, post-config, extra, post-extra, test-config).',
  },
  {
    code: 'DS113',
    name: 'plugin-conf-without-slash',
    severity: 'error',
    appliesTo: 'local.conf',
    summary:
      '`[[post-config|$Q_PLUGIN_CONF_FILE]]`: Q_PLUGIN_CONF_FILE is relative to /, so devstack writes a file relative to its own directory.',
    fix: 'Write `/$Q_PLUGIN_CONF_FILE`.',
  },
  {
    code: 'DS114',
    name: 'docker-with-nova-network',
    severity: 'warning',
    appliesTo: 'localrc',
    summary: 'VIRT_DRIVER=docker while n-net is still enabled: the nova-docker + OpenContrail setup uses neutron.',
    fix: 'Add `disable_service n-net`.',
  },
  {
    code: 'DS115',
    name: 'contrail-without-neutron-repo',
    severity: 'error',
    appliesTo: 'localrc',
    summary: "Q_PLUGIN=contrail without NEUTRON_REPO: upstream neutron has no contrail plugin; it lives in Juniper's neutron fork.",
    fix: "Add NEUTRON_REPO and NEUTRON_BRANCH (Juniper's neutron, contrail/havana).",
  },
  {
    code: 'DS116',
    name: 'outside-meta-section',
    severity: 'warning',
    appliesTo: 'local.conf',
    summary: 'Lines before the first [[phase|file]] header are ignored by devstack.',
  },
  {
    code: 'DS117',
    name: 'bad-meta-header',
    severity: 'error',
    appliesTo: 'local.conf',
    summary: 'A line starting with [[ that is not a [[phase|file]] header.',
  },
  {
    code: 'DS118',
    name: 'function-not-in-era',
    severity: 'warning',
    appliesTo: 'localrc',
    summary: 'A devstack function this era does not have (enable_plugin came after 2014).',
  },
  {
    code: 'DS119',
    name: 'expansion-too-deep',
    severity: 'warning',
    appliesTo: 'localrc',
    summary: `\${…} or $(…) nested more than ${MAX_EXPANSION_DEPTH} deep: the linter does not read inside the deeper ones (no real localrc needs this).`,
  },
  {
    code: 'DS120',
    name: 'redirection-in-assignment',
    severity: 'error',
    appliesTo: 'localrc',
    summary:
      '`VAR=<placeholder>`: `<` and `>` are redirections in bash, so the line assigns nothing, reads or writes a file, and a lone `>` at the end is a syntax error. A placeholder to fill in.',
    fix: 'Put the real value in (quote it if it contains < or >).',
  },
  {
    code: 'OS200',
    name: 'syntax',
    severity: 'error',
    appliesTo: 'oslo',
    summary:
      'A line oslo.config cannot parse (no "=" or ":", a header without "]", an option before any section, a stray indented line); oslo refuses the whole file.',
  },
  {
    code: 'OS201',
    name: 'unknown-section',
    severity: 'warning',
    appliesTo: 'oslo',
    summary: 'A [section] this service does not read in this release.',
  },
  {
    code: 'OS202',
    name: 'unknown-option',
    severity: 'warning',
    appliesTo: 'oslo',
    summary:
      'An option this section does not have in this release (with "did you mean", where it lives instead, and the releases that knew it).',
    fix: 'Move it to the section that has it.',
  },
  {
    code: 'OS203',
    name: 'deprecated-name',
    severity: 'warning',
    appliesTo: 'oslo',
    summary: 'A deprecated name or group: still read, but renamed.',
    fix: 'Rename it (and move it to the new section).',
    tags: ['deprecated'],
  },
  {
    code: 'OS204',
    name: 'deprecated-for-removal',
    severity: 'warning',
    appliesTo: 'oslo',
    summary: 'An option marked for removal in a later release.',
    tags: ['deprecated'],
  },
  {
    code: 'OS205',
    name: 'wrong-type',
    severity: 'error',
    appliesTo: 'oslo',
    summary: "A value that is not of the option's type (boolean, integer, float, port, IP address, host, URI, dict).",
  },
  {
    code: 'OS206',
    name: 'not-a-choice',
    severity: 'error',
    appliesTo: 'oslo',
    summary: "A value that is not one of the option's choices.",
  },
  {
    code: 'OS207',
    name: 'out-of-range',
    severity: 'error',
    appliesTo: 'oslo',
    summary: "A number below the option's minimum or above its maximum.",
  },
  {
    code: 'OS208',
    name: 'duplicate-option',
    severity: 'warning',
    appliesTo: 'oslo',
    summary: 'A single-valued option set twice in one section; oslo.config keeps the last.',
    fix: 'Remove the earlier line.',
    tags: ['unnecessary'],
  },
  {
    code: 'OS209',
    name: 'inline-comment',
    severity: 'warning',
    appliesTo: 'oslo',
    summary: 'A "#" after a value: oslo.config has no inline comments, so it is part of the value.',
    fix: 'Move the comment to its own line above.',
  },
  {
    code: 'OS210',
    name: 'docker-driver-moved',
    severity: 'error',
    appliesTo: 'oslo',
    summary: `compute_driver = ${HAVANA_DOCKER_DRIVER}: the Docker driver left Nova's tree in March 2014 (Icehouse); it is nova-docker's ${NOVA_DOCKER_DRIVER}.`,
    fix: `Use ${NOVA_DOCKER_DRIVER}.`,
  },
  {
    code: 'OS211',
    name: 'opencontrail-vif-without-nova-docker',
    severity: 'warning',
    appliesTo: 'oslo',
    summary:
      "[docker] vif_driver is nova-docker's OpenContrail VIF driver, but compute_driver is not nova-docker's DockerDriver, so it is never used.",
  },
  {
    code: 'OS212',
    name: 'contrail-section-drift',
    severity: 'info',
    appliesTo: 'oslo',
    summary:
      "ContrailPlugin.ini written in a later installer's layout, which the Havana/Icehouse Contrail plugin does not read (or the reverse).",
  },
  {
    code: 'OS213',
    name: 'dashed-option-name',
    severity: 'warning',
    appliesTo: 'oslo',
    summary:
      "An option written with dashes (`api_paste-config`): oslo.config reads a file's keys only as the option's name with underscores, so the line is ignored.",
    fix: 'Write the name with underscores.',
  },
  {
    code: 'OS214',
    name: 'not-oslo-ini',
    severity: 'error',
    appliesTo: 'oslo',
    summary:
      'Most lines of the file are not `key = value`, a `[section]` or a comment: it is not an oslo.config INI file (a shell script, a localrc, YAML). Said once, instead of an OS200 on every line.',
  },
  {
    code: 'HT300',
    name: 'yaml-syntax',
    severity: 'error',
    appliesTo: 'hot',
    summary:
      "YAML's own error (a bad indent, an unclosed bracket or quote, a tab, an unknown tag), at its range: Heat refuses a template it cannot load.",
  },
  {
    code: 'HT301',
    name: 'template-version',
    severity: 'error',
    appliesTo: 'hot',
    summary: '`heat_template_version` is missing, or names a version (date or alias) that Heat does not have.',
  },
  {
    code: 'HT302',
    name: 'unknown-section',
    severity: 'error',
    appliesTo: 'hot',
    summary: "A top-level key that the template's version does not have (Heat refuses the template; `conditions` came in 2016-10-14).",
  },
  {
    code: 'HT303',
    name: 'unknown-resource-type',
    severity: 'error',
    appliesTo: 'hot',
    summary:
      "A resource `type` Heat does not have (with the closest type it has). Types an environment's resource_registry maps, and template files or URLs, are not checked.",
  },
  {
    code: 'HT304',
    name: 'unknown-property',
    severity: 'error',
    appliesTo: 'hot',
    summary: "A property the resource type (or a map property's schema) does not have: Heat refuses it as an unknown property.",
  },
  {
    code: 'HT305',
    name: 'missing-required-property',
    severity: 'error',
    appliesTo: 'hot',
    summary: 'A property the resource type requires is not given (or given as null).',
  },
  {
    code: 'HT306',
    name: 'wrong-property-type',
    severity: 'error',
    appliesTo: 'hot',
    summary:
      "A property value that is not of the property's type (string, number, integer, boolean, list, map); values from functions are not checked.",
  },
  {
    code: 'HT307',
    name: 'constraint-violated',
    severity: 'error',
    appliesTo: 'hot',
    summary:
      "A literal value outside the property's allowed values, range or length. Constraints that need a cloud (an image, a flavor, a network that exists) are not checked offline: HT316 checks them against one.",
  },
  {
    code: 'HT308',
    name: 'unknown-parameter',
    severity: 'error',
    appliesTo: 'hot',
    summary: '`get_param` names a parameter the template does not declare (nor a pseudo parameter such as OS::stack_name).',
  },
  {
    code: 'HT309',
    name: 'unknown-resource',
    severity: 'error',
    appliesTo: 'hot',
    summary: '`get_resource`, `get_attr` or `depends_on` names a resource the template does not define.',
  },
  {
    code: 'HT310',
    name: 'unknown-attribute',
    severity: 'error',
    appliesTo: 'hot',
    summary:
      "`get_attr` asks for an attribute the resource's type does not have (a group's members' attributes count; types whose attributes come from a nested template or a software config are not checked).",
  },
  {
    code: 'HT311',
    name: 'function-not-in-version',
    severity: 'error',
    appliesTo: 'hot',
    summary:
      "An intrinsic function the template's `heat_template_version` does not have (`repeat` before 2015-04-30, `if` before 2016-10-14, `Fn::Join` after 2013-05-23), or in `conditions` a function conditions cannot use. Heat refuses it, or takes it as plain data.",
  },
  {
    code: 'HT312',
    name: 'dependency-cycle',
    severity: 'error',
    appliesTo: 'hot',
    summary:
      'Resources that depend on each other in a cycle (`depends_on`, `get_resource`, `get_attr`): Heat refuses the stack (Circular Dependency Found).',
  },
  {
    code: 'HT313',
    name: 'invalid-structure',
    severity: 'error',
    appliesTo: 'hot',
    summary:
      'A part of the template of the wrong shape: a section, resource, parameter or output that is not a mapping, a resource without `type`, a key a resource definition does not have, a function given the wrong arguments.',
  },
  {
    code: 'HT314',
    name: 'duplicate-key',
    severity: 'warning',
    appliesTo: 'hot',
    summary: "A key written twice in one mapping (two resources of one name): Heat's YAML loader keeps only the last.",
  },
  {
    code: 'HT315',
    name: 'support-status',
    severity: 'warning',
    appliesTo: 'hot',
    summary: "A resource type or property Heat marks deprecated, hidden or unsupported, with Heat's own note of what to use instead.",
    tags: ['deprecated'],
  },
  {
    code: 'HT316',
    name: 'not-in-cloud',
    severity: 'error',
    appliesTo: 'hot',
    summary: `With a cloud (\`lint --cloud NAME\`, \`stack validate --cloud NAME\`, or in VS Code the active cloud of a trusted workspace): a literal name or id that the cloud does not have, where Heat's custom constraint needs one that exists (${CLOUD_CONSTRAINT_NAMES.map((c) => `\`${c}\``).join(', ')}): in a property, in a parameter's default when the parameter has that constraint, and in the default of a parameter a property takes with \`get_param\`. With the closest name the cloud has. Heat refuses the stack; without a cloud nothing is checked.`,
  },
  {
    code: 'DC001',
    name: 'file-too-large',
    severity: 'warning',
    appliesTo: 'any',
    summary: `A file over ${formatMiB(MAX_LINT_INPUT_BYTES)}: it is not linted (the editor and the CLI stay responsive); split it, or lint the part you changed.`,
  },
  {
    code: 'DC002',
    name: 'findings-not-shown',
    severity: 'info',
    appliesTo: 'any',
    summary: `More than ${formatCount(MAX_FINDINGS_PER_FILE)} findings in one file: the first ${formatCount(MAX_FINDINGS_PER_FILE)} are listed, and this one says how many more there are.`,
  },
  {
    code: 'DC003',
    name: 'invisible-character',
    severity: 'warning',
    appliesTo: 'any',
    summary:
      'An invisible character (zero-width space, no-break space, byte order mark inside the file, bidirectional control) outside a comment: bash and oslo.config read it as part of a name or value, so `False` followed by U+200B is not False.',
    fix: 'Remove it (a no-break space becomes a space).',
  },
] as const satisfies readonly RuleInfo[];

/** The code of a rule in RULES: "DS100" … "DC002". */
export type RuleCode = (typeof RULE_TABLE)[number]['code'];

export interface Rule extends RuleInfo {
  readonly code: RuleCode;
}

export const RULES: readonly Rule[] = RULE_TABLE;

export const RULES_BY_CODE: ReadonlyMap<RuleCode, Rule> = new Map(RULES.map((r) => [r.code, r]));

export function isRuleCode(code: string): code is RuleCode {
  return RULES_BY_CODE.has(code as RuleCode);
}

/** The tags of a rule's findings (none for most rules). */
export function ruleTags(code: RuleCode): readonly RuleTag[] {
  return RULES_BY_CODE.get(code)?.tags ?? [];
}
