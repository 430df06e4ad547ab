// Asks the outer runner for a screenshot of the workbench as it is now (the runner watches for
// <name>.request files in $DEVSTACK_SCREENSHOT_DIR and answers with <name>.png).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export async function screenshot(name: string, timeoutMs = 15_000): Promise<string | undefined> {
  const dir = process.env.DEVSTACK_SCREENSHOT_DIR;
  if (!dir) return undefined; // desktop VS Code (test:electron) has no outer browser to take one
  const png = join(dir, `${name}.png`);
  await new Promise((r) => setTimeout(r, 400)); // let the workbench paint the last change
  writeFileSync(join(dir, `${name}.request`), '');
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(png) || existsSync(join(dir, `${name}.request`))) {
    if (Date.now() > deadline) throw new Error(`no screenshot ${name} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return png;
}
