import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCircular, parseDependencyTree } from 'dpdm';

// No module imports itself through others; type-only imports count (each cycle so far was a type in
// the wrong module). The same checker, dpdm, as `npm run lint`, so the unit tier fails on a cycle too.
const root = join(__dirname, '..', '..', '..');

async function cycles(cwd: string, patterns: string[]): Promise<{ files: number; cycles: string[][] }> {
  const tree = await parseDependencyTree(patterns, { cwd, context: cwd, transform: false });
  return { files: Object.keys(tree).length, cycles: parseCircular(tree) };
}

describe('imports', () => {
  it('form no cycle in src/ or media/src/', async () => {
    const found = await cycles(root, ['src/**/*.ts', 'media/src/**/*.ts']);
    assert.ok(found.files > 100, `only ${found.files} source files found`);
    assert.deepEqual(found.cycles, []);
  });

  it('would find a cycle through a type-only import', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-cycle-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import type { B } from './b';\nexport const a = (b: B): B => b;\n");
      writeFileSync(join(dir, 'b.ts'), "import { a } from './a';\nexport type B = number;\nexport const b = a(1);\n");
      assert.deepEqual(
        (await cycles(dir, ['*.ts'])).cycles.map((c) => [...c].sort()),
        [['a.ts', 'b.ts']],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
