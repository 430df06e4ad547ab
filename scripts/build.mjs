// Bundles the extension, the CLI and the webview front ends with esbuild.
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { basename, join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'linked',
};

/**
 * dockerode's BuildKit image builds (lib/session.js: gRPC and its proto loader; lib/buildkit.js:
 * protobufjs) are never used here (we list, inspect, log, stat and exec containers): each is replaced
 * by a module that says so if it is ever called, which keeps ~1.4 MB out of dist/remote.js.
 */
const dockerodeWithoutBuildkit = {
  name: 'dockerode-without-buildkit',
  setup(build) {
    build.onResolve({ filter: /^\.\/(session|buildkit)$/ }, (args) =>
      /[\\/]dockerode[\\/]lib$/.test(args.resolveDir) ? { path: args.path, namespace: 'dockerode-buildkit' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'dockerode-buildkit' }, () => ({
      loader: 'js',
      contents:
        'function unused() { throw new Error("BuildKit image builds are not part of devstack-contrail"); }\nmodule.exports = unused;\nmodule.exports.followProgress = unused;\n',
    }));
  },
};

const node = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  // cpu-features is an optional native speed-up of ssh2; ssh2 works without it
  external: ['vscode', 'cpu-features'],
  // the provisioning templates (src/core/provision/templates/) are inlined as text
  loader: { '.node': 'copy', '.sh': 'text', '.filters': 'text', '.py': 'text' },
  plugins: [dockerodeWithoutBuildkit],
  // which sources each bundle carries: dist/meta/<bundle>.json, read by test/unit/bundle.test.ts (not shipped)
  metafile: true,
};

const webviewEntries = existsSync('media/src')
  ? readdirSync('media/src')
      .filter((f) => f.endsWith('.ts') && statSync(join('media/src', f)).isFile())
      .map((f) => join('media/src', f))
  : [];

const builds = [
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  // the executable is a small launcher; the CLI itself runs from dist/cli-main.js with its code cache (makeCliCodeCache)
  { ...node, entryPoints: ['src/cli/launch.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['src/cli.ts'], outfile: 'dist/cli-main.js' },
  { ...node, entryPoints: ['src/cli/remoteCommands.ts'], outfile: 'dist/cli-remote.js' },
  // ssh2 and dockerode live in their own bundle, required on the first remote operation
  { ...node, entryPoints: ['src/remote/index.ts'], outfile: 'dist/remote.js' },
];
if (webviewEntries.length > 0) {
  builds.push({ ...common, entryPoints: webviewEntries, outdir: 'media/dist', platform: 'browser', format: 'esm', target: 'es2022' });
}

/** Option data is read at run time, one file per service and release: packed into dist/schema/. */
async function copySchemaData() {
  const packer = 'dist/.pack-schema.cjs';
  await rm('dist/schema', { recursive: true, force: true });
  await esbuild.build({
    entryPoints: ['scripts/pack-schema.ts'],
    outfile: packer,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    logLevel: 'warning',
  });
  const result = spawnSync(process.execPath, [packer, 'src/core/schema/data', 'dist/schema'], { stdio: 'inherit' });
  await rm(packer, { force: true });
  if (result.status !== 0) throw new Error('packing the option data failed');
}

/**
 * V8's code cache for dist/cli-main.js, made after a lint of examples/ so that it holds the bytecode of
 * what a lint runs: a cold `devstack-contrail lint` then compiles almost nothing. Node checks the cache
 * against its own V8 and the source, and compiles as usual when it does not fit.
 */
function makeCliCodeCache() {
  const script = `
    const { loadCliMain, CLI_CACHE } = require('./dist/cli.js');
    const { main, script } = loadCliMain(require('node:path').resolve('dist'));
    main(['lint', '--release', 'zed', 'examples'], () => {}, () => {}).then(() =>
      require('node:fs').writeFileSync(require('node:path').join('dist', CLI_CACHE), script.createCachedData()));`;
  const result = spawnSync(process.execPath, ['-e', script], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('making the CLI code cache failed');
}

const TEMPLATES = 'src/core/provision/templates';

/**
 * tsc's out/ runs the unit and e2e tiers, and tsc cannot emit a .sh file: beside where it puts
 * templates.js, each template gets `<name>.js` exporting its text, which node's require of
 * './templates/<name>' finds (what esbuild's text loader makes of it in the bundle).
 */
async function templateModules() {
  const out = join('out', TEMPLATES);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  for (const name of readdirSync(TEMPLATES)) {
    await writeFile(
      join(out, `${name}.js`),
      `"use strict";\nmodule.exports = ${JSON.stringify(readFileSync(join(TEMPLATES, name), 'utf8'))};\n`,
    );
  }
}

if (watch) {
  await templateModules();
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('build: watching');
} else {
  const started = Date.now();
  await rm('media/dist', { recursive: true, force: true }); // no stale source maps from another mode
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  await mkdir('dist/meta', { recursive: true });
  await Promise.all(
    results.map((result, i) =>
      builds[i].outfile && result.metafile
        ? writeFile(join('dist/meta', `${basename(builds[i].outfile, '.js')}.json`), JSON.stringify(result.metafile))
        : undefined,
    ),
  );
  await chmod('dist/cli.js', 0o755);
  await copySchemaData();
  makeCliCodeCache();
  await templateModules();
  console.log(
    `build: dist/extension.js, dist/remote.js, dist/cli.js${webviewEntries.length ? ', media/dist/*' : ''} in ${Date.now() - started} ms`,
  );
}
