import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { detectFileType } from '../../../src/core/config/fileType';
import { allFunctionNames } from '../../../src/core/config/hot/hotChecker';
import { lint } from '../../../src/core/config/lint/lint';
import { offlineHeatSchema } from '../../../src/core/heat/offlineHeatSchema';

// What package.json contributes for Heat templates agrees with the code and the data: the language,
// its grammar's words (every HOT version's functions and sections), and snippets that lint clean.
const root = join(__dirname, '..', '..', '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

interface Contribution {
  language?: string;
  id?: string;
  path?: string;
  configuration?: string;
  extensions?: string[];
  firstLine?: string;
  scopeName?: string;
}
const pkg = JSON.parse(read('package.json')) as {
  activationEvents: string[];
  contributes: { languages: Contribution[]; grammars: Contribution[]; snippets: Contribution[] };
};

const heat = offlineHeatSchema();
assert.ok(heat, 'the offline Heat data (heat-zed.json) is built into the option data');

interface Grammar {
  patterns: { include: string }[];
  injections: Record<string, unknown>;
  repository: Record<string, { match: string; name: string }>;
}
const grammar = JSON.parse(read('syntaxes/heat-hot.tmLanguage.json')) as Grammar;
/** the words of a grammar rule written as one alternation: (a|b|c) */
const alternatives = (rule: string): string[] => {
  const group = /\(((?:[\w:]+\|)+[\w:]+)\)/.exec(grammar.repository[rule].match);
  assert.ok(group, rule);
  return group[1].split('|').sort();
};

/** A snippet's text with each placeholder at its default (${1:x} → x, $0 → nothing). */
function expand(body: readonly string[]): string {
  let text = body.join('\n');
  for (let previous = ''; previous !== text;) {
    previous = text;
    text = text.replace(/\$\{\d+:([^{}]*)\}/g, '$1');
  }
  return text.replace(/\$\d+/g, '');
}

describe('Heat templates in package.json', () => {
  it('contributes the heat-hot language for *.hot and a first line with heat_template_version, activating on YAML documents', () => {
    const language = pkg.contributes.languages.find((l) => l.id === 'heat-hot');
    assert.ok(language);
    assert.deepEqual(language.extensions, ['.hot']);
    const firstLine = new RegExp(language.firstLine ?? '$^');
    assert.ok(firstLine.test('heat_template_version: 2016-10-14') && !firstLine.test('resources:'));
    assert.ok(existsSync(join(root, language.configuration ?? '')));
    // VS Code opens a .yaml as YAML: the extension must run to see it is a template
    assert.ok(pkg.activationEvents.includes('onLanguage:yaml'));
    const grammarEntry = pkg.contributes.grammars.find((g) => g.language === 'heat-hot');
    assert.deepEqual([grammarEntry?.scopeName, grammarEntry?.path], ['source.heat-hot', './syntaxes/heat-hot.tmLanguage.json']);
    assert.equal(pkg.contributes.snippets.find((s) => s.language === 'heat-hot')?.path, './snippets/heat-hot.json');
  });

  it("highlights YAML with every HOT version's intrinsic functions and sections on top", () => {
    assert.deepEqual(grammar.patterns, [{ include: 'source.yaml' }]);
    assert.deepEqual(Object.keys(grammar.injections), ['L:source.heat-hot -comment']);
    assert.deepEqual(alternatives('function'), [...allFunctionNames(heat)].sort());
    assert.deepEqual(alternatives('section'), [...new Set(heat.templateVersions().flatMap((v) => v.sections))].sort());
    const type = new RegExp(grammar.repository['resource-type'].match);
    const typesMatched = heat.resourceTypeNames().filter((name) => type.exec(` ${name} `)?.[0] === name);
    assert.equal(typesMatched.length, heat.resourceTypeNames().length);
    assert.equal(type.exec(' OS::stack_name '), null, 'a pseudo parameter is not a type');
  });

  it('has the three template snippets, each a template Heat accepts as it is inserted', () => {
    const snippets = JSON.parse(read('snippets/heat-hot.json')) as Record<string, { prefix: string[]; body: string[] }>;
    const texts = Object.fromEntries(Object.values(snippets).map((s) => [s.prefix[0], expand(s.body)]));
    assert.deepEqual(Object.keys(texts), ['hot-server', 'hot-resourcegroup', 'hot-app-stack']);
    for (const [prefix, text] of Object.entries(texts)) {
      assert.equal(detectFileType('new.yaml', text)?.type.kind, 'hot', prefix);
      assert.deepEqual(
        lint(text, { fileName: 'new.yaml' }).findings.map((f) => `${f.range.start.line + 1}: ${f.code} ${f.message}`),
        [],
        prefix,
      );
    }
    assert.match(texts['hot-server'], /default: private[\s\S]*type: OS::Nova::Server[\s\S]*- network: \{ get_param: network \}/);
    assert.match(
      texts['hot-resourcegroup'],
      /default: local\/busybox:test[\s\S]*type: OS::Heat::ResourceGroup[\s\S]*name: container-%index%/,
    );
    for (const type of ['OS::Neutron::Net', 'OS::Neutron::Subnet', 'OS::Neutron::Port', 'OS::Nova::Server'])
      assert.ok(texts['hot-app-stack'].includes(`type: ${type}`), type);
  });

  it('ships an example template that lints clean', () => {
    const text = read('examples/server-on-private.yaml');
    assert.deepEqual(lint(text, { fileName: 'server-on-private.yaml' }).findings, []);
  });
});
