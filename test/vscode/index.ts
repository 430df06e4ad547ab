// Runs the mocha suite inside the VS Code extension host (code-server or desktop VS Code) and
// writes the counts to $DEVSTACK_TEST_RESULTS for the outer runner's closing line.
import { writeFileSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // DEVSTACK_TEST_GREP runs only the matching tests while working on them (never set by npm test)
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 30_000,
    reporter: 'spec',
    grep: process.env.DEVSTACK_TEST_GREP || undefined,
  });
  const suiteDir = join(__dirname, 'suite');
  for (const file of readdirSync(suiteDir)
    .filter((f) => f.endsWith('.test.js'))
    .sort())
    mocha.addFile(join(suiteDir, file));
  return new Promise((resolve, reject) => {
    const failures: { title: string; error: string }[] = [];
    let passed = 0;
    const runner = mocha.run((failed) => {
      const results = process.env.DEVSTACK_TEST_RESULTS;
      if (results) writeFileSync(results, JSON.stringify({ passed, failed, failures }, null, 2));
      if (failed > 0) reject(new Error(`${failed} test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => {
      passed += 1;
    });
    runner.on('fail', (test, error: Error) => failures.push({ title: test.fullTitle(), error: String(error?.stack ?? error) }));
  });
}
