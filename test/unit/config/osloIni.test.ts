import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOsloIni } from '../../../src/core/config/osloIni';
import { applyEdits } from '../../../src/core/config/text';
import { joinLines } from './sourceLines';

describe('oslo INI parser', () => {
  it('reads sections, "=" and ":" separators, and keeps exact ranges', () => {
    const doc = parseOsloIni('[DEFAULT]\ncompute_driver = novadocker.virt.docker.driver.DockerDriver\nkey: a=b\n');
    assert.deepEqual(
      doc.sections.map((s) => s.name),
      ['DEFAULT'],
    );
    const [driver, colon] = doc.options;
    assert.equal(driver.key, 'compute_driver');
    assert.equal(driver.value, 'novadocker.virt.docker.driver.DockerDriver');
    assert.deepEqual(driver.keyRange, { start: { line: 1, character: 0 }, end: { line: 1, character: 14 } });
    assert.deepEqual(driver.valueRange, { start: { line: 1, character: 17 }, end: { line: 1, character: 59 } });
    // whichever of ':' and '=' comes first separates, as in oslo's iniparser
    assert.equal(colon.key, 'key');
    assert.equal(colon.value, 'a=b');
    assert.equal(colon.separator, ':');
  });

  it('keeps a "#" after a value as part of the value (oslo has no inline comments)', () => {
    const [option] = parseOsloIni('[DEFAULT]\ndebug = True # turn off later\n').options;
    assert.equal(option.value, 'True # turn off later');
  });

  it('joins indented continuation lines, ended by a blank line', () => {
    const doc = parseOsloIni('[DEFAULT]\nlist = a,\n  b,\n\tc\n\nother = 1\n');
    assert.equal(doc.options[0].value, 'a,\nb,\nc');
    assert.equal(doc.options[0].endLine, 3);
    assert.equal(doc.options[1].key, 'other');
  });

  it('strips matching surrounding quotes and reads "#" and ";" comment lines', () => {
    const doc = parseOsloIni('[DEFAULT]\n# a comment\n; another\nname = "quoted value"\nodd = "half\n');
    assert.equal(doc.entries.filter((e) => e.kind === 'comment').length, 2);
    assert.equal(doc.options[0].value, 'quoted value');
    assert.equal(doc.options[1].value, '"half');
  });

  it('reports what oslo refuses, with ranges, and never throws', () => {
    const doc = parseOsloIni('orphan = 1\n  indented\n[DEFAULT\n[]\nno separator here\n= novalue\n');
    assert.deepEqual(
      doc.problems.map((p) => [p.code, p.range.start.line]),
      [
        ['no-section', 0],
        ['section-bracket', 2],
        ['section-name', 3],
        ['invalid-line', 4],
        ['empty-key', 5],
      ],
    );
    // an indented line right after an option continues it, as oslo reads it
    assert.equal(doc.options[0].value, '1\nindented');
    const stray = parseOsloIni('[DEFAULT]\n\n   stray\n');
    assert.deepEqual(
      stray.problems.map((p) => p.code),
      ['unexpected-continuation'],
    );
  });

  it('round-trips byte for byte, CRLF and missing final newline included', () => {
    for (const text of ['[DEFAULT]\r\na = 1\r\n', '[x]\nb=2', '', '\n\n', 'garbage ][ \t\n']) {
      assert.equal(joinLines(parseOsloIni(text).lines), text);
    }
  });

  it('supports one-line edits that leave every other byte alone', () => {
    const text = '[DEFAULT]\r\n# keep me\r\ncompute_driver = docker.DockerDriver\r\nother=1';
    const option = parseOsloIni(text).options[0];
    const edited = applyEdits(text, [{ range: option.valueRange, newText: 'novadocker.virt.docker.driver.DockerDriver' }]);
    assert.equal(edited, '[DEFAULT]\r\n# keep me\r\ncompute_driver = novadocker.virt.docker.driver.DockerDriver\r\nother=1');
  });
});

describe('setOptionEdit (iniset)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { setOptionEdit } = require('../../../src/core/config/lint/osloEdits') as typeof import('../../../src/core/config/lint/osloEdits');
  const iniset = (text: string, section: string, key: string, value: string): string =>
    applyEdits(text, [setOptionEdit(parseOsloIni(text), section, key, value)]);

  it('replaces the value oslo reads and keeps every other byte', () => {
    assert.equal(
      iniset(
        '[DEFAULT]\r\n# c\r\ncompute_driver = libvirt.LibvirtDriver\r\n[docker]\r\n',
        'DEFAULT',
        'compute_driver',
        'novadocker.virt.docker.driver.DockerDriver',
      ),
      '[DEFAULT]\r\n# c\r\ncompute_driver = novadocker.virt.docker.driver.DockerDriver\r\n[docker]\r\n',
    );
  });

  it('adds the option to its section, or the section at the end', () => {
    assert.equal(
      iniset('[DEFAULT]\ndebug = True\n\n[glance]\napi_servers = x\n', 'DEFAULT', 'my_ip', '10.0.0.1'),
      '[DEFAULT]\ndebug = True\nmy_ip = 10.0.0.1\n\n[glance]\napi_servers = x\n',
    );
    assert.equal(
      iniset('[DEFAULT]\ndebug = True\n', 'docker', 'vif_driver', 'novadocker.virt.docker.opencontrail.OpenContrailVIFDriver'),
      '[DEFAULT]\ndebug = True\n\n[docker]\nvif_driver = novadocker.virt.docker.opencontrail.OpenContrailVIFDriver\n',
    );
    assert.equal(iniset('', 'docker', 'vif_driver', 'x'), '[docker]\nvif_driver = x');
  });
});
