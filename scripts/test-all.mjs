// `npm test`: builds, then runs the three tiers — unit (plain Node), vscode (inside a real VS Code
// extension host) and e2e (real SSH servers and Docker Engine from test/env/up.sh) — and closes with
// one line `N passed, N failed` for all of them. A tier that cannot run counts as a failure, loudly.
// Usage: node scripts/test-all.mjs [unit] [vscode] [e2e]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, 'test-results');
const requested = process.argv.slice(2);
const tiers = requested.length > 0 ? requested : ['unit', 'grammar', 'vscode', 'e2e'];
const totals = { passed: 0, failed: 0 };
const summary = [];

function run(command, args, options = {}) {
  console.log(`\n$ ${[command, ...args].join(' ')}`);
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
}

function record(tier, passed, failed, note = '') {
  totals.passed += passed;
  totals.failed += failed;
  summary.push(`${tier}: ${passed} passed, ${failed} failed${note ? ` (${note})` : ''}`);
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .filter((f) => String(f).endsWith('.test.js'))
    .map((f) => join(dir, String(f)))
    .sort();
}

/** node --test with the spec reporter on screen and TAP to a file whose summary gives the counts. */
function nodeTestTier(tier, dir, env = process.env) {
  const files = testFiles(join(root, 'out', 'test', dir));
  if (files.length === 0) return record(tier, 0, 1, `no compiled tests under out/test/${dir}`);
  const tap = join(results, `${tier}.tap`);
  rmSync(tap, { force: true });
  run(
    process.execPath,
    [
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files.map((f) => relative(root, f)),
    ],
    { env },
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (name) => Number((text.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? NaN);
  const [pass, fail, cancelled] = [count('pass'), count('fail'), count('cancelled')];
  if (Number.isNaN(pass)) return record(tier, 0, 1, 'the test runner printed no summary');
  record(tier, pass, fail + (cancelled || 0));
}

/** TextMate grammar tests (vscode-tmgrammar-test); the script's last line counts the test files. */
function grammarTier() {
  const result = spawnSync(process.execPath, ['scripts/test-grammars.mjs'], { cwd: root, encoding: 'utf8' });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  const m = /^GRAMMAR-RESULTS passed=(\d+) failed=(\d+)$/m.exec(result.stdout);
  if (!m) return record('grammar', 0, 1, 'the grammar test script printed no result line');
  record('grammar', Number(m[1]), Number(m[2]) + (result.status !== 0 && Number(m[2]) === 0 ? 1 : 0));
}

function vscodeTier() {
  // the Hosts and Instances tests use the real services; without them each of those fails with this
  // reason (DEVSTACK_TEST_ENV_DOWN) and every other test runs
  const ready = servicesReady();
  const install = run('bash', ['scripts/install-vscode-host.sh']);
  if (install.status !== 0) return record('vscode', 0, 1, 'could not install the VS Code test host (see above)');
  const jsonPath = join(results, 'vscode.json');
  const env = { ...process.env };
  if (ready === true) delete env.DEVSTACK_TEST_ENV_DOWN;
  else env.DEVSTACK_TEST_ENV_DOWN = ready;
  // the whole tier, in one VS Code: the Heat stacks suite alone waits minutes for Heat and Nova
  run(process.execPath, ['test/vscode/run-code-server.js', '--results', jsonPath, '--timeout', '1500'], { env });
  if (!existsSync(jsonPath)) return record('vscode', 0, 1, 'the suite did not run inside VS Code');
  const { passed, failed } = JSON.parse(readFileSync(jsonPath, 'utf8'));
  record('vscode', passed, failed);
}

/** The real services (test/env/up.sh) that the e2e tier and the vscode tier's Hosts tests use; once per run. */
let servicesUp;
function servicesReady() {
  if (servicesUp !== undefined) return servicesUp;
  if (process.getuid?.() !== 0) {
    console.error('test env: needs root on Debian/Ubuntu to start sshd and dockerd (test/env/up.sh); run `sudo npm test`');
    servicesUp = 'not root: the real SSH hosts and Docker Engine could not be started';
  } else {
    // its output on screen as it comes; its last error line is the reason the tests that need it give
    console.log('\n$ bash test/env/up.sh');
    // the hosts' trees laid anew: the suite starts from the fixtures whatever the demo (npm start) changed
    const up = spawnSync('bash', ['test/env/up.sh'], {
      cwd: root,
      stdio: ['inherit', 'inherit', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, DEVSTACK_CONTRAIL_FRESH: '1' },
    });
    process.stderr.write(up.stderr ?? '');
    // the scripts' own "test/env/…: what is wrong" lines, innermost first (apt and daemons write there too)
    const said = (up.stderr ?? '')
      .split('\n')
      .filter((l) => /^test\/env\/\S+: /.test(l))
      .join(' — ');
    servicesUp = up.status === 0 ? true : `test/env/up.sh failed: ${said || `exit ${up.status ?? up.signal}`}`;
  }
  return servicesUp;
}

function e2eTier() {
  // without the services each test file fails by name with the reason, instead of the tier as one
  const ready = servicesReady();
  nodeTestTier('e2e', 'e2e', ready === true ? process.env : { ...process.env, DEVSTACK_TEST_ENV_DOWN: ready });
}

mkdirSync(results, { recursive: true });
// compiled tests of files since moved or deleted would run again: the tiers start from a clean out/test
rmSync(join(root, 'out', 'test'), { recursive: true, force: true });
const build = run(process.execPath, ['scripts/build.mjs']);
const tsc = (project) => run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', project]);
// esbuild does not check types: the webview front end (media/src) is checked on its own, and core
// (src/core) once more without DOM or vscode types
const compile =
  build.status !== 0
    ? build
    : ([tsc('tsconfig.json'), tsc('src/core/tsconfig.json'), tsc('media/src/tsconfig.json')].find((r) => r.status !== 0) ?? { status: 0 });
if (compile.status !== 0) {
  record('build', 0, 1, 'the build or the TypeScript compile failed');
} else {
  if (requested.length === 0) {
    // the whole suite also holds the project's static checks: lint clean, VSIX builds
    if (run(process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '.']).status !== 0)
      record('lint', 0, 1, 'eslint found problems');
    if (run(process.execPath, ['scripts/package.mjs']).status !== 0) record('package', 0, 1, 'the VSIX did not build');
  }
  for (const tier of tiers) {
    if (tier === 'unit') nodeTestTier('unit', 'unit');
    else if (tier === 'grammar') grammarTier();
    else if (tier === 'vscode') vscodeTier();
    else if (tier === 'e2e') e2eTier();
    else record(tier, 0, 1, 'unknown tier (use unit, grammar, vscode or e2e)');
  }
}
console.log('\n' + summary.join('\n'));
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exitCode = totals.failed > 0 || totals.passed === 0 ? 1 : 0;
