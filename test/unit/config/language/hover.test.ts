import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoverAt } from '../../../../src/core/config/language/hover';
import { parseFile } from '../../../../src/core/config/parsedFile';

/** What CommonMark shows for a backslash-escaped punctuation character: the character itself. */
const shown = (markdown: string): string => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('hover', () => {
  it('shows document text as written: a section name or file makes no link, image, command link or HTML', () => {
    const name = 'x ![a](https://evil.example/p.png) [run](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>';
    const section = hoverAt(parseFile(`[${name}]\nfoo = 1\n`, { kind: 'oslo', service: 'nova' }), { line: 0, character: 3 }, 'zed');
    assert.equal(
      section?.markdown,
      '**[x \\!\\[a\\]\\(https\\://evil\\.example/p\\.png\\) \\[run\\]\\(command\\:workbench\\.action\\.terminal\\.new\\) \\<img src=x onerror=alert\\(1\\)\\>]**' +
        ' — not a section of nova in Zed (2022.2)',
    );
    assert.ok(shown(section.markdown).includes(`[${name}]`));
    const option = hoverAt(
      parseFile('[DEFAULT]\nx![a](//evil.example/p.png)<b>bold</b> = 1\n', { kind: 'oslo', service: 'nova' }),
      { line: 1, character: 2 },
      'zed',
    );
    assert.match(
      option?.markdown ?? '',
      /^\*\*\[DEFAULT\] x\\!\\\[a\\\]\\\(\/\/evil\\\.example\/p\\\.png\\\)\\<b\\>bold\\<\/b\\>\*\* — not an option of nova/,
    );
    const file = '<img src=x onerror=alert(1)>![y(command:z)';
    const conf = hoverAt(parseFile(`[[post-config|${file}]]\n[DEFAULT]\n`, { kind: 'local.conf' }), { line: 0, character: 16 }, 'zed');
    assert.equal(conf?.markdown, '**\\<img src=x onerror=alert\\(1\\)\\>\\!\\[y\\(command\\:z\\)**');
  });
});

describe('hover on what the file sets', () => {
  it('explains an oslo option with its default, help and releases, over the option name', () => {
    const hover = hoverAt(
      parseFile('[DEFAULT]\ncompute_driver = libvirt.LibvirtDriver\n', { kind: 'oslo', service: 'nova' }),
      { line: 1, character: 3 },
      'zed',
    );
    assert.match(
      hover?.markdown ?? '',
      /^\*\*\[DEFAULT\] compute_driver\*\* — string {2}\nDefault: \(none\)\n\nDefines which driver to use/,
    );
    assert.match(hover?.markdown ?? '', /Releases: Havana/);
    assert.deepEqual(hover?.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 14 } });
  });

  it('names one service of a comma-separated enable_service list, and a local.conf target', () => {
    const service = hoverAt(
      parseFile('VIRT_DRIVER=docker\nenable_service n-net,q-svc\n', { kind: 'localrc' }),
      { line: 1, character: 22 },
      'icehouse',
    );
    assert.match(service?.markdown ?? '', /^\*\*q-svc\*\* — service \(neutron\)/);
    assert.deepEqual(service?.range, { start: { line: 1, character: 21 }, end: { line: 1, character: 26 } });
    const target = hoverAt(
      parseFile('[[post-config|$NOVA_CONF]]\n[DEFAULT]\ndebug = true\n', { kind: 'local.conf' }),
      { line: 0, character: 16 },
      'zed',
    );
    assert.equal(target?.markdown, '**\\$NOVA_CONF** — /etc/nova/nova.conf  \nchecked as nova options (Zed (2022.2))');
  });
});
