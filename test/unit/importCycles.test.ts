import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';

// No module imports itself through others (type-only imports count: each cycle so far was a type in the
// wrong module). `npm run lint` checks the same with dpdm; this keeps the unit tier's own proof.
const root = join(__dirname, '..', '..', '..');
const options: ts.CompilerOptions = { moduleResolution: ts.ModuleResolutionKind.Node10, allowJs: false };

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => join(dir, f));
}

/** Each file's imports and re-exports of other project files. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles.flatMap(({ fileName }) => {
      const resolved = fileName.startsWith('.') ? ts.resolveModuleName(fileName, file, options, ts.sys).resolvedModule : undefined;
      return resolved && !resolved.isExternalLibraryImport && !resolved.resolvedFileName.endsWith('.d.ts') ? [resolved.resolvedFileName] : [];
    });
    graph.set(file, targets);
  }
  return graph;
}

/** The cycles, one per strongly connected component of more than one file (Tarjan), as root-relative paths. */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file) ?? 0);
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) { visit(next); low.set(file, Math.min(low.get(file) ?? 0, low.get(next) ?? 0)); }
      else if (stack.includes(next)) low.set(file, Math.min(low.get(file) ?? 0, index.get(next) ?? 0));
    }
    if (low.get(file) !== index.get(file)) return;
    const component = stack.splice(stack.indexOf(file));
    if (component.length > 1 || graph.get(file)?.includes(file)) cycles.push(component.map((f) => relative(root, f)).sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

describe('imports', () => {
  it('form no cycle in src/ or media/src/', () => {
    const graph = importGraph([...sources(join(root, 'src')), ...sources(join(root, 'media', 'src'))]);
    assert.ok(graph.size > 100, `only ${graph.size} source files found`);
    assert.deepEqual(importCycles(graph), []);
  });

  it('finds a cycle through a type-only import', () => {
    const graph = new Map([['/a.ts', ['/b.ts']], ['/b.ts', ['/c.ts']], ['/c.ts', ['/a.ts']], ['/d.ts', ['/a.ts']]]);
    assert.deepEqual(importCycles(graph).map((c) => c.length), [3]);
  });
});
