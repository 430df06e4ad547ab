import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// What ships: every runtime dependency is used, and the remote bundle carries no code it never runs.
const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

interface Metafile {
  inputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
  outputs: Record<string, { inputs: Record<string, unknown>; imports: { path: string; external?: boolean }[] }>;
}

/** What scripts/build.mjs says went into dist/<bundle>.js: its source files, and the sources' imports. */
function bundled(bundle: string): { files: string[]; externals: string[]; imports: (file: string) => string[] } {
  const meta = JSON.parse(readFileSync(join(root, 'dist', 'meta', `${bundle}.json`), 'utf8')) as Metafile;
  const output = meta.outputs[`dist/${bundle}.js`];
  return {
    files: Object.keys(output.inputs).filter((p) => p.startsWith('src/')),
    externals: output.imports.filter((i) => i.external).map((i) => i.path),
    imports: (file) => (meta.inputs[file]?.imports ?? []).filter((i) => !i.external).map((i) => i.path),
  };
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.ts$/.test(name) ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('the bundle', () => {
  it('imports every runtime dependency package.json declares (src/ or the webviews)', () => {
    const code = [...sources(join(root, 'src')), ...sources(join(root, 'media', 'src'))].join('\n');
    const unused = Object.keys(pkg.dependencies).filter((name) => !code.includes(`'${name}'`) && !code.includes(`'${name}/`));
    assert.deepEqual(unused, []);
  });

  it("leaves dockerode's BuildKit code (gRPC, protobufjs) out of dist/remote.js, which still loads", () => {
    const bundle = join(root, 'dist', 'remote.js');
    assert.doesNotMatch(readFileSync(bundle, 'utf8'), /@grpc\/grpc-js|protobufjs|yargs/);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const remote = require(bundle) as { createRemoteRuntime?: unknown; FileLedger?: unknown };
    assert.equal(typeof remote.createRemoteRuntime, 'function');
  });

  it('keeps the remote runtime out of dist/extension.js: of core/provision only the settings check (config.ts reads it) and what it imports', () => {
    const extension = bundled('extension');
    assert.deepEqual(
      extension.files.filter((f) => f.startsWith('src/remote/')),
      [],
    );
    const settingsCheck = new Set<string>();
    const visit = (file: string): void => {
      if (settingsCheck.has(file)) return;
      settingsCheck.add(file);
      extension.imports(file).forEach(visit);
    };
    visit('src/core/provision/settings.ts');
    assert.deepEqual(
      extension.files.filter((f) => f.startsWith('src/core/provision/') && !settingsCheck.has(f)),
      [],
    );
    // the tree's step judgement and the probe now ride in dist/remote.js
    assert.ok(!extension.files.includes('src/core/provision/status.ts'));
    assert.ok(!extension.files.includes('src/core/devstack/probe.ts'));
  });

  it('builds dist/remote.js from src/remote/ alone: no VS Code side and no vscode import', () => {
    const remote = bundled('remote');
    assert.ok(remote.files.includes('src/remote/index.ts') && remote.files.includes('src/remote/hostSnapshots.ts'));
    assert.deepEqual(
      remote.files.filter((f) => !f.startsWith('src/remote/') && !f.startsWith('src/core/')),
      [],
    );
    assert.ok(!remote.externals.includes('vscode'));
  });
});
