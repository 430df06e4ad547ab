import type { SourceLine } from '../../../src/core/config/text';

/** The text split lines came from: what a lossless parse must give back. */
export function joinLines(lines: readonly SourceLine[]): string {
  return lines.map((l) => l.text + l.eol).join('');
}
