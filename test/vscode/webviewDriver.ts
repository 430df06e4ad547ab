// Drives a webview from a test inside the extension host: the outer runner (run-code-server.js) runs
// the steps with Playwright in the frame that shows the first step's selector, and answers with what
// the `text`/`html`/`count`/`waitText` steps read.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type WebviewStep =
  | { do: 'waitFor' | 'click' | 'text' | 'html' | 'count'; selector: string; timeoutMs?: number }
  | { do: 'press'; selector: string; key: string; timeoutMs?: number }
  | { do: 'fill' | 'setValue'; selector: string; value: string; timeoutMs?: number }
  | { do: 'waitText'; selector: string; pattern: string; timeoutMs?: number }
  | { do: 'waitAttr'; selector: string; attr: string; min: number; timeoutMs?: number }
  | { do: 'screenshot'; name: string };

let counter = 0;

export async function driveWebview(steps: WebviewStep[], timeoutMs = 120_000): Promise<string[]> {
  return (await driveWebviewTimed(steps, timeoutMs)).values;
}

/** The same, with the time (ms since the epoch) at which each step ended. */
export async function driveWebviewTimed(steps: WebviewStep[], timeoutMs = 120_000): Promise<{ values: string[]; times: number[] }> {
  const dir = process.env.DEVSTACK_SCREENSHOT_DIR;
  if (!dir) throw new Error('webviews can be driven only under the code-server runner (npm run test:vscode)');
  const name = `webview-${process.pid}-${++counter}`;
  const answer = join(dir, `${name}.act-result.json`);
  rmSync(answer, { force: true });
  writeFileSync(join(dir, `${name}.act.json`), JSON.stringify(steps));
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(answer)) {
    if (Date.now() > deadline) throw new Error(`the runner did not answer ${name} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const result = JSON.parse(readFileSync(answer, 'utf8')) as { ok: boolean; values?: string[]; times?: number[]; error?: string };
  rmSync(answer, { force: true });
  if (!result.ok) throw new Error(`webview: ${result.error}`);
  return { values: result.values ?? [], times: result.times ?? [] };
}
