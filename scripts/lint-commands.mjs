// npm run lint's check of the command table: the unit test that compares src/commands/ids.ts with
// package.json (commands, enablement, menus, welcome links) and finds no id built at run time, bundled
// by esbuild where tsc would put it (so no full compile is needed) and run.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const outfile = `${root}out/test/unit/commandTable.test.js`;
await build({
  entryPoints: [`${root}test/unit/commandTable.test.ts`],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile,
  logLevel: 'error',
});
const run = spawnSync(process.execPath, ['--test', '--test-reporter=dot', outfile], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
