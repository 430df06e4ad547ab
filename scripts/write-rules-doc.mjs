// Writes docs/rules.md from the rule catalog (src/core/config/lint/ruleCatalog.ts, compiled to out/).
// Usage: node scripts/write-rules-doc.mjs [--check]   (--check: fail if docs/rules.md is out of date)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { RULES } = require('../out/src/core/config/lint/ruleCatalog.js');
const applies = {
  localrc: 'localrc, local.conf [[local|localrc]]',
  'local.conf': 'local.conf',
  oslo: 'nova.conf, neutron.conf, glance-api.conf, ContrailPlugin.ini, local.conf post-config bodies',
  hot: 'Heat templates (HOT: *.hot, *.yaml/*.yml with heat_template_version)',
  any: 'every file',
};
let text = `# Lint rules

Written by \`scripts/write-rules-doc.mjs\` from \`src/core/config/lint/ruleCatalog.ts\`; do not edit by hand.

Turn a rule off for one line with a comment on the line before it (or after a localrc statement):
\`# devstack-contrail: disable=DS103\`; for the whole file: \`# devstack-contrail: disable-file=DS103\`.
Choose the release a file is checked against with \`# devstack-contrail: release=icehouse\`.
Severities can be changed per rule: the setting \`devstackContrail.lint.severity\` in VS Code, or the CLI.

| code | name | default | applies to |
|---|---|---|---|
${RULES.map((r) => `| [${r.code}](#${r.code.toLowerCase()}) | ${r.name} | ${r.severity} | ${applies[r.appliesTo].replace(/\|/g, '\\|')} |`).join('\n')}
`;
for (const r of RULES) {
  text += `\n## ${r.code}\n\n**${r.name}** (default: ${r.severity}; ${applies[r.appliesTo]})\n\n${r.summary}\n${r.fix ? `\nQuick fix: ${r.fix}\n` : ''}`;
}
if (process.argv.includes('--check')) {
  const current = readFileSync('docs/rules.md', 'utf8');
  if (current !== text) {
    console.error('docs/rules.md is out of date: run node scripts/write-rules-doc.mjs');
    process.exit(1);
  }
} else {
  writeFileSync('docs/rules.md', text);
  console.log(`docs/rules.md: ${RULES.length} rules`);
}
