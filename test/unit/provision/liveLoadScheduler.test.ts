import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { undoCommand, type UndoIntent } from '../../../src/core/provision/commands';
import type { FileState } from '../../../src/core/provision/reads';
import { hostLayout, type StepContext } from '../../../src/core/provision/step';
import { LIVE_LOAD_SETTINGS, liveLoadSchedulerStep } from '../../../src/core/provision/steps/live-load-scheduler';
import { DEFAULT_SETTINGS } from '../../../src/core/provision/settings';

const MONITORS = '/usr/lib/python3/dist-packages/nova/compute/monitors/cpu';
const SITE = '/opt/stack/data/venv/lib/python3.11/site-packages';
const FILES = [
  `${MONITORS}/devstack_contrail_live_load.py`,
  `${SITE}/devstack_contrail_live_load-1.0.dist-info/entry_points.txt`,
  `${SITE}/devstack_contrail_live_load-1.0.dist-info/METADATA`,
];

/** what the step's look for Nova prints on a host, with the files it finds there */
function inspectOutput(files: Map<string, Buffer>, screen = '0 shell  1(L) n-cpu  2$(L) n-sch'): string {
  return [
    'python=/opt/stack/data/venv/bin/python3',
    `monitors=${MONITORS}`,
    `site=${SITE}`,
    ...FILES.map((f) => `file=${f} ${files.has(f) ? files.get(f)!.toString('base64') : '-'}`),
    `screen=${screen}`,
    'systemd=',
  ].join('\n');
}

function context(nova: string | undefined, output: string, code = 0): StepContext {
  const conf: FileState = nova === undefined ? { exists: false } : { exists: true, data: Buffer.from(nova), mode: 0o640 };
  return {
    layout: hostLayout('/opt/stack/devstack'),
    era: '2014',
    settings: DEFAULT_SETTINGS,
    file: (path) => {
      assert.equal(path, '/etc/nova/nova.conf');
      return conf;
    },
    command: (key) => (key === 'nova' ? { code, stdout: output, stderr: '' } : undefined),
  };
}

const NOVA_CONF =
  '[DEFAULT]\ncompute_driver = docker_fake_driver.DockerFakeDriver\n# a comment kept\n[filter_scheduler]\nweight_classes = nova.scheduler.weights.all_weighers\n';

describe('live-load-scheduler step', () => {
  it('plans the monitor, its entry point and every setting, then the Nova services restarted with an undo each; applied once they are there', () => {
    const plan = liveLoadSchedulerStep.judge(context(NOVA_CONF, inspectOutput(new Map())));
    assert.equal(plan.status, 'needed');
    assert.deepEqual(
      plan.changes?.map((c) => c.path),
      [...FILES, '/etc/nova/nova.conf'],
    );
    const conf = plan.changes!.find((c) => c.path === '/etc/nova/nova.conf')!.after.toString();
    for (const [section, key, value] of LIVE_LOAD_SETTINGS)
      assert.match(conf, new RegExp(`^\\[${section}\\][^[]*^${key} = ${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    assert.match(conf, /# a comment kept/);
    assert.doesNotMatch(conf, /all_weighers/, 'the default weighers replaced');
    assert.deepEqual(
      plan.commands?.map((c) => c.title),
      [
        "/opt/stack/data/venv/bin/python3 -c 'import nova.compute.monitors.cpu.devstack_contrail_live_load'",
        'restart n-cpu (screen)',
        'restart n-sch (screen)',
      ],
    );
    const undo = plan.commands![1]!.undo as Extract<UndoIntent, { kind: 'restart-service' }>;
    assert.deepEqual(undo, {
      kind: 'restart-service',
      manager: 'screen',
      service: 'n-cpu',
      pidFile: '/opt/stack/status/stack/n-cpu.pid',
      emptyDir: `${SITE}/devstack_contrail_live_load-1.0.dist-info`,
    });
    assert.equal(undoCommand(undo).argv[0], 'sh');

    const written = new Map(plan.changes!.map((c) => [c.path, c.after]));
    const again = liveLoadSchedulerStep.judge(context(written.get('/etc/nova/nova.conf')!.toString(), inspectOutput(written)));
    assert.equal(again.status, 'applied', again.message);
  });

  it('is skipped where no Nova runs, and says so when the python it names cannot import nova', () => {
    assert.equal(liveLoadSchedulerStep.judge(context(NOVA_CONF, 'python=\nscreen=\nsystemd=')).status, 'skipped');
    const broken = liveLoadSchedulerStep.judge(
      context(NOVA_CONF, 'python=/usr/bin/python3\nModuleNotFoundError: No module named nova\nscreen=\nsystemd='),
    );
    assert.equal(broken.status, 'conflict');
    assert.match(broken.message, /ModuleNotFoundError: No module named nova/);
    assert.equal(
      liveLoadSchedulerStep.judge(context(undefined, inspectOutput(new Map()))).status,
      'skipped',
      'no nova.conf before stack.sh',
    );
  });

  it('restarts systemd units as root, and undo refuses a restart this step would not make', () => {
    const plan = liveLoadSchedulerStep.judge(
      context(
        NOVA_CONF,
        inspectOutput(new Map(), '').replace('systemd=', 'systemd=devstack@n-cpu.service loaded active running Devstack n-cpu;'),
      ),
    );
    assert.deepEqual(
      plan.commands?.slice(1).map((c) => [c.argv.join(' '), c.asRoot]),
      [['systemctl restart -- devstack@n-cpu.service', true]],
    );
    const refused = (intent: UndoIntent) => assert.throws(() => undoCommand(intent), /refusing an undo this tool does not make/);
    refused({ kind: 'restart-service', manager: 'screen', service: 'key', pidFile: '/opt/stack/status/stack/key.pid' });
    refused({ kind: 'restart-service', manager: 'screen', service: 'n-cpu', pidFile: '/etc/shadow' });
    refused({
      kind: 'restart-service',
      manager: 'screen',
      service: 'n-cpu',
      pidFile: '/opt/stack/status/stack/n-cpu.pid',
      emptyDir: '/opt/stack',
    });
  });
});
