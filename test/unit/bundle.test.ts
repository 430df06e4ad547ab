import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// What ships: every runtime dependency is used, and the remote bundle carries no code it never runs.
const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

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
});
