import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeInstanceActions, novaTime } from '../../../src/core/openstack/instanceActions';
import type { Server } from '../../../src/core/openstack/types';
import { judgeTransition, serversSeen, serverTransitions, USER_STOP_ACTIONS } from '../../../src/core/load/serverIncidents';

const server = (id: string, status: string, updated: string, extra: Partial<Server> = {}): Server => ({
  id,
  name: `srv-${id}`,
  status,
  updated,
  addresses: [],
  flavor: {},
  image: {},
  ...extra,
});

/** Nova 2.1's answer, as GET /servers/{id}/os-instance-actions gives it. */
const actions = (...list: { action: string; user_id: string | null; start_time: string }[]) =>
  normalizeInstanceActions({
    instanceActions: list.map((a) => ({ ...a, instance_uuid: 'x', project_id: 'p', request_id: 'req-1', message: null })),
  });

describe("a server's status changes, and whether a user did it (Nova's instance actions)", () => {
  it('the first listing is where watching starts; afterwards each change into ERROR or SHUTOFF is a transition', () => {
    const first = [server('a', 'ACTIVE', '2026-12-03T15:00:00Z'), server('b', 'ACTIVE', '2026-12-03T15:00:00Z')];
    assert.deepEqual(serverTransitions(undefined, [server('a', 'ERROR', '2026-12-03T15:00:00Z')]), []);
    const seen = serversSeen(first);
    const next = [
      server('a', 'SHUTOFF', '2026-12-03T15:05:00Z'),
      server('b', 'ACTIVE', '2026-12-03T15:05:00Z'),
      // new since the last listing and already ERROR: its user's create failed
      server('c', 'ERROR', '2026-12-03T15:05:00Z'),
    ];
    const transitions = serverTransitions(seen, next);
    assert.deepEqual(
      transitions.map((t) => [t.server.id, t.from, t.status, t.since]),
      [['a', 'ACTIVE', 'SHUTOFF', Date.parse('2026-12-03T15:00:00Z')]],
    );
    assert.deepEqual(serverTransitions(serversSeen(next), next), [], 'still SHUTOFF is no news');
  });

  const stopped = serverTransitions(serversSeen([server('a', 'ACTIVE', '2026-12-03T15:00:00Z')]), [
    server('a', 'SHUTOFF', '2026-12-03T15:05:00Z'),
  ])[0]!;

  it('a stop by a user, from any client, is the user: no notification', () => {
    const judged = judgeTransition(
      stopped,
      actions(
        { action: 'stop', user_id: 'u1', start_time: '2026-12-03T15:04:58.000000' },
        { action: 'create', user_id: 'u1', start_time: '2026-12-03T14:00:00.000000' },
      ),
    );
    assert.equal(judged.byUser?.action, 'stop');
    assert.equal(judged.byUser?.userId, 'u1');
    assert.ok(USER_STOP_ACTIONS.has('delete') && USER_STOP_ACTIONS.has('shelve'));
  });

  it("Nova's power-state sync stopping a server whose container stopped has no user: notified, saying so", () => {
    const judged = judgeTransition(
      stopped,
      actions(
        { action: 'stop', user_id: null, start_time: '2026-12-03T15:04:59.000000' },
        { action: 'stop', user_id: 'u1', start_time: '2026-12-02T10:00:00.000000' },
      ),
    );
    assert.equal(judged.byUser, undefined, "yesterday's stop by a user does not explain today's");
    assert.equal(judged.detail, 'Nova stopped it itself (its container had stopped)');
  });

  it("an ERROR with no user action gives Nova's fault; an ERROR under a user's resize is that user's", () => {
    const failed = serverTransitions(serversSeen([server('a', 'ACTIVE', '2026-12-03T15:00:00Z')]), [
      server('a', 'ERROR', '2026-12-03T15:05:00Z', { fault: { code: 500, message: 'container runtime died' } }),
    ])[0]!;
    assert.deepEqual(judgeTransition(failed, []), { detail: "Nova's fault: container runtime died" });
    assert.equal(
      judgeTransition(failed, actions({ action: 'resize', user_id: 'u2', start_time: '2026-12-03T15:01:00.000000' })).byUser?.action,
      'resize',
    );
  });

  it("when Nova's record cannot be read, this extension's own stop counts; otherwise it says it could not tell", () => {
    assert.ok(judgeTransition(stopped, undefined, true).byUser);
    assert.deepEqual(judgeTransition(stopped, undefined, false), { detail: "Nova's instance actions could not be read" });
  });

  it("reads Nova's instance actions defensively: newest first, bad fields dropped, long ones capped", () => {
    const read = normalizeInstanceActions({
      instanceActions: [
        { action: 'create', user_id: 'u', start_time: '2026-12-03T14:00:00.000000' },
        { action: 'stop', user_id: 'u'.repeat(1000), start_time: '2026-12-03T15:00:00.123456' },
        { action: 42 },
        'garbage',
        { action: 'reboot', user_id: null, start_time: 'yesterday' },
      ],
    });
    assert.deepEqual(
      read.map((a) => [a.action, a.userId?.length, a.startTime]),
      [
        ['stop', 128, Date.parse('2026-12-03T15:00:00.123Z')],
        ['create', 1, Date.parse('2026-12-03T14:00:00Z')],
        ['reboot', undefined, undefined],
      ],
    );
    assert.deepEqual(normalizeInstanceActions('nope'), []);
    assert.equal(novaTime('2026-12-03T15:00:00+01:00'), Date.parse('2026-12-03T14:00:00Z'));
  });
});
