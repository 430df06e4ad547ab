// Files of any number of lines in the shapes that once made the linter superlinear in time or memory.
// Shared by the scaling tests (lintScaling.test.ts) and the benchmark (scripts/bench-lint-scaling.mjs).

export interface LintShape {
  readonly name: string;
  readonly fileName: string;
  /** the file, `lines` lines long */
  readonly text: (lines: number) => string;
}

const joined = (lines: number, line: (i: number) => string): string => Array.from({ length: lines }, (_, i) => line(i)).join('\n') + '\n';
/** names of one length whatever the file's size: "did you mean" costs the same for each */
const numbered = (prefix: string, i: number): string => `${prefix}_${String(i).padStart(7, '0')}`;

// known [DEFAULT] options of every release with a value of their type, set again and again
const DEFAULT_OPTIONS = [
  'debug = True',
  'my_ip = 10.0.0.1',
  'host = compute1',
  'state_path = /var/lib/nova',
  'instances_path = /var/lib/nova/instances',
];

export const LINT_SHAPES: readonly LintShape[] = [
  // every line outside a meta-section (DS116 on each)
  { name: 'local.conf without [[ headers', fileName: 'local.conf', text: (n) => joined(n, (i) => `HOST_IP=10.0.${i % 250}.${i % 200}`) },
  // DS109 on each but the last, each with a fix that deletes its line
  {
    name: 'localrc assigning HOST_IP again and again',
    fileName: 'localrc',
    text: (n) => joined(n, (i) => `HOST_IP=10.0.${i % 250}.${i % 200}`),
  },
  // a new unknown section every other line (OS201 on each)
  {
    name: 'nova.conf with a new [section] every other line',
    fileName: 'nova.conf',
    text: (n) => joined(n, (i) => (i % 2 === 0 ? `[${numbered('section', i)}]` : `${numbered('key', i)} = ${i}`)),
  },
  // a meta-section every third line: each body ends at the next header
  {
    name: 'local.conf with a [[post-config]] every third line',
    fileName: 'local.conf',
    text: (n) => joined(n, (i) => ['[[post-config|$NOVA_CONF]]', `[${numbered('section', i)}]`, `${numbered('key', i)} = ${i}`][i % 3]),
  },
  // OS209 (and OS208: the same options again) on every line
  // OS213 and DC003 on every line, each with a fix
  {
    name: 'nova.conf with a dashed key and an invisible character on every line',
    fileName: 'nova.conf',
    text: (n) => `[DEFAULT]\n${joined(n - 1, (i) => `api_paste-config = /etc/nova/api-paste-${i}.ini\u200b`)}`,
  },
  // OS202 in an auth plugin group on every line (the plugin's options looked up each time)
  {
    name: 'nova.conf [placement] with a new unknown option every line',
    fileName: 'nova.conf',
    text: (n) => `[placement]\nauth_type = password\n${joined(n - 2, (i) => `${numbered('region', i)} = RegionOne`)}`,
  },
  {
    name: 'nova.conf with an inline comment on every line',
    fileName: 'nova.conf',
    text: (n) => `[DEFAULT]\n${joined(n - 1, (i) => `${DEFAULT_OPTIONS[i % DEFAULT_OPTIONS.length]}  # set by host ${i}`)}`,
  },
  // a Heat template whose one mapping of resources grows, each of a mistyped type (HT303, "did you mean" on each)
  {
    name: 'Heat template with a resource of an unknown type every other line',
    fileName: 'stack.yaml',
    text: (n) =>
      `heat_template_version: 2016-10-14\nresources:\n${joined(n - 2, (i) => (i % 2 === 0 ? `  ${numbered('r', i)}:` : '    type: OS::Nova::Servr'))}`,
  },
];
