#!/usr/bin/env node
// The same VS Code suite under desktop VS Code via @vscode/test-electron: it downloads VS Code (needs
// internet), or uses VSCODE_EXECUTABLE=/path/to/code. Prints the same closing line as npm test.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runTests } = require('@vscode/test-electron');

const root = path.resolve(__dirname, '..', '..');
const results = path.join(root, 'test-results', 'vscode-electron.json');

async function main() {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'devstack-contrail-electron-'));
  fs.cpSync(path.join(root, 'examples'), workspace, { recursive: true });
  fs.mkdirSync(path.dirname(results), { recursive: true });
  fs.rmSync(results, { force: true });
  let exitCode = 0;
  try {
    await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'index.js'),
      extensionTestsEnv: { DEVSTACK_TEST_RESULTS: results },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } catch (error) {
    console.error(`[electron] ${error instanceof Error ? error.message : error}`);
    exitCode = 1;
  }
  const counts = fs.existsSync(results) ? JSON.parse(fs.readFileSync(results, 'utf8')) : { passed: 0, failed: 1 };
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exit(exitCode || (counts.failed > 0 ? 1 : 0));
}
main();
