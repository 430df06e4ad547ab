// Invisible characters that bash and oslo.config read as part of a name or value: `debug = False`
// followed by a zero-width space is not False, and `HOST_IP=10.0.0.1` with a no-break space is not that address.
import { lineRange, type SourceLine } from '../text';
import type { RawFinding } from './findings';

/** no-break and narrow no-break space, soft hyphen, zero-width and bidirectional controls, word joiners, BOM */
const INVISIBLE = /[\u00A0\u00AD\u200B-\u200F\u202A-\u202E\u202F\u2060-\u2064\uFEFF]+/g;
const SPACES = /[\u00A0\u202F]/;
/** the same characters, for a first look at a line that allocates nothing (most lines have none) */
const ANY_INVISIBLE = /[\u00A0\u00AD\u200B-\u200F\u202A-\u202E\u202F\u2060-\u2064\uFEFF]/;

function describe(run: string): string {
  const names = [...new Set([...run].map((c) => `U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`))];
  return names.join(', ');
}

/** Where a ` #` comment starts on a bash line (roughly: quotes are not followed), or the line's length. */
function inlineCommentStart(text: string): number {
  const at = text.search(/\s#/);
  return at < 0 ? text.length : at + 1;
}

/**
 * One finding per run of invisible characters outside comment lines, with a fix that removes them
 * (a no-break space becomes a plain space). A byte order mark at the very start of the file is left
 * alone: editors strip it before the text gets here.
 */
export function lintInvisibleCharacters(lines: readonly SourceLine[], dialect: 'bash' | 'oslo' | 'yaml', out: RawFinding[]): void {
  const commentStarts = dialect === 'oslo' ? '#;' : '#';
  lines.forEach(({ text }, line) => {
    if (!ANY_INVISIBLE.test(text)) return;
    const first = text.trimStart()[0];
    if (first === undefined || commentStarts.includes(first)) return;
    // bash's and YAML's comments may follow code (` # note`); oslo.config has none, a "#" there is part of the value
    const comment = dialect === 'oslo' ? text.length : inlineCommentStart(text);
    for (const match of text.matchAll(INVISIBLE)) {
      const start = match.index;
      if (start >= comment) break;
      const run = match[0];
      if (line === 0 && start === 0 && run === '\uFEFF') continue;
      const replacement = SPACES.test(run) ? ' ' : '';
      const range = lineRange(line, start, start + run.length);
      out.push({
        code: 'DC003',
        message: `invisible character${run.length > 1 ? 's' : ''} (${describe(run)}) here: ${dialect === 'yaml' ? 'YAML reads' : 'bash and oslo.config read'} ${run.length > 1 ? 'them' : 'it'} as part of the text, so the name or value is not what it looks like`,
        range,
        fixes: [
          {
            title: replacement ? 'Replace with a plain space' : 'Remove the invisible character',
            edits: [{ range, newText: replacement }],
            certain: true,
          },
        ],
      });
    }
  });
}
