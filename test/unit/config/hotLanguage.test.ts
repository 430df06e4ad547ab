import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFileType, kindToAdopt } from '../../../src/core/config/fileType';
import { DocumentService, type DocumentSnapshot } from '../../../src/core/config/language/documentService';
import { parseFile } from '../../../src/core/config/parsedFile';

// What the editor shows for a Heat template: its language, outline, folding, completion and hover,
// through the document service (the same calls the VS Code providers make), on Heat Zed's real data.
const HOT = { kind: 'hot' } as const;

const TEMPLATE = `heat_template_version: 2016-10-14
description: two servers
parameters:
  image:
    type: string
    description: The image to boot
    default: cirros
  flavor:
    type: string
resources:
  server:
    type: OS::Nova::Server
    properties:
      image: { get_param: image }
      flavor: { get_param: flavor }
      networks:
        - network: private
  group:
    type: OS::Heat::ResourceGroup
    properties:
      count: 2
      resource_def:
        type: OS::Nova::Server
        properties:
          flavor: m1.tiny
outputs:
  addresses:
    description: where the server is
    value: { get_attr: [server, networks] }
`;

let version = 0;
const snapshot = (text: string): DocumentSnapshot => ({
  uri: `file:///t${version}.yaml`,
  version: ++version,
  type: HOT,
  getText: () => text,
});

/** The completions at the "|" in the text, by label. */
function completionLabels(service: DocumentService, textWithCursor: string): string[] {
  const at = textWithCursor.indexOf('|');
  const before = textWithCursor.slice(0, at).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1].length };
  return service.completions(snapshot(textWithCursor.replace('|', '')), position, 'zed').map((c) => c.label);
}

const inServer = (line: string): string =>
  `heat_template_version: 2016-10-14\nparameters:\n  image: {type: string}\nresources:\n  server:\n    type: OS::Nova::Server\n${line}`;

describe('HOT: which files are Heat templates', () => {
  it('knows a .yaml or .yml by heat_template_version at the top level, and a .hot by its name', () => {
    const detection = detectFileType('stacks/web.yaml', '# a stack\nheat_template_version: 2016-10-14\n');
    assert.deepEqual(detection, { type: HOT, basis: 'content', evidence: 'heat_template_version at line 2' });
    assert.deepEqual(detectFileType('web.hot', 'resources: {}\n'), { type: HOT, basis: 'name', evidence: 'web.hot' });
    assert.equal(detectFileType('clouds.yaml', 'clouds:\n  devstack:\n    heat_template_version: x\n'), undefined);
  });

  it('gives a YAML document the Heat language only when it is a template', () => {
    assert.deepEqual(kindToAdopt('yaml', '/w/stack.yaml', 'heat_template_version: 2013-05-23\n')?.type, HOT);
    assert.equal(kindToAdopt('yaml', '/w/clouds.yaml', 'clouds: {}\n'), undefined);
    assert.equal(kindToAdopt('yaml', '/w/nova.conf.yaml', '[DEFAULT]\ndebug = true\n'), undefined);
  });
});

describe('HOT: outline and folding', () => {
  it('lists parameters, resources and outputs under their sections, with their types', () => {
    const symbols = new DocumentService().outline(snapshot(TEMPLATE));
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail, s.range.start.line, s.children.map((c) => `${c.name}: ${c.detail}`)]),
      [
        ['parameters', '2 parameters', 2, ['image: string', 'flavor: string']],
        ['resources', '2 resources', 9, ['server: OS::Nova::Server', 'group: OS::Heat::ResourceGroup']],
        ['outputs', '1 output', 25, ['addresses: where the server is']],
      ],
    );
    const server = symbols[1].children[0];
    assert.deepEqual(
      [server.kind, server.selectionRange, server.range.end],
      ['resource', { start: { line: 10, character: 2 }, end: { line: 10, character: 8 } }, { line: 16, character: 26 }],
    );
  });

  it('folds every mapping and list that runs over several lines', () => {
    const folds = new DocumentService().foldingRanges(snapshot(TEMPLATE));
    assert.ok(
      folds.some((f) => f.start === 9 && f.end === 24),
      'resources',
    );
    assert.ok(
      folds.some((f) => f.start === 21 && f.end === 24),
      'resource_def',
    );
    assert.ok(folds.every((f) => f.end > f.start));
  });
});

describe('HOT: completion', () => {
  it('completes resource types after type:', () => {
    const labels = completionLabels(
      new DocumentService(),
      'heat_template_version: 2016-10-14\nresources:\n  s:\n    type: OS::Nova::Ser|\n',
    );
    assert.ok(labels.includes('OS::Nova::Server') && labels.includes('OS::Neutron::Port'));
    assert.equal(labels.length, 200);
  });

  it("completes a resource's properties, required first, with their schema help", () => {
    const service = new DocumentService();
    const text = inServer('    properties:\n      |\n');
    const at = { line: 7, character: 6 };
    const items = service.completions(snapshot(text.replace('|', '')), at, 'zed');
    assert.equal(items.length, 24);
    const flavor = items.find((c) => c.label === 'flavor');
    assert.equal(flavor?.detail, 'string, required, updatable');
    assert.equal(flavor?.insertText, 'flavor: ');
    assert.match(flavor?.documentation ?? '', /The ID or name of the flavor to boot onto\\\./);
    assert.ok((flavor?.sortText ?? '') < (items.find((c) => c.label === 'image')?.sortText ?? ''));
  });

  it("completes nested keys (a network of a server) and a group member's properties against its type", () => {
    const service = new DocumentService();
    assert.deepEqual(completionLabels(service, inServer('    properties:\n      networks:\n        - network: x\n          fix|\n')), [
      'allocate_network',
      'fixed_ip',
      'floating_ip',
      'network',
      'port',
      'port_extra_properties',
      'subnet',
      'tag',
      'uuid',
    ]);
    const group = `heat_template_version: 2016-10-14\nresources:\n  g:\n    type: OS::Heat::ResourceGroup\n    properties:\n      resource_def:\n        type: OS::Neutron::Port\n        properties:\n          |\n`;
    assert.ok(completionLabels(service, group).includes('fixed_ips'));
    assert.deepEqual(completionLabels(service, group.replace('        properties:\n          |\n', '        |\n')), [
      'metadata',
      'properties',
      'type',
    ]);
  });

  it('completes what get_param, get_resource, get_attr and depends_on can name', () => {
    const service = new DocumentService();
    assert.deepEqual(completionLabels(service, inServer('    properties:\n      image: { get_param: | }\n')), [
      'image',
      'OS::stack_id',
      'OS::stack_name',
      'OS::region',
      'OS::project_id',
    ]);
    const two = `${inServer('')}  port:\n    type: OS::Neutron::Port\n`;
    assert.deepEqual(completionLabels(service, `${two}    depends_on: [|]\n`), ['server', 'port']);
    assert.deepEqual(completionLabels(service, `${two}    properties:\n      device_id: { get_resource: | }\n`), ['server', 'port']);
    const attributes = completionLabels(service, `${two}    properties:\n      name: { get_attr: [server, |] }\n`);
    assert.ok(attributes.includes('networks') && attributes.includes('addresses'), attributes.join(', '));
  });

  it('completes sections, resource keys, allowed values and template versions', () => {
    const service = new DocumentService();
    assert.deepEqual(completionLabels(service, 'heat_template_version: 2013-05-23\n|'), [
      'heat_template_version',
      'description',
      'parameter_groups',
      'parameters',
      'resources',
      'outputs',
    ]);
    assert.ok(completionLabels(service, inServer('    |\n')).includes('depends_on'));
    assert.deepEqual(completionLabels(service, inServer('    properties:\n      flavor_update_policy: |\n')), ['RESIZE', 'REPLACE']);
    assert.deepEqual(completionLabels(service, 'heat_template_version: |\n').slice(0, 3), ['2021-04-16', 'wallaby', '2018-08-31']);
  });
});

describe('HOT: hover', () => {
  const hover = (line: number, character: number) => new DocumentService().hover(snapshot(TEMPLATE), { line, character }, 'zed');

  it("shows a resource type's description and required properties", () => {
    const h = hover(11, 14);
    assert.match(h?.markdown ?? '', /^\*\*OS\\:\\:Nova\\:\\:Server\*\* — resource type\n\nA resource for managing Nova instances\\\./);
    assert.match(h?.markdown ?? '', /Required properties: `flavor`/);
    assert.deepEqual(h?.range, { start: { line: 11, character: 10 }, end: { line: 11, character: 26 } });
  });

  it("shows a property's type and help, in a group member too", () => {
    assert.match(hover(13, 7)?.markdown ?? '', /^\*\*image\*\* — string, optional, updatable \(OS\\:\\:Nova\\:\\:Server\)/);
    assert.match(hover(24, 11)?.markdown ?? '', /^\*\*flavor\*\* — string, required, updatable \(OS\\:\\:Nova\\:\\:Server\)/);
  });

  it('shows the parameter get_param names, the attribute get_attr names, and the function', () => {
    assert.match(hover(13, 27)?.markdown ?? '', /^\*\*image\*\* — parameter \(string\)\n\nDefault: `cirros`\n\nThe image to boot$/);
    assert.match(hover(28, 33)?.markdown ?? '', /^\*\*networks\*\* — attribute \(map\) of OS\\:\\:Nova\\:\\:Server/);
    assert.match(hover(13, 17)?.markdown ?? '', /^\*\*get_param\*\* — intrinsic function \(from heat_template_version 2013-05-23\)/);
  });

  it('parses each version once for lint, outline, completion and hover', () => {
    let parses = 0;
    const service = new DocumentService((text, type) => {
      parses += 1;
      return parseFile(text, type);
    });
    const document = snapshot(TEMPLATE);
    service.lint(document);
    service.outline(document);
    service.hover(document, { line: 11, character: 14 }, 'zed');
    service.completions(document, { line: 11, character: 14 }, 'zed');
    assert.equal(parses, 1);
  });
});
