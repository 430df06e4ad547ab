import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../../../src/core/config/lint/lint';
import { CloudTemplateChecks, templateNeeds, type CloudChecksClient } from '../../../src/core/heat/cloudChecks';
import { CloudHeatSchema, type HeatSchemaApi } from '../../../src/core/heat/cloudHeatSchema';
import type { HeatFunction, HeatResourceType } from '../../../src/core/heat/heatSchema';
import { offlineHeatSchema } from '../../../src/core/heat/offlineHeatSchema';
import type { KeystoneSession } from '../../../src/core/openstack/keystone';

// The cloud's Heat schemas over a stand-in for Heat's API (pure logic: what is asked, when, and what lint
// then says); the real Heat is test/e2e/heatCloudChecks.test.ts's.
const offline = offlineHeatSchema()!;
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

interface FakeHeat {
  readonly api: HeatSchemaApi;
  readonly calls: string[];
  /** the most requests that were under way at once */
  readonly maxInFlight: () => number;
}

/** Heat answering for `types` as the offline data has them (a few changed by `answers`); a type listed but not answered is a 404. */
function fakeHeat(types: readonly string[], answers: Record<string, HeatResourceType> = {}, functions?: HeatFunction[]): FakeHeat {
  const calls: string[] = [];
  let inFlight = 0;
  let most = 0;
  const slow = async <T>(call: string, answer: () => T): Promise<T> => {
    calls.push(call);
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 2));
    inFlight -= 1;
    return answer();
  };
  const api: HeatSchemaApi = {
    listResourceTypes: () => slow('list', () => [...types]),
    resourceTypeSchema: (type) =>
      slow(`type ${type}`, () => {
        const answer = answers[type] ?? (types.includes(type) && type !== 'OS::Nova::Flavor' ? offline.resourceType(type) : undefined);
        if (!answer) throw Object.assign(new Error(`The Resource Type (${type}) could not be found`), { status: 404 });
        return copy(answer);
      }),
    listTemplateVersions: () =>
      slow('versions', () =>
        offline
          .templateVersions()
          .map((v) => ({ version: v.key, type: v.type, aliases: v.aliases.map((a) => `heat_template_version.${a}`) })),
      ),
    templateFunctions: (version, withCondition) =>
      slow(`functions ${version}${withCondition ? ' conditions' : ''}`, () => {
        const known = offline.templateVersions().find((v) => v.key === version)!;
        // as Heat answers with_condition_func: every function, those refused in conditions too
        const conditions = known.conditionFunctions.filter((c) => !known.functions.some((f) => f.functions === c.functions));
        return copy(withCondition ? [...known.functions, ...conditions] : [...(functions ?? known.functions)]);
      }),
  };
  return { api, calls, maxInFlight: () => most };
}

const TYPES = ['OS::Nova::Server', 'OS::Neutron::Net', 'OS::Neutron::Port', 'OS::Heat::ResourceGroup', 'OS::Nova::Flavor'];

const template = (type: string, properties = ''): string =>
  `heat_template_version: 2016-10-14\nresources:\n  it:\n    type: ${type}\n${properties ? `    properties:\n${properties}` : ''}`;
const shown = (text: string, schema: CloudHeatSchema): string[] =>
  lint(text, { type: { kind: 'hot' }, heat: schema.source() }).findings.map(
    (f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.message}`,
  );

describe("a cloud's Heat schemas", () => {
  it('are the offline data until fetched, and the origin says so', () => {
    const schema = new CloudHeatSchema('devstack-demo', async () => fakeHeat(TYPES).api);
    const source = schema.source();
    assert.equal(source.label, offline.label);
    assert.equal(source.origin, `${offline.origin}, until the Heat API of cloud devstack-demo answers`);
    assert.deepEqual(shown(template('OS::Nova::HostAggregate', '      name: a\n'), schema), []);
  });

  it("take the cloud's list as the truth: a type it does not list is unknown, a listed one is the cloud's answer", async () => {
    const server = copy(offline.resourceType('OS::Nova::Server')!);
    const answered: HeatResourceType = {
      ...server,
      properties: { ...server.properties, cloud_only: { type: 'string', description: 'a property this Heat has' } },
    };
    const heat = fakeHeat(TYPES, { 'OS::Nova::Server': answered });
    const schema = new CloudHeatSchema('devstack-demo', async () => heat.api);
    assert.equal(await schema.prefetch(['OS::Nova::Server', 'OS::Nova::HostAggregate'], ['2016-10-14']), true);
    assert.equal(schema.source().label, 'Heat of cloud devstack-demo');
    assert.equal(schema.source().origin, 'read from its Heat API');
    assert.deepEqual(shown(template('OS::Nova::HostAggregate'), schema), [
      '4:11 HT303 Heat of cloud devstack-demo has no resource type OS::Nova::HostAggregate; a type an environment maps (resource_registry) is not known here',
    ]);
    assert.deepEqual(shown(template('OS::Nova::Server', '      cloud_only: yes\n      flavor: m1.nano\n'), schema), []);
    assert.deepEqual(schema.source().resourceTypeNames(), [...TYPES].sort());
    // the type list once, only the listed type fetched, and the version's functions
    assert.deepEqual([...heat.calls].sort(), [
      'functions heat_template_version.2016-10-14',
      'functions heat_template_version.2016-10-14 conditions',
      'list',
      'type OS::Nova::Server',
      'versions',
    ]);
  });

  it('fall back to the offline data for a listed type not fetched yet; a listed type Heat answers 404 for is unknown', async () => {
    const schema = new CloudHeatSchema('c', async () => fakeHeat(TYPES).api);
    await schema.prefetch(['OS::Nova::Flavor']);
    assert.equal(schema.source().resourceType('OS::Neutron::Port'), offline.resourceType('OS::Neutron::Port'));
    assert.equal(schema.source().resourceType('OS::Nova::Flavor'), undefined);
    // an alias of the default environment is the type it maps to, as the cloud has it
    await schema.prefetch(['OS::Quantum::Net']);
    assert.equal(schema.source().resourceType('OS::Quantum::Net')?.resource_type, 'OS::Neutron::Net');
  });

  it('ask for each type once within the time to live, at most `concurrency` at once, and again after it (the old answer used meanwhile)', async () => {
    let now = 1_000;
    const heat = fakeHeat(TYPES);
    const schema = new CloudHeatSchema('c', async () => heat.api, { ttlMs: 60_000, concurrency: 2, now: () => now });
    const four = ['OS::Nova::Server', 'OS::Neutron::Net', 'OS::Neutron::Port', 'OS::Heat::ResourceGroup'];
    await Promise.all([schema.prefetch(four), schema.prefetch(four)]);
    assert.equal(heat.maxInFlight(), 2);
    assert.equal(heat.calls.filter((c) => c.startsWith('type ')).length, 4, heat.calls.join(', '));
    const source = schema.source();
    assert.equal(await schema.prefetch(four), false);
    assert.equal(heat.calls.length, 6, 'nothing asked within the time to live');
    now += 60_000;
    assert.equal(await schema.prefetch(['OS::Nova::Server']), false, 'the same answers: the same source');
    assert.equal(schema.source(), source);
    assert.deepEqual(heat.calls.slice(6).sort(), ['list', 'type OS::Nova::Server', 'versions']);
  });

  it("read a version's functions from the cloud, and its condition functions without those Heat refuses there", async () => {
    const noYaql = offline.functions('2016-10-14')!.filter((f) => f.functions !== 'yaql');
    const schema = new CloudHeatSchema('c', async () => fakeHeat(TYPES, {}, noYaql).api);
    await schema.prefetch([], ['newton']);
    const version = schema
      .source()
      .templateVersions()
      .find((v) => v.name === '2016-10-14')!;
    assert.deepEqual(version.aliases, ['newton']);
    assert.deepEqual(schema.source().functions('newton'), noYaql);
    assert.deepEqual(
      version.conditionFunctions.map((f) => f.functions),
      ['get_param', 'equals', 'not', 'and', 'or'],
    );
    const text = template('OS::Nova::Server', "      name: { yaql: { expression: '$.data', data: x } }\n      flavor: m1.nano\n");
    assert.deepEqual(shown(text, schema), [
      '6:15 HT311 yaql needs heat_template_version 2017-02-24 or later: this template is 2016-10-14 (Heat takes it as plain data)',
    ]);
  });

  it('say why when the cloud cannot be reached, check offline, and ask again only after a while', async () => {
    let now = 0;
    let reachable = false;
    const heat = fakeHeat(TYPES);
    const schema = new CloudHeatSchema(
      'gone',
      async () => {
        if (!reachable) throw new Error('Keystone API not reachable');
        return heat.api;
      },
      { retryMs: 30_000, now: () => now },
    );
    assert.equal(await schema.prefetch(['OS::Nova::Server']), true);
    assert.equal(schema.problem, 'the Heat API of cloud gone could not be read: Keystone API not reachable');
    assert.equal(schema.source().origin, `${offline.origin}: the Heat API of cloud gone could not be read: Keystone API not reachable`);
    assert.deepEqual(shown(template('OS::Nova::HostAggregate', '      name: a\n'), schema), [], 'the offline data stands in');
    reachable = true;
    now = 29_999;
    assert.equal(await schema.prefetch(['OS::Nova::Server']), false);
    assert.deepEqual(heat.calls, [], 'not asked again at once');
    now = 30_000;
    assert.equal(await schema.prefetch(['OS::Nova::Server']), true);
    assert.equal(schema.problem, undefined);
    assert.equal(schema.source().origin, 'read from its Heat API');
  });
});

describe("a cloud's template checks", () => {
  const lists = (counter: { calls: number }): Omit<CloudChecksClient, 'session'> => ({
    listImages: async () => (counter.calls++, [{ id: 'i1', name: 'busybox', status: 'active' }]),
    listFlavors: async () => [{ id: '42', name: 'm1.nano', vcpus: 1, ram: 64, disk: 0 }],
    listNetworks: async () => [{ id: 'n1', name: 'private', status: 'ACTIVE', shared: false, external: false, subnets: [] }],
    listSubnets: async () => [],
    listKeypairs: async () => {
      throw new Error('403 Forbidden');
    },
  });

  it("fetch the types a template names (a group's member type too) and its version", () => {
    const text = `heat_template_version: 2016-10-14
resources:
  group:
    type: OS::Heat::ResourceGroup
    properties:
      resource_def:
        type: OS::Nova::Server
  net:
    type: OS::Neutron::Net
`;
    assert.deepEqual(templateNeeds(text), {
      types: ['OS::Heat::ResourceGroup', 'OS::Nova::Server', 'OS::Neutron::Net'],
      versions: ['2016-10-14'],
    });
  });

  it('read what the cloud has once within its time to live; a list that fails is not checked, and said', async () => {
    let now = 0;
    const counter = { calls: 0 };
    const heat = fakeHeat(TYPES);
    const client: CloudChecksClient = { session: {} as KeystoneSession, ...lists(counter) };
    const checks = new CloudTemplateChecks('demo', async () => client, { heat: () => heat.api, factsTtlMs: 1_000, now: () => now });
    const text = template('OS::Nova::Server', '      image: busybax\n      flavor: m1.nano\n      key_name: mine\n');
    assert.equal(await checks.prepare([text]), true);
    assert.equal(await checks.prepare([text]), false);
    assert.equal(counter.calls, 1);
    const findings = lint(text, { type: { kind: 'hot' }, ...checks.lintOptions() }).findings.map((f) => f.message);
    assert.deepEqual(findings, ['image of OS::Nova::Server: cloud demo has no image busybax (did you mean busybox?); it has busybox']);
    assert.deepEqual(checks.problems(), ['the keypairs of cloud demo could not be listed (403 Forbidden): nova.keypair is not checked']);
    now = 1_000;
    await checks.prepare([text]);
    assert.equal(counter.calls, 2);
  });

  it('say once that a cloud cannot be reached at all', async () => {
    const checks = new CloudTemplateChecks('gone', async () => {
      throw new Error('Keystone API not reachable');
    });
    await checks.prepare([template('OS::Nova::Server')]);
    assert.deepEqual(checks.problems(), [
      'cloud gone could not be reached (Keystone API not reachable): Heat templates are checked against the offline data',
    ]);
    assert.equal(checks.lintOptions().cloudFacts, undefined);
  });
});
