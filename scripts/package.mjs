// `npm run package`: a production build, then the VSIX with @vscode/vsce; prints its size and contents.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = `${pkg.name}-${pkg.version}.vsix`;
const step = (args, what) => {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`package: ${what} failed`);
    process.exit(1);
  }
};
step(['scripts/build.mjs', '--production'], 'build');
// dependencies are bundled into dist/, so the VSIX carries no node_modules
step(
  [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix],
  'vsce package',
);
const bytes = statSync(join(root, vsix)).size;
console.log(`package: ${vsix} ${(bytes / 1024).toFixed(1)} KiB (${bytes} bytes)`);
