import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoverAt } from '../../src/core/config/language/hover';

/** What CommonMark shows for a backslash-escaped punctuation character: the character itself. */
const shown = (markdown: string): string => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('hover', () => {
  it('shows document text as written: a section name or file makes no link, image, command link or HTML', () => {
    const name = 'x ![a](https://evil.example/p.png) [run](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>';
    const section = hoverAt(`[${name}]\nfoo = 1\n`, { kind: 'oslo', service: 'nova' }, { line: 0, character: 3 }, 'zed');
    assert.equal(section?.markdown,
      '**[x \\!\\[a\\]\\(https\\://evil\\.example/p\\.png\\) \\[run\\]\\(command\\:workbench\\.action\\.terminal\\.new\\) \\<img src=x onerror=alert\\(1\\)\\>]**'
      + ' — not a section of nova in Zed (2022.2)');
    assert.ok(shown(section.markdown).includes(`[${name}]`));
    const option = hoverAt('[DEFAULT]\nx![a](//evil.example/p.png)<b>bold</b> = 1\n', { kind: 'oslo', service: 'nova' }, { line: 1, character: 2 }, 'zed');
    assert.match(option?.markdown ?? '', /^\*\*\[DEFAULT\] x\\!\\\[a\\\]\\\(\/\/evil\\\.example\/p\\\.png\\\)\\<b\\>bold\\<\/b\\>\*\* — not an option of nova/);
    const file = '<img src=x onerror=alert(1)>![y(command:z)';
    const conf = hoverAt(`[[post-config|${file}]]\n[DEFAULT]\n`, { kind: 'local.conf' }, { line: 0, character: 16 }, 'zed');
    assert.equal(conf?.markdown, '**\\<img src=x onerror=alert\\(1\\)\\>\\!\\[y\\(command\\:z\\)**');
  });
});
