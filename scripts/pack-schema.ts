// Build step (run by scripts/build.mjs): src/core/schema/data → dist/schema (see src/core/schema/pack.ts).
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addOptionHistory, addToHistory, splitHelp, type HistoryIndex } from '../src/core/schema/pack';
import { RICH_RELEASES } from '../src/core/schema/loader';
import type { PackedOptionHistory } from '../src/core/schema/optionHistory';
import type { Release } from '../src/core/schema/releases';
import type { ServiceSchema } from '../src/core/schema/types';

const [from, to] = process.argv.slice(2);
mkdirSync(to, { recursive: true });
const history: HistoryIndex = {};
for (const file of readdirSync(from).sort()) {
  const match = /^(nova|neutron|glance-api)-([a-z]+)\.json$/.exec(file);
  if (match && (RICH_RELEASES as readonly string[]).includes(match[2])) {
    const schema = JSON.parse(readFileSync(join(from, file), 'utf8')) as ServiceSchema;
    const { lint, help } = splitHelp(schema);
    writeFileSync(join(to, file), JSON.stringify(lint));
    writeFileSync(join(to, file.replace(/\.json$/, '.help.json')), JSON.stringify(help));
    addToHistory(history, match[1], match[2] as Release, schema);
  } else if (file.endsWith('.json') || file.endsWith('.md')) {
    copyFileSync(join(from, file), join(to, file));
  }
}
// the generated option history of all releases (scripts/schema/gen-option-history.py): copied as it is
const historyFrom = join(from, 'history');
mkdirSync(join(to, 'history'), { recursive: true });
for (const file of readdirSync(historyFrom).sort()) {
  if (!file.endsWith('.json') || file === 'PROVENANCE.json') continue;
  copyFileSync(join(historyFrom, file), join(to, 'history', file));
  if (/^(nova|neutron|glance-api)\.json$/.test(file))
    addOptionHistory(history, JSON.parse(readFileSync(join(historyFrom, file), 'utf8')) as PackedOptionHistory);
}
for (const [service, table] of Object.entries(history)) writeFileSync(join(to, `history-${service}.json`), JSON.stringify(table));
