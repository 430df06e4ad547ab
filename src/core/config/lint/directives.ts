// In-file directives: `# devstack-contrail: release=icehouse`, `disable=CODE[,CODE]` (the next line,
// or this line after a statement), `disable-file=CODE[,CODE]`.
import type { SourceLine } from '../text';

export interface Directives {
  readonly release?: { readonly value: string; readonly line: number };
  readonly disabledFile: ReadonlySet<string>;
  /** line → codes disabled on it */
  readonly disabledLines: ReadonlyMap<number, ReadonlySet<string>>;
}

export const DIRECTIVE = /#\s*devstack-contrail:\s*(.*)$/;

function codes(text: string): string[] {
  return text
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c !== '');
}

export function readDirectives(lines: readonly SourceLine[]): Directives {
  let release: Directives['release'];
  const disabledFile = new Set<string>();
  const disabledLines = new Map<number, Set<string>>();
  lines.forEach((line, index) => {
    // a plain substring test first: most lines are not directives, and this runs on every lint
    if (!line.text.includes('devstack-contrail:')) return;
    const match = DIRECTIVE.exec(line.text);
    if (!match) return;
    const ownLine = line.text.trimStart().startsWith('#');
    let target = index;
    if (ownLine) {
      target = index + 1;
      while (target < lines.length && (lines[target].text.trim() === '' || lines[target].text.trimStart().startsWith('#'))) target += 1;
    }
    for (const part of match[1].trim().split(/\s+/)) {
      const [key, value = ''] = part.split('=');
      if (key === 'release' && value && !release) release = { value, line: index };
      else if (key === 'disable-file') codes(value).forEach((c) => disabledFile.add(c));
      else if (key === 'disable') {
        const set = disabledLines.get(target) ?? new Set<string>();
        codes(value).forEach((c) => set.add(c));
        disabledLines.set(target, set);
      }
    }
  });
  return { release, disabledFile, disabledLines };
}
