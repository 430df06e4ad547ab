import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { lint, type LintResult } from '../../../src/core/config/lint/lint';
import { offlineHeatSchema } from '../../../src/core/heat/offlineHeatSchema';
import { splitLines } from '../../../src/core/config/text';

// The HOT rules against Heat Zed's real schemas (src/core/schema/data/heat-zed.json): what a user sees,
// each finding as "line:column code message" (1-based, as the CLI prints it).
const HOT = { kind: 'hot' } as const;
const lintHot = (text: string, fileName = 'stack.yaml'): LintResult => lint(text, { fileName, type: HOT });
const shown = (text: string): string[] =>
  lintHot(text).findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.message}`);
const codes = (text: string): string[] => lintHot(text).findings.map((f) => f.code);
/** the text a finding's range covers */
const covered = (text: string, code: string): string[] => {
  const lines = text.split('\n');
  return lintHot(text)
    .findings.filter((f) => f.code === code)
    .map((f) =>
      f.range.start.line === f.range.end.line ? lines[f.range.start.line].slice(f.range.start.character, f.range.end.character) : '…',
    );
};

const template = (version: string, resources: string, rest = ''): string =>
  `heat_template_version: ${version}\nparameters:\n  image:\n    type: string\n    default: cirros\nresources:\n${resources}${rest}`;

const SERVER = `  server:
    type: OS::Nova::Server
    properties:
      image: { get_param: image }
      flavor: m1.tiny
      networks:
        - network: private
`;

describe('HOT: a template Heat accepts', () => {
  it('gives no findings, and is checked against the offline data of Heat Zed', () => {
    const result = lintHot(template('2016-10-14', SERVER, 'outputs:\n  addresses:\n    value: { get_attr: [server, networks] }\n'));
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.type, HOT);
    assert.equal(result.release.release, 'zed');
    assert.match(result.release.reason, /^Heat template: Heat 19\.0\.0 \(Zed\), offline data generated from Heat's own definitions$/);
  });

  it('reads the offline data: 200 resource types and 11 HOT versions, aliases (newton) included', () => {
    const heat = offlineHeatSchema();
    assert.ok(heat);
    assert.equal(heat.resourceTypeNames().length, 200);
    assert.equal(heat.templateVersions().length, 11);
    assert.deepEqual(heat.templateVersions().find((v) => v.name === '2016-10-14')?.aliases, ['newton']);
    assert.deepEqual(codes(template('newton', SERVER)), []);
    // the default environment's aliases: OS::Quantum* is OS::Neutron*
    assert.equal(heat.resourceType('OS::Quantum::Net')?.resource_type, 'OS::Neutron::Net');
  });
});

describe('HOT: YAML that does not parse', () => {
  it("reports YAML's own error at its range, and never throws", () => {
    const text = 'heat_template_version: 2016-10-14\nresources:\n  server:\n    type: [OS::Nova::Server\n  other: {}\n';
    const findings = lintHot(text).findings.filter((f) => f.code === 'HT300');
    assert.ok(findings.length > 0);
    assert.match(findings[0].message, /^YAML: /);
    assert.equal(findings[0].severity, 'error');
    assert.equal(findings[0].range.start.line, 4, 'where YAML found the flow sequence unterminated');
  });

  it('reports a tab indent, an unknown tag and a key written twice', () => {
    const text = 'heat_template_version: 2016-10-14\nresources:\n  a: {type: OS::Heat::None}\n  a: {type: OS::Heat::None}\n  b: !Ref x\n';
    assert.deepEqual(shown(text).slice(0, 2), [
      "4:3 HT314 a key written twice in this mapping: Heat's YAML loader keeps only the last one",
      '5:6 HT300 YAML: Unresolved tag: !Ref',
    ]);
    assert.match(shown('heat_template_version: 2016-10-14\nresources:\n\ta: {}\n')[0], /^3:1 HT300 YAML: /);
  });

  it('says a list or a scalar is not a template, and an empty file has no version', () => {
    assert.deepEqual(shown('- a\n- b\n'), [
      '1:1 HT313 a Heat template is a mapping of sections (heat_template_version, parameters, resources, outputs)',
    ]);
    assert.match(
      shown('description: nothing else\n')[0],
      /^1:1 HT301 no heat_template_version: Heat needs it to read the template; one of 2013-05-23, /,
    );
  });

  it(`refuses brackets nested thousands deep with one finding, before YAML's parser recurses into them`, () => {
    const text = `heat_template_version: 2016-10-14\nresources:\n  a: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    assert.deepEqual(
      lintHot(text).findings.map((f) => [f.code, f.message, f.range.start.line]),
      [['HT300', 'YAML: not parsed: [ ] or { } nested more than 1000 levels deep (no Heat template needs that many)', 2]],
    );
  });

  it('never throws and keeps every range inside the text, whatever the text', () => {
    const piece = fc.constantFrom(
      'heat_template_version: 2016-10-14\n',
      'heat_template_version: 2013-05-23\n',
      'resources:\n',
      'parameters:\n',
      'outputs:\n',
      '  a:\n',
      '  b:\n',
      '    type: OS::Nova::Server\n',
      '    type: OS::Heat::ResourceGroup\n',
      '    properties:\n',
      '      resource_def: {type: OS::Nova::Server, properties: {flavor: 1}}\n',
      '      image: {get_param: x}\n',
      '    depends_on: [a, b]\n',
      '{get_attr: [a, b]}',
      '{get_resource: a}',
      '[',
      ']',
      '{',
      '}',
      ':',
      '- ',
      '"',
      "'",
      '\t',
      '&x ',
      '*x',
      '!tag ',
      '#',
      '\n',
      '\r\n',
      ' ',
    );
    const text = fc.oneof(
      fc.array(piece, { maxLength: 40 }).map((p) => p.join('')),
      fc.string({ maxLength: 200 }),
    );
    fc.assert(
      fc.property(text, (t) => {
        const lines = splitLines(t);
        for (const f of lintHot(t).findings) {
          assert.ok(f.range.start.line < lines.length && f.range.end.line < lines.length, JSON.stringify(f));
          assert.ok(f.range.end.character <= lines[f.range.end.line].text.length, JSON.stringify(f));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('HOT: heat_template_version and sections', () => {
  it('names the versions Heat has when the version is unknown, with the closest one', () => {
    const [finding] = shown(template('2016-10-15', SERVER));
    assert.match(
      finding,
      /^1:24 HT301 heat_template_version 2016-10-15 is not a version Heat 19\.0\.0 \(Zed\) has \(did you mean 2015-10-15\?\): one of /,
    );
  });

  it('says which version a section came in, and suggests a known section for a typo', () => {
    assert.deepEqual(shown(template('2015-04-30', SERVER, 'conditions:\n  c: {equals: [1, 1]}\n')).slice(0, 1), [
      '14:1 HT302 conditions is a section from heat_template_version 2016-10-14 on: this template is 2015-04-30',
    ]);
    assert.match(
      shown(template('2016-10-14', SERVER, 'output:\n  x: {value: 1}\n'))[0],
      /^14:1 HT302 output is not a section of a Heat template \(did you mean outputs\?\)/,
    );
  });

  it('checks parameters: a type Heat has, and only the keys a parameter has', () => {
    const text =
      'heat_template_version: 2016-10-14\nparameters:\n  a:\n    type: strin\n    defualt: x\n  b:\n    description: no type\nresources: {}\n';
    assert.deepEqual(shown(text), [
      '4:11 HT313 strin is not a parameter type (did you mean string?): one of `string`, `number`, `comma_delimited_list`, `json`, `boolean`',
      '5:5 HT313 defualt is not a key of a parameter (a) (did you mean default?): it has `type`, `description`, `default`, `schema`, `constraints`, `hidden`, `label`, `immutable`',
      '6:3 HT313 parameter b has no type: one of `string`, `number`, `comma_delimited_list`, `json`, `boolean`',
    ]);
  });
});

describe('HOT: resources against their types', () => {
  it('reports an unknown resource type with the closest type Heat has', () => {
    const text = template('2016-10-14', '  vol:\n    type: OS::Cinder::Volum\n');
    assert.deepEqual(shown(text), [
      '8:11 HT303 Heat 19.0.0 (Zed) has no resource type OS::Cinder::Volum (did you mean OS::Cinder::Volume?)',
    ]);
    assert.deepEqual(covered(text, 'HT303'), ['OS::Cinder::Volum']);
    // a template file is a type of its own: not checked
    assert.deepEqual(codes(template('2016-10-14', '  nested:\n    type: lib/server.yaml\n')), []);
  });

  it('reports an unknown property (did you mean), a missing required one and a key no resource has', () => {
    const text = template(
      '2016-10-14',
      '  server:\n    type: OS::Nova::Server\n    propertes: {}\n    properties:\n      imagee: cirros\n',
    );
    assert.deepEqual(shown(text), [
      '9:5 HT313 propertes is not a key of a resource definition (did you mean properties?): it has `type`, `properties`, `metadata`, `depends_on`, `deletion_policy`, `update_policy`, `description`, `external_id`, `condition`',
      '10:5 HT305 OS::Nova::Server needs flavor: the property is required',
      '11:7 HT304 OS::Nova::Server has no property imagee (did you mean image?)',
    ]);
  });

  it('reports values of the wrong type, nested ones included, and takes function values as they come', () => {
    const text = template(
      '2016-10-14',
      `  server:
    type: OS::Nova::Server
    properties:
      flavor: m1.tiny
      networks: private
      config_drive: maybe
      metadata: { get_param: image }
  port:
    type: OS::Neutron::Port
    properties:
      network: private
      fixed_ips:
        - subnet: s
          ip_adress: 10.0.0.5
        - [10.0.0.6]
`,
    );
    assert.deepEqual(shown(text), [
      '11:17 HT306 networks of OS::Nova::Server must be a list, not a string',
      '12:21 HT306 config_drive of OS::Nova::Server must be a boolean, not a string',
      '20:11 HT304 fixed_ips[0] of OS::Neutron::Port has no property ip_adress (did you mean ip_address?): it has ip_address, subnet, subnet_id',
      '21:11 HT306 fixed_ips[1] of OS::Neutron::Port must be a map, not a list',
    ]);
  });

  it("checks literal values against the property's allowed values, range and length", () => {
    const text = template(
      '2016-10-14',
      '  net:\n    type: OS::Neutron::Subnet\n    properties:\n      network: n\n      ip_version: 5\n  group:\n    type: OS::Heat::ResourceGroup\n    properties:\n      count: -1\n      index_var: "%i"\n      resource_def: {type: OS::Heat::None}\n',
    );
    assert.deepEqual(shown(text), [
      '11:19 HT307 ip_version of OS::Neutron::Subnet: 5 is not one of the allowed values: 4, 6',
      '15:14 HT307 count of OS::Heat::ResourceGroup: -1 is out of range: 0 … ∞',
      '16:18 HT307 index_var of OS::Heat::ResourceGroup: length 2 is outside 3 … ∞',
    ]);
  });

  it("checks a ResourceGroup's resource_def properties against the member type, %index% values included", () => {
    const text = template(
      '2016-10-14',
      `  group:
    type: OS::Heat::ResourceGroup
    properties:
      count: 3
      resource_def:
        type: OS::Nova::Server
        properties:
          name: server-%index%
          imag: { get_param: image }
          networks: private
`,
    );
    assert.deepEqual(shown(text), [
      '13:9 HT305 OS::Nova::Server needs flavor: the property is required',
      '15:11 HT304 OS::Nova::Server has no property imag (did you mean image?)',
      '16:21 HT306 networks of OS::Nova::Server must be a list, not a string',
    ]);
    assert.deepEqual(
      codes(
        template('2016-10-14', '  g:\n    type: OS::Heat::ResourceGroup\n    properties:\n      resource_def: {type: OS::Nova::Servr}\n'),
      ),
      ['HT303'],
    );
  });

  it("warns of a deprecated type and a deprecated property with Heat's own note", () => {
    const text = template(
      '2016-10-14',
      '  server:\n    type: OS::Nova::Server\n    properties:\n      flavor: m1.tiny\n      personality: {}\n',
    );
    const [finding] = lintHot(text).findings;
    assert.equal(finding.code, 'HT315');
    assert.equal(finding.severity, 'warning');
    assert.match(
      finding.message,
      /^personality of OS::Nova::Server is deprecated since Heat 12\.0\.0: This is not supported with nova api microversion 2\.57/,
    );
  });
});

describe('HOT: what functions name', () => {
  it('reports get_param, get_resource and get_attr targets the template does not have, with the closest names', () => {
    const text = template(
      '2016-10-14',
      `${SERVER}  port:
    type: OS::Neutron::Port
    properties:
      network: { get_param: netwrok }
      name: { get_param: OS::stack_name }
      device_id: { get_resource: servr }
      device_owner: { get_attr: [server, first_addres] }
`,
    );
    assert.deepEqual(shown(text), [
      '17:29 HT308 get_param names no parameter of this template: netwrok',
      '19:34 HT309 get_resource names no resource of this template: servr (did you mean server?)',
      '20:42 HT310 OS::Nova::Server has no attribute first_addres: it has accessIPv4, accessIPv6, addresses, console_urls, instance_name, name, networks, os_collect_config, show, tags',
    ]);
  });

  it("takes a ResourceGroup's members' attributes, and resource.N, as its own", () => {
    const group = `  group:
    type: OS::Heat::ResourceGroup
    properties:
      resource_def: {type: OS::Nova::Server, properties: {flavor: m1.tiny}}
`;
    const outputs = (attr: string) => `outputs:\n  x:\n    value: { get_attr: [group, ${attr}] }\n`;
    assert.deepEqual(codes(template('2016-10-14', group, outputs('networks'))), []);
    assert.deepEqual(codes(template('2016-10-14', group, outputs('resource.0.networks'))), []);
    assert.deepEqual(codes(template('2016-10-14', group, outputs('refs'))), []);
    assert.deepEqual(shown(template('2016-10-14', group, outputs('adresses'))), [
      '13:32 HT310 OS::Heat::ResourceGroup has no attribute adresses (did you mean addresses?): it has attributes, refs, refs_map, removed_rsrc_list, show, accessIPv4, accessIPv6, addresses, console_urls, instance_name, name, networks, os_collect_config, tags',
    ]);
  });

  it('reports a function the version does not have: repeat before 2015-04-30, if before 2016-10-14, Fn::Join after 2013-05-23', () => {
    const uses = (version: string, value: string) => template(version, SERVER, `outputs:\n  x:\n    value: ${value}\n`);
    const repeat = '{ repeat: { for_each: { "%n%": [1, 2] }, template: "%n%" } }';
    assert.deepEqual(shown(uses('2013-05-23', repeat)), [
      '16:14 HT311 repeat needs heat_template_version 2015-04-30 or later: this template is 2013-05-23 (Heat takes it as plain data)',
    ]);
    assert.deepEqual(codes(uses('2015-04-30', repeat)), []);
    const choice = '{ if: [c, 1, 2] }';
    assert.deepEqual(shown(uses('2016-04-08', choice)), [
      '16:14 HT311 if needs heat_template_version 2016-10-14 or later: this template is 2016-04-08 (Heat takes it as plain data)',
    ]);
    const join = '{ "Fn::Join": [",", [a, b]] }';
    assert.deepEqual(codes(uses('2013-05-23', join)), []);
    assert.deepEqual(shown(uses('2014-10-16', join)), [
      '16:14 HT311 Fn::Join was removed in heat_template_version 2014-10-16: this template is 2014-10-16',
    ]);
    // get_file and str_replace are in every HOT version, 2013-05-23 included
    assert.deepEqual(codes(uses('2013-05-23', '{ str_replace: { template: x, params: { x: { get_file: a.txt } } } }')), []);
  });

  it('in conditions, takes only the functions conditions have', () => {
    const text = template(
      '2016-10-14',
      SERVER,
      'conditions:\n  ok: { equals: [{ get_param: image }, cirros] }\n  bad: { get_attr: [server, name] }\n',
    );
    assert.deepEqual(shown(text), ['16:10 HT311 get_attr cannot be used in conditions (Heat refuses it there)']);
    assert.deepEqual(shown(template('2016-10-14', SERVER, 'outputs:\n  x: {value: {equals: [1, 1]}}\n')), [
      '15:15 HT311 equals is a condition function: only the conditions section has it (here Heat takes it as plain data)',
    ]);
  });
});

describe('HOT: dependencies', () => {
  it('reports a depends_on cycle once, where it starts, with the whole chain', () => {
    const text = template(
      '2016-10-14',
      `  a:
    type: OS::Heat::None
    depends_on: b
  b:
    type: OS::Heat::None
    depends_on: [c]
  c:
    type: OS::Heat::Value
    properties:
      value: { get_attr: [a, show] }
  d:
    type: OS::Heat::None
    depends_on: d
`,
    );
    assert.deepEqual(shown(text), [
      '9:17 HT312 dependency cycle a → b → c → a: a depends_on b; b depends_on c; c uses get_attr of a; Heat refuses the stack (Circular Dependency Found)',
      '19:17 HT312 dependency cycle d → d: d depends_on d; Heat refuses the stack (Circular Dependency Found)',
    ]);
  });

  it('reports depends_on a resource the template does not have', () => {
    assert.deepEqual(shown(template('2016-10-14', '  a:\n    type: OS::Heat::None\n    depends_on: [b]\n')), [
      '9:18 HT309 depends_on names no resource of this template: b (did you mean a?)',
    ]);
  });

  it('finds no cycle in a long chain, and lints it in time linear in its length', () => {
    const chain = (n: number) =>
      template(
        '2016-10-14',
        Array.from({ length: n }, (_, i) => `  r${i}:\n    type: OS::Heat::None\n${i ? `    depends_on: r${i - 1}\n` : ''}`).join(''),
      );
    const time = (text: string) => {
      lintHot(text);
      const started = performance.now();
      lintHot(text);
      return performance.now() - started;
    };
    const [small, large] = [time(chain(1_000)), time(chain(8_000))];
    assert.deepEqual(codes(chain(8_000)), []);
    assert.ok(large <= 20 * Math.max(small, 2), `1,000 resources: ${small.toFixed(1)} ms, 8,000: ${large.toFixed(1)} ms`);
  });
});
