import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint, type LintOptions } from '../../../src/core/config/lint/lint';
import { cloudList, type CloudFacts } from '../../../src/core/heat/cloudFacts';

// HT316 against Heat Zed's real schemas (the offline data) and a cloud's facts as lint is given them:
// what a user sees, each finding as "line:column code message" (1-based, as the CLI prints it).
const IMAGES = [
  { name: 'busybox', id: '27abf748-a2bd-4d87-b91f-2208dfcdee0b' },
  { name: 'cirros-bare', id: 'b809201c-d482-4228-8413-f5445658fbc3' },
];
const FLAVORS = [
  { name: 'm1.nano', id: '42' },
  { name: 'm1.tiny', id: '1' },
  { name: 'm1.small', id: '2' },
];
const FACTS: CloudFacts = {
  cloud: 'devstack-demo',
  lists: {
    'glance.image': cloudList(IMAGES),
    'nova.flavor': cloudList(FLAVORS),
    'neutron.network': cloudList([{ name: 'private', id: '4dc4154e-1800-435c-9ec0-3244ddd4e041' }]),
    'neutron.subnet': cloudList([{ name: 'private-subnet', id: 'c393931f-6085-40c8-8318-04fc5900f964' }]),
    'nova.keypair': cloudList([]),
  },
  problems: [],
};

const HOT = { kind: 'hot' } as const;
const shown = (text: string, options: Partial<LintOptions> = { cloudFacts: FACTS }): string[] =>
  lint(text, { fileName: 'stack.yaml', type: HOT, ...options }).findings.map(
    (f) => `${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.character + 1} ${f.code} ${f.message}`,
  );

const server = (properties: string, parameters = ''): string =>
  `heat_template_version: 2021-04-16\n${parameters ? `parameters:\n${parameters}` : ''}resources:\n  server:\n    type: OS::Nova::Server\n    properties:\n${properties}`;

const GOOD = '      image: busybox\n      flavor: m1.nano\n      networks:\n        - network: private\n';

describe('HT316: names a cloud does not have', () => {
  it('reports a literal image at its exact range, naming the cloud, the closest name and what it has', () => {
    assert.deepEqual(shown(server(GOOD.replace('busybox', 'busybax'))), [
      '6:14-21 HT316 image of OS::Nova::Server: cloud devstack-demo has no image busybax (did you mean busybox?); it has busybox, cirros-bare',
    ]);
  });

  it('is silent without a cloud: the same template offline has no finding', () => {
    const text = server(GOOD.replace('busybox', 'busybax').replace('private', 'privat'));
    assert.deepEqual(shown(text, {}), []);
    assert.equal(shown(text).length, 2);
  });

  it('takes a name or an id, as Heat does; a quoted value is reported with its quotes', () => {
    const byId = GOOD.replace('busybox', IMAGES[1].id)
      .replace('m1.nano', '42')
      .replace('private', FACTS.lists['neutron.network']!.names[0]);
    assert.deepEqual(shown(server(byId)), []);
    assert.deepEqual(shown(server(GOOD.replace('flavor: m1.nano', 'flavor: "m1.huge"'))), [
      '7:15-24 HT316 flavor of OS::Nova::Server: cloud devstack-demo has no flavor m1.huge; it has m1.nano, m1.small, m1.tiny',
    ]);
  });

  it('walks lists and maps along the schema: a network of networks, a subnet of a port', () => {
    const port = `heat_template_version: 2021-04-16
resources:
  port:
    type: OS::Neutron::Port
    properties:
      network: private
      fixed_ips:
        - subnet: private-subnett
`;
    assert.deepEqual(shown(server(GOOD.replace('network: private', 'network: privat'))), [
      '9:20-26 HT316 networks[0].network of OS::Nova::Server: cloud devstack-demo has no network privat (did you mean private?); it has private',
    ]);
    assert.deepEqual(shown(port), [
      '8:19-34 HT316 fixed_ips[0].subnet of OS::Neutron::Port: cloud devstack-demo has no subnet private-subnett (did you mean private-subnet?); it has private-subnet',
    ]);
  });

  it('says when the cloud has none of a kind (a keypair of a user with no keypairs)', () => {
    assert.deepEqual(shown(server(`${GOOD}      key_name: mykey\n`)), [
      '10:17-22 HT316 key_name of OS::Nova::Server: cloud devstack-demo has no keypair mykey; it has no keypairs',
    ]);
  });

  it('lists a few of many, and how many more', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ name: `image-${String(i).padStart(2, '0')}`, id: `id-${i}` }));
    const facts: CloudFacts = { ...FACTS, lists: { 'glance.image': cloudList(many) } };
    assert.deepEqual(shown(server(GOOD.replace('busybox', 'zzz')), { cloudFacts: facts }), [
      '6:14-17 HT316 image of OS::Nova::Server: cloud devstack-demo has no image zzz; it has image-00, image-01, image-02, image-03, image-04 and 7 more',
    ]);
  });

  it('leaves a kind whose list could not be read unchecked', () => {
    const facts: CloudFacts = {
      ...FACTS,
      lists: { 'nova.flavor': FACTS.lists['nova.flavor'] },
      problems: ['the images … could not be listed'],
    };
    assert.deepEqual(shown(server(GOOD.replace('busybox', 'busybax')), { cloudFacts: facts }), []);
  });
});

describe('HT316: parameters', () => {
  const withDefault = (constraint: boolean, value = 'busybax'): string =>
    `  image:\n    type: string\n    default: ${value}\n${constraint ? '    constraints:\n      - custom_constraint: glance.image\n' : ''}`;
  const viaParam = GOOD.replace('image: busybox', 'image: { get_param: image }');

  it("checks a parameter's default when its own constraints name a cloud constraint, once even when a property takes it", () => {
    const expected = [
      '5:14-21 HT316 default of parameter image: cloud devstack-demo has no image busybax (did you mean busybox?); it has busybox, cirros-bare',
    ];
    assert.deepEqual(shown(server(GOOD, withDefault(true))), expected);
    assert.deepEqual(shown(server(viaParam, withDefault(true))), expected);
  });

  it('checks the default a property takes with get_param, at the default, saying which property takes it', () => {
    assert.deepEqual(shown(server(viaParam, withDefault(false))), [
      '5:14-21 HT316 default of parameter image (given to image of OS::Nova::Server): cloud devstack-demo has no image busybax (did you mean busybox?); it has busybox, cirros-bare',
    ]);
    assert.deepEqual(shown(server(viaParam, withDefault(false, 'busybox'))), []);
  });

  it('leaves a default Heat does not use (the parameter is given a value) and values only Heat knows (functions, no default)', () => {
    assert.deepEqual(shown(server(viaParam, withDefault(true)), { cloudFacts: FACTS, givenParameters: ['image'] }), []);
    assert.deepEqual(shown(server(viaParam, '  image:\n    type: string\n')), []);
    const joined = GOOD.replace('image: busybox', "image: { str_replace: { template: 'img-$v', params: { $v: nope } } }");
    assert.deepEqual(shown(server(joined)), []);
  });
});

describe('HT316: groups', () => {
  const group = (image: string): string => `heat_template_version: 2021-04-16
resources:
  group:
    type: OS::Heat::ResourceGroup
    properties:
      count: 2
      resource_def:
        type: OS::Nova::Server
        properties:
          name: web-%index%
          image: ${image}
          flavor: m1.nano
`;

  it("checks the member definition against the member's type; a name with the index in it is left to Heat", () => {
    assert.deepEqual(shown(group('busybax')), [
      '11:18-25 HT316 image of OS::Nova::Server: cloud devstack-demo has no image busybax (did you mean busybox?); it has busybox, cirros-bare',
    ]);
    assert.deepEqual(shown(group('busybox-%index%')), []);
  });

  it('says in the release reason that names were checked against the cloud', () => {
    const { release } = lint(group('busybox'), { type: HOT, cloudFacts: FACTS });
    assert.match(release.reason, /; names checked against what cloud devstack-demo has$/);
  });
});
