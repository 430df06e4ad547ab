// The Stack panel against the real Heat of test/env (run by `npm run bench` through the code-server
// runner): a 100-server ResourceGroup of busybox containers launched from the panel, and
// - how far behind Heat's own events the panel shows each one: a reference client asks Heat for the
//   stack's events every 100 ms and notes when each first appears (Heat's event_time has whole
//   seconds only); the panel's time is when it posted the progress that carried the event;
// - the extension host's CPU (and the browser's, where the webview runs) while the panel watches;
// - click to CREATE_COMPLETE shown, and the delete until the stack is gone.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { DevstackContrailApi } from '../../../src/extension';
import type { HeatClient, Stack } from '../../../src/core/heat/heatClient';
import { forgetTestCloud, readTestJson, useTestCloud, type OpenStackEnv, type TestEnv } from '../testCloud';
import { driveWebview, driveWebviewTimed } from '../webviewDriver';
import { cpuSeconds, isBrowser } from './cpu';
import { median } from './index';

const CLOUD = 'devstack-demo';
const COUNT = 100;
const PREFIX = 'bench-ui-';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const sel = (testid: string): string => `[data-testid="${testid}"]`;

const TEMPLATE = `heat_template_version: 2021-04-16
description: ${COUNT} busybox containers on the private network (the Stack panel benchmark)
parameters:
  count:
    type: number
    default: ${COUNT}
resources:
  group:
    type: OS::Heat::ResourceGroup
    properties:
      count: { get_param: count }
      resource_def:
        type: OS::Nova::Server
        properties:
          name: ${PREFIX}%index%
          image: busybox
          flavor: m1.nano
          networks:
            - network: private
`;

/**
 * Notes when each of the stack's events first appears to a client asking every 100 ms, until stopped.
 * It runs in a process of its own, so the extension host's CPU is the panel's alone.
 */
function referenceEvents(stackName: string, cloudsYaml: string): { seen: Map<string, number>; stop: () => Promise<void> } {
  const root = resolve(__dirname, '../../../..');
  const script = `
    const { connectCloud } = require(${JSON.stringify(join(root, 'out/src/cli/cloudConnect.js'))});
    const { HeatClient } = require(${JSON.stringify(join(root, 'out/src/core/heat/heatClient.js'))});
    (async () => {
      const heat = new HeatClient((await connectCloud(${JSON.stringify(CLOUD)})).session);
      let stack, marker;
      for (;;) {
        const started = Date.now();
        if (!stack) stack = await heat.findStack(${JSON.stringify(stackName)}).catch(() => undefined);
        if (stack) {
          const events = await heat.listEvents(stack, marker, 2).catch(() => []);
          const now = Date.now();
          for (const e of events) process.stdout.write(e.id + ' ' + now + '\\n');
          if (events.length > 0) marker = events[events.length - 1].id;
        }
        await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - started))));
      }
    })();`;
  const child = spawn(process.execPath, ['-e', script], {
    env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYaml, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seen = new Map<string, number>();
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const [id, at] = line.split(' ');
      if (id && at && !seen.has(id)) seen.set(id, Number(at));
    }
  });
  return {
    seen,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill();
      await exited;
    },
  };
}

async function deleteLeftovers(heat: HeatClient): Promise<void> {
  for (const stack of await heat.listStacks()) {
    if (!stack.name.startsWith(PREFIX) || stack.status === 'DELETE_COMPLETE') continue;
    await heat.deleteStack(stack).catch(() => undefined);
    while ((await heat.getStack(stack))?.status.startsWith('DELETE_IN')) await sleep(2000);
  }
}

export async function run(): Promise<void> {
  const env = readTestJson<TestEnv>('env.json', 'the SSH test hosts');
  const openstack = readTestJson<OpenStackEnv>('openstack.json', 'the test OpenStack');
  await useTestCloud(env, openstack);
  const extension = vscode.extensions.getExtension<DevstackContrailApi>('devstack-contrail.devstack-contrail');
  if (!extension) throw new Error('extension not found');
  const { instances } = extension.isActive ? extension.exports : await extension.activate();
  await instances.tree.refresh();
  const heat = await instances.runtime().heat(CLOUD);
  await deleteLeftovers(heat);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the bench runs with a workspace folder');
  const name = `${PREFIX}${Date.now().toString(36)}`;
  const uri = vscode.Uri.joinPath(folder.uri, `${name}.yaml`);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(TEMPLATE));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));

  const shown = new Map<string, number>();
  const subscription = instances.stackProgress.event(({ progress, postedAt }) => {
    for (const e of progress.events) if (!shown.has(e.id)) shown.set(e.id, postedAt);
  });
  let created: Stack | undefined;
  const reference = referenceEvents(name, openstack.cloudsYaml);
  try {
    await vscode.commands.executeCommand('devstackContrail.launchStack', uri, CLOUD);
    await driveWebview([
      { do: 'waitFor', selector: `${sel('stack-form')}[data-state="ready"]`, timeoutMs: 60_000 },
      { do: 'fill', selector: `${sel('stack-name')} input`, value: name },
    ]);
    const cpuStart = { host: cpuSeconds((_c, pid) => pid === process.pid), browser: cpuSeconds(isBrowser), at: Date.now() };
    const finding = (async () => {
      while (!created) {
        created = await heat.findStack(name).catch(() => undefined);
        if (!created) await sleep(50);
      }
    })();
    const { times } = await driveWebviewTimed(
      [
        { do: 'click', selector: sel('stack-launch') },
        { do: 'waitFor', selector: `${sel('stack-progress')}[data-state="finished"]`, timeoutMs: 1_500_000 },
        { do: 'screenshot', name: 'bench-stack-complete' },
      ],
      1_600_000,
    );
    await finding;
    const cpuEnd = { host: cpuSeconds((_c, pid) => pid === process.pid), browser: cpuSeconds(isBrowser), at: Date.now() };
    await sleep(1000); // the reference reads the last events too
    await reference.stop();
    const final = await heat.getStack(created!);
    const [counts] = await driveWebview([{ do: 'text', selector: sel('stack-counts') }]);
    const lags = [...reference.seen].filter(([id]) => shown.has(id)).map(([id, at]) => shown.get(id)! - at);
    const missed = [...reference.seen.keys()].filter((id) => !shown.has(id)).length;
    const seconds = (cpuEnd.at - cpuStart.at) / 1000;
    const deleteStarted = Date.now();
    await heat.deleteStack(created!);
    while ((await heat.getStack(created!).catch(() => undefined))?.status === 'DELETE_IN_PROGRESS') await sleep(1000);
    const results = {
      passed: 1,
      failed: 0,
      bench: {
        servers: COUNT,
        status: final?.status,
        counts,
        clickToCompleteShownMs: times[1]! - times[0]!,
        events: reference.seen.size,
        missed,
        lagMedianMs: median(lags),
        lagWorstMs: Math.max(...lags),
        pollMs: 500,
        extensionHostCpu: ((cpuEnd.host - cpuStart.host) / seconds) * 100,
        browserCpu: ((cpuEnd.browser - cpuStart.browser) / seconds) * 100,
        watchedSeconds: seconds,
        deleteMs: Date.now() - deleteStarted,
      },
    };
    if (process.env.DEVSTACK_TEST_RESULTS) writeFileSync(process.env.DEVSTACK_TEST_RESULTS, JSON.stringify(results, null, 2));
  } finally {
    subscription.dispose();
    await reference.stop();
    await deleteLeftovers(heat).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await forgetTestCloud();
  }
}
