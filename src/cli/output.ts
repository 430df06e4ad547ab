// How the CLI writes: whole lines on stdout and stderr that never run together (both streams usually
// share one terminal), and paths as the user can read them.
import { isAbsolute, relative, resolve } from 'node:path';

export type Write = (text: string) => void;

export class TerminalLines {
  /** whether the last thing written, on either stream, ended a line */
  private atLineStart = true;

  constructor(
    private readonly stdout: Write,
    private readonly stderr: Write,
  ) {}

  /** A line (or lines) of the report, on stdout. */
  out(text: string): void {
    this.line(this.stdout, text);
  }

  /** A line (or lines) of progress or diagnostics, on stderr. */
  err(text: string): void {
    this.line(this.stderr, text);
  }

  /** Output of a command as it comes (git clone, pip install), on stderr: chunks need not end lines. */
  errChunk(chunk: string): void {
    if (chunk === '') return;
    this.stderr(chunk);
    this.atLineStart = chunk.endsWith('\n');
  }

  private line(write: Write, text: string): void {
    write(`${this.atLineStart ? '' : '\n'}${text}${text.endsWith('\n') ? '' : '\n'}`);
    this.atLineStart = true;
  }
}

/** A path relative to the working folder when it is inside it, else absolute. */
export function displayPath(path: string, cwd = process.cwd()): string {
  const absolute = resolve(cwd, path);
  const inside = relative(cwd, absolute);
  if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) return inside;
  return absolute;
}
