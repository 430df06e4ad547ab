// `npm run bench`: lint speed and schema load time in-process, and the CLI's whole-process time
// against the reference, Debian's oslo-config-validator (Zed), on the same 10,000-line nova.conf.
// Targets: ≤ 20 ms per full lint of 10k lines, ≤ 30 ms schema load, CLI ≥ 20× faster than the reference.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const sh = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, encoding: 'utf8', ...opts });
// the production bundle: what `npm run package` ships and `devstack-contrail` runs
for (const [what, args] of [
  ['build', ['scripts/build.mjs', '--production']],
  ['compile', [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']],
]) {
  if (sh(process.execPath, args, { stdio: 'inherit' }).status !== 0) {
    console.error(`bench: ${what} failed`);
    process.exit(1);
  }
}
const { lint } = require(join(root, 'out/src/core/config/lint/lint.js'));
const { clearSchemaCache, loadServiceSchema } = require(join(root, 'out/src/core/schema/loader.js'));
const { OptionCatalog } = require(join(root, 'out/src/core/schema/catalog.js'));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const time = (fn) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};
const fmt = (ms) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
const results = [];
const report = (name, value, target, pass) => {
  results.push({ name, value, target, pass });
  console.log(`${pass ? 'PASS' : 'FAIL'}  ${name}: ${value}  (target ${target})`);
};

/**
 * A nova.conf of `lines` lines shaped like a sample config from the Zed data: wrapped help comments,
 * the commented default, then an active value for every option; a few mistakes in [DEFAULT].
 */
function novaConf(lines) {
  const schema = JSON.parse(readFileSync(join(root, 'src/core/schema/data/nova-zed.json'), 'utf8'));
  const sample = (o) =>
    o.type === 'boolean'
      ? 'true'
      : o.type === 'integer' || o.type === 'port'
        ? String(o.min ?? 1)
        : o.type === 'floating point'
          ? '1.5'
          : o.choices?.length
            ? o.choices[0]
            : o.type === 'ip address' || o.type === 'host address'
              ? '10.0.0.1'
              : o.type === 'uri'
                ? 'http://10.0.0.1:5000/v3'
                : 'value';
  const wrap = (text) => (text.match(/.{1,70}(\s|$)/g) ?? [text]).map((l) => `# ${l.trim()}`);
  const out = [];
  for (const [group, g] of Object.entries(schema.groups)) {
    out.push(`[${group}]`, '');
    if (group === 'DEFAULT') out.push('compute_driver = docker.DockerDriver', 'verbos = True', 'debug = True # inline', '');
    for (const [name, o] of Object.entries(g.options)) {
      if (group === 'DEFAULT' && (name === 'compute_driver' || name === 'debug')) continue;
      out.push(
        '',
        ...wrap(o.help ?? name),
        '#',
        `# (${o.type} value)`,
        `#${name} = ${String(o.default ?? '<None>').split('\n')[0]}`,
        `${name} = ${sample(o)}`,
      );
    }
    out.push('');
  }
  for (let i = 0; out.length < lines; i++) out.push(`# padding comment ${i}`);
  return out.slice(0, lines).join('\n') + '\n';
}

function localConf(lines) {
  const out = [
    '[[local|localrc]]',
    'ADMIN_PASSWORD=secret',
    'DATABASE_PASSWORD=$ADMIN_PASSWORD',
    'RABBIT_PASSWORD=$ADMIN_PASSWORD',
    'SERVICE_PASSWORD=$ADMIN_PASSWORD',
    'VIRT_DRIVER=docker',
    'disable_service n-net',
    'enable_service neutron q-svc',
    'Q_PLUGIN=contrail',
    'NEUTRON_REPO=https://github.com/Juniper/neutron.git',
    'NEUTRON_BRANCH=contrail/havana',
  ];
  for (let i = 0; out.length < lines / 2; i++) out.push(`# setting ${i}`, `HOST_IP=10.0.${i % 250}.${i % 200}`, `enable_service n-api`);
  const nova = novaConf(lines).split('\n');
  out.push('[[post-config|$NOVA_CONF]]', ...nova.slice(0, lines - out.length - 1));
  return out.join('\n') + '\n';
}

const dir = join(root, 'test-results', 'bench');
mkdirSync(dir, { recursive: true });
const nova10k = novaConf(10_000);
const local2k = localConf(2_000);
writeFileSync(join(dir, 'nova.conf'), nova10k);
writeFileSync(join(dir, 'local.conf'), local2k);

// schema load: parse the Zed nova data and build its catalog, cold each time
const loads = [];
for (let i = 0; i < 15; i++) {
  clearSchemaCache();
  loads.push(time(() => OptionCatalog.for('nova', 'zed')));
}
const load = median(loads);
report('schema load (nova Zed: read + parse + catalog), median of 15 cold loads', fmt(load), '≤ 30 ms', load <= 30);
// every release of every service, cold: the four with generated files, the others built from the packed history
const { RELEASES } = require(join(root, 'out/src/core/schema/releases.js'));
const perRelease = [];
for (const service of ['nova', 'neutron', 'glance-api']) {
  for (const release of RELEASES) {
    const runs = Array.from({ length: 3 }, () => {
      clearSchemaCache();
      return time(() => OptionCatalog.for(service, release));
    });
    perRelease.push({ service, release, ms: median(runs) });
  }
}
const worstLoad = perRelease.reduce((a, b) => (b.ms > a.ms ? b : a));
report(
  `schema load per release (${perRelease.length} = 3 services × ${RELEASES.length} releases, cold, median of 3 each): worst`,
  `${fmt(worstLoad.ms)} (${worstLoad.service} ${worstLoad.release}); median ${fmt(median(perRelease.map((r) => r.ms)))}`,
  '≤ 30 ms',
  worstLoad.ms <= 30,
);
// release inference on the labelled real files (test/fixtures/release-labelled/)
const { describeAccuracy, measureInference } = require(join(root, 'out/test/unit/config/lint/releaseAccuracy.js'));
const accuracy = measureInference();
console.log(`INFO  release inference on ${accuracy.files} labelled real files: ${describeAccuracy(accuracy)}`);
// the VSIX a user installs: the bundles, all 26 releases' option data, the media
const packaged = sh(process.execPath, ['scripts/package.mjs']);
const vsixBytes = Number(/\((\d+) bytes\)/.exec(packaged.stdout)?.[1] ?? NaN);
report('VSIX size (npm run package)', `${(vsixBytes / 1024 / 1024).toFixed(2)} MB`, '≤ 3 MB', vsixBytes <= 3 * 1024 * 1024);
console.log(
  `      data: dist/schema/nova-zed.json ${(readFileSync(join(root, 'dist/schema/nova-zed.json')).length / 1024).toFixed(0)} KiB (help texts apart, loaded by hover), ${Object.values(loadServiceSchema('nova', 'zed').groups).reduce((n, g) => n + Object.keys(g.options).length, 0)} options`,
);

function lintBench(name, text, options, target) {
  for (let i = 0; i < 5; i++) lint(text, options); // warm-up: JIT and schema cache
  const runs = Array.from({ length: 25 }, () => time(() => lint(text, options)));
  const m = median(runs);
  const findings = lint(text, options).findings.length;
  report(`${name}, median of 25 after warm-up`, `${fmt(m)} (${findings} findings)`, `≤ ${target} ms`, m <= target);
  return m;
}
lintBench('full lint of a 10,000-line nova.conf (Zed)', nova10k, { fileName: 'nova.conf', release: 'zed' }, 20);
lintBench('full lint of a 2,000-line local.conf', local2k, { fileName: 'local.conf', release: 'zed' }, 20);
// linear time: the same kind of content, 10,000 and 40,000 lines
const uniform = (lines) =>
  Array.from({ length: lines / 5 }, (_, i) => `[DEFAULT]\n# setting ${i}\nmy_ip = 10.0.${i % 250}.1\ndebug = true\n`).join('\n');
const [u10, u40] = [uniform(10_000), uniform(40_000)];
for (let i = 0; i < 3; i++) {
  lint(u10, { fileName: 'nova.conf', release: 'zed' });
  lint(u40, { fileName: 'nova.conf', release: 'zed' });
}
const t10 = median(Array.from({ length: 11 }, () => time(() => lint(u10, { fileName: 'nova.conf', release: 'zed' }))));
const t40 = median(Array.from({ length: 11 }, () => time(() => lint(u40, { fileName: 'nova.conf', release: 'zed' }))));
console.log(
  `      scaling: uniform nova.conf of 10,000 lines ${fmt(t10)}, of 40,000 lines ${fmt(t40)} (${(t40 / t10).toFixed(1)}× the time for 4× the lines)`,
);
(await import('./bench-lint-scaling.mjs')).benchLintScaling(report);

// whole process: our CLI vs oslo-config-validator on the same file
const novaFile = join(dir, 'nova.conf');
// NODE_EXTRA_CA_CERTS makes every Node process parse a CA bundle at start-up (~60 ms here) though the
// CLI opens no TLS connection: the ratio is taken without it, and the figure with it is printed too.
const cleanEnv = { ...process.env };
delete cleanEnv.NODE_EXTRA_CA_CERTS;
const cliTime = (env) =>
  median(Array.from({ length: 9 }, () => time(() => sh(process.execPath, ['dist/cli.js', 'lint', '--release', 'zed', novaFile], { env }))));
const cli = cliTime(cleanEnv);
const nodeFloor = median(Array.from({ length: 9 }, () => time(() => sh(process.execPath, ['-e', '0'], { env: cleanEnv }))));
if (process.env.NODE_EXTRA_CA_CERTS)
  console.log(`      with this machine's NODE_EXTRA_CA_CERTS set, the same CLI run takes ${fmt(cliTime(process.env))}`);
console.log(`      an empty Node process (node -e 0) takes ${fmt(nodeFloor)} here`);
const reference = join(root, '.cache', 'reference', 'nova-zed.yaml');
if (!existsSync(reference) && sh('bash', ['test/env/oslo-reference.sh'], { stdio: 'inherit' }).status !== 0) {
  report(
    'CLI whole process vs oslo-config-validator',
    `${fmt(cli)} (reference unavailable: test/env/oslo-reference.sh failed)`,
    '≥ 20×',
    false,
  );
} else {
  const validatorRuns = Array.from({ length: 5 }, () =>
    time(() => sh('oslo-config-validator', ['--input-file', novaFile, '--opt-data', reference], { env: cleanEnv })),
  );
  const validator = median(validatorRuns);
  const ratio = validator / cli;
  report(
    'CLI whole process (node dist/cli.js lint) vs oslo-config-validator (Zed), same 10k-line file',
    `${fmt(cli)} vs ${fmt(validator)} = ${ratio.toFixed(1)}× faster`,
    '≥ 20×',
    ratio >= 20,
  );
}
// inside VS Code: activate() time and edit → diagnostics on a 5,000-line nova.conf (code-server runner)
// line 2 is the one the bench edits: `debug = True` ↔ `debug = maybe` (OS205 comes and goes)
const nova5k =
  [
    '[DEFAULT]',
    'debug = True',
    ...nova10k
      .split('\n')
      .slice(1)
      .filter((l) => !l.startsWith('debug = ')),
  ]
    .slice(0, 5_000)
    .join('\n') + '\n';
writeFileSync(join(dir, 'nova-5k.conf'), nova5k);
const vscodeResults = join(dir, 'vscode-bench.json');
if (
  sh('bash', ['scripts/install-vscode-host.sh'], { stdio: 'inherit' }).status === 0 &&
  sh(
    process.execPath,
    [
      'test/vscode/run-code-server.js',
      '--tests',
      'out/test/vscode/bench/index.js',
      '--workspace',
      'test-results/bench',
      '--results',
      vscodeResults,
      '--shot',
      join(dir, 'vscode-bench.png'),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  ).status === 0 &&
  existsSync(vscodeResults)
) {
  const { bench } = JSON.parse(readFileSync(vscodeResults, 'utf8'));
  report('activate() in the VS Code extension host', fmt(bench.activateMs), '≤ 50 ms', bench.activateMs <= 50);
  report(
    `edit → published diagnostics, ${bench.lines}-line nova.conf in VS Code, median of 20`,
    `${fmt(bench.editToDiagnosticsMs)} (the 25 ms debounce and ${fmt(bench.lintMs)} of linting included)`,
    '≤ 100 ms',
    bench.editToDiagnosticsMs <= 100,
  );
  console.log(`      other extensions see them after ${fmt(bench.editToObservedMs)} (VS Code delays onDidChangeDiagnostics by 50 ms)`);
} else {
  report('VS Code benchmarks', 'could not run the extension host (see above)', 'run', false);
}
// the Hosts view: refresh of 3 and 10 real sshd hosts on loopback (root: it starts them)
if (process.getuid?.() === 0) {
  const { benchHosts } = await import('./bench-hosts.mjs');
  await benchHosts(report);
  await (await import('./bench-load.mjs')).benchLoad(report);
  await (await import('./bench-scheduler.mjs')).benchScheduler(report);
  await (await import('./bench-heat.mjs')).benchHeat(report);
  benchInstances();
  benchStacksUi();
} else {
  report('Hosts refresh', 'needs root to start the loopback sshd hosts', '≤ 300 ms', false);
  report('Boot / Inspect webviews', 'needs root to start the test OpenStack', 'run', false);
}

/** Runs test/vscode/bench/<name>.ts in VS Code (code-server) against the test env; its figures, or undefined (reported). */
function vscodeBench(name, what, extra = []) {
  const out = join(dir, `vscode-bench-${name}.json`);
  const ran = sh(
    process.execPath,
    [
      'test/vscode/run-code-server.js',
      '--tests',
      `out/test/vscode/bench/${name}.js`,
      '--workspace',
      'test-results/bench',
      '--results',
      out,
      '--shot',
      join(dir, `vscode-bench-${name}.png`),
      ...extra,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (ran.status !== 0 || !existsSync(out)) {
    report(what, 'the benchmark did not run inside VS Code (see above)', 'run', false);
    return undefined;
  }
  return JSON.parse(readFileSync(out, 'utf8')).bench;
}

/** The Boot and Inspect webviews against the test OpenStack (test/vscode/bench/instances.ts). */
function benchInstances() {
  const bench = vscodeBench('instances', 'Boot / Inspect webviews');
  if (!bench) return;
  const worstLag = Math.max(...bench.lagBehindNovaActiveAllMs);
  // the reference answers every 100 ms: a lag within one poll interval plus that is on target
  report(
    "Boot click → ACTIVE shown in the Boot panel, median of 3, vs Nova's API saying ACTIVE (asked every 100 ms)",
    `${fmt(bench.clickToActiveShownMs)} from the click; shown ${fmt(bench.lagBehindNovaActiveMs)} after Nova (worst ${fmt(worstLag)})`,
    `lag ≤ one poll (${bench.pollIntervalMs} ms)`,
    worstLag <= bench.pollIntervalMs + 100,
  );
  const pct = (x) => `${x.toFixed(1)} %`;
  report(
    `CPU with ${bench.panels} Inspect panels streaming live stats at once, vs the same workbench with none (15 s each)`,
    `browser ${pct(bench.streamingCpu.browser)} of one core (idle ${pct(bench.idleCpu.browser)}), extension host ${pct(bench.streamingCpu.extensionHost)} (idle ${pct(bench.idleCpu.extensionHost)})`,
    'browser ≤ 50 % of one core',
    bench.streamingCpu.browser <= 50,
  );
}
/** The Stack panel watching a 100-server stack (test/vscode/bench/stacks.ts). */
function benchStacksUi() {
  const bench = vscodeBench('stacks', 'Stack panel, 100 servers', ['--timeout', '2400']);
  if (!bench) return;
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  report(
    `Stack panel: ${bench.servers}-server ResourceGroup launched from the panel, click → ${bench.status} shown`,
    `${s(bench.clickToCompleteShownMs)} (${bench.counts}); deleted in ${s(bench.deleteMs)}`,
    'CREATE_COMPLETE',
    bench.status === 'CREATE_COMPLETE',
  );
  report(
    `Stack panel lag behind Heat's events (${bench.events} events, a reference client asking every 100 ms; the panel reads every ${bench.pollMs} ms)`,
    `median ${fmt(bench.lagMedianMs)}, worst ${fmt(bench.lagWorstMs)}, ${bench.missed} not shown`,
    'each ≤ 1 s',
    bench.lagWorstMs <= 1000 && bench.missed === 0,
  );
  report(
    `extension host CPU while the panel watched the stack (${bench.watchedSeconds.toFixed(0)} s)`,
    `${bench.extensionHostCpu.toFixed(1)} % of one core (browser ${bench.browserCpu.toFixed(1)} %)`,
    '< 10 % of one core',
    bench.extensionHostCpu < 10,
  );
}
writeFileSync(join(dir, 'results.json'), JSON.stringify(results, null, 2));
const failed = results.filter((r) => !r.pass).length;
console.log(`\nbench: ${results.length - failed} of ${results.length} targets met`);
process.exitCode = failed > 0 ? 1 : 0;
