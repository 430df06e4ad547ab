import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../../../../src/core/config/lint/lint';
import { applyEdits } from '../../../../src/core/config/text';

const ZWSP = '\u200B';
const NBSP = '\u00A0';
const BOM = '\uFEFF';

const invisible = (text: string, fileName: string) =>
  lint(text, { fileName, release: 'epoxy', releaseOrigin: 'test' }).findings.filter((f) => f.code === 'DC003');

describe('DC003: invisible characters that change what devstack and oslo.config read', () => {
  it('reports a zero-width space after False in nova.conf, with a fix that removes it', () => {
    const text = `[DEFAULT]\ndebug = False${ZWSP}\n`;
    const [finding] = invisible(text, 'nova.conf');
    assert.equal(finding.range.start.line, 1);
    assert.equal(finding.range.start.character, 'debug = False'.length);
    assert.match(finding.message, /U\+200B/);
    assert.equal(applyEdits(text, finding.fixes?.[0].edits ?? []), '[DEFAULT]\ndebug = False\n');
  });

  it('reports a no-break space and a byte order mark inside a localrc; the no-break space becomes a space', () => {
    const text = `HOST_IP=10.0.0.1\nADMIN_PASSWORD=secret${NBSP}\n${BOM}SERVICE_HOST=$HOST_IP\n`;
    const findings = invisible(text, 'localrc');
    assert.deepEqual(
      findings.map((f) => f.range.start.line),
      [1, 2],
    );
    assert.equal(
      applyEdits(
        text,
        findings.flatMap((f) => f.fixes?.[0].edits ?? []),
      ),
      'HOST_IP=10.0.0.1\nADMIN_PASSWORD=secret \nSERVICE_HOST=$HOST_IP\n',
    );
  });

  it("leaves comments alone (bash's after code too; oslo.config has no inline comments)", () => {
    assert.deepEqual(invisible(`[DEFAULT]\n# a note${ZWSP}\n; another${NBSP}\ndebug = False\n`, 'nova.conf'), []);
    assert.deepEqual(invisible(`HOST_IP=10.0.0.1 # the host${NBSP}ip\n`, 'localrc'), []);
    assert.equal(invisible(`[DEFAULT]\ndebug = False # note${ZWSP}\n`, 'nova.conf').length, 1);
  });
});
