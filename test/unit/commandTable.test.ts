import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { COMMAND_IDS } from '../../src/commands/ids';

// The command table and package.json name the same commands, and nothing else makes up a command id.
const root = join(__dirname, '..', '..', '..');
interface Contributed {
  command: string;
  enablement?: string;
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  activationEvents?: string[];
  contributes: {
    commands: Contributed[];
    menus: Record<string, { command?: string }[]>;
    viewsWelcome: { contents: string }[];
    languages: { id: string }[];
  };
};
const tableIds = Object.keys(COMMAND_IDS).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

describe('the command table', () => {
  it('has exactly the commands package.json contributes', () => {
    assert.deepEqual(tableIds, pkg.contributes.commands.map((c) => c.command).sort());
  });

  it("names every command the menus and the views' welcome links use", () => {
    const inMenus = Object.values(pkg.contributes.menus)
      .flat()
      .flatMap((item) => (item.command ? [item.command] : []));
    const inLinks = pkg.contributes.viewsWelcome.flatMap((w) => [...w.contents.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]));
    assert.ok(inMenus.length > 0 && inLinks.length > 0);
    assert.deepEqual(
      [...new Set([...inMenus, ...inLinks])].filter((id) => !tableIds.includes(id)),
      [],
    );
  });

  it('needs a trusted workspace exactly for the commands package.json enables only in one', () => {
    for (const contributed of pkg.contributes.commands) {
      const needsTrust = COMMAND_IDS[contributed.command as keyof typeof COMMAND_IDS]?.needsTrust;
      assert.equal(needsTrust, contributed.enablement?.includes('isWorkspaceTrusted') ?? false, contributed.command);
    }
  });

  it('is where every command id used in src/ comes from: none is built at run time', () => {
    const registering: string[] = [];
    const built: string[] = [];
    const unknown: string[] = [];
    for (const file of sourceFiles(join(root, 'src'))) {
      const text = readFileSync(file, 'utf8');
      const where = relative(root, file);
      if (text.includes('registerCommand(')) registering.push(where);
      for (const m of text.matchAll(
        /(?:registerCommand|executeCommand(?:<[^>]*>)?)\(\s*`[^`]*`|command:\s*`[^`]*`|\.command\s*=\s*`[^`]*`/g,
      ))
        built.push(`${where}: ${m[0]}`);
      for (const m of text.matchAll(/(?:command:\s*|\.command\s*=\s*|executeCommand(?:<[^>]*>)?\(\s*)['"]([\w.]+)['"]/g)) {
        const id = m[1];
        if (id.startsWith('devstackContrail.') && !tableIds.includes(id)) unknown.push(`${where}: ${id}`);
      }
    }
    assert.deepEqual(registering, [join('src', 'commands', 'index.ts')], 'commands are registered from the table only');
    assert.deepEqual(built, []);
    assert.deepEqual(unknown, []);
  });
});

describe('activationEvents', () => {
  it('holds only events VS Code does not generate from the contributions (commands, views, our languages)', () => {
    const ours = new Set(pkg.contributes.languages.map((l) => `onLanguage:${l.id}`));
    const generated = (pkg.activationEvents ?? []).filter((e) => e.startsWith('onCommand:') || e.startsWith('onView:') || ours.has(e));
    assert.deepEqual(generated, []);
  });
});
