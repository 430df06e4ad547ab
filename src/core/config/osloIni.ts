// oslo.config's INI dialect, parsed as oslo_config/iniparser.py reads it, with exact ranges:
// `key = value` and `key: value` (whichever of '=' and ':' comes first), `#`/`;` comment lines,
// indented continuation lines (a blank line ends them), surrounding quotes stripped, and no inline
// comments — a `#` after a value is part of the value. Never throws.
import { lineRange, range, splitLines, type Range, type SourceLine } from './text';

export interface OsloSection {
  readonly kind: 'section';
  readonly name: string;
  readonly line: number;
  readonly range: Range;
  readonly nameRange: Range;
}

export interface OsloOption {
  readonly kind: 'option';
  /** the section the option is in, undefined before any header */
  readonly section: string | undefined;
  readonly key: string;
  readonly keyRange: Range;
  /** the value as oslo sees it: trimmed, quotes stripped, continuation lines joined with '\n' */
  readonly value: string;
  /** the value's text on the first line (before quote stripping) */
  readonly rawValue: string;
  readonly valueRange: Range;
  readonly separator: '=' | ':';
  readonly line: number;
  /** last line of the option (continuations included) */
  readonly endLine: number;
  /** the whole option, first character of the key to the end of its last continuation line */
  readonly range: Range;
}

export interface OsloComment {
  readonly kind: 'comment';
  readonly line: number;
  readonly text: string;
  readonly range: Range;
}

/**
 * Comment lines are most of a sample-style config: their text and range are made only when asked
 * for, so parsing a 10,000-line nova.conf allocates little (the CLI runs it once, cold).
 */
class CommentLine implements OsloComment {
  readonly kind = 'comment';
  constructor(
    readonly line: number,
    private readonly source: string,
  ) {}
  get text(): string {
    return this.source.slice(1).trimStart();
  }
  get range(): Range {
    return lineRange(this.line, 0, this.source.length);
  }
}

/** An option; its three ranges are made on first use (most options never need one). */
class OptionEntry implements OsloOption {
  readonly kind = 'option';
  constructor(
    readonly section: string | undefined,
    readonly key: string,
    readonly value: string,
    readonly rawValue: string,
    readonly separator: '=' | ':',
    readonly line: number,
    readonly endLine: number,
    private readonly keyStart: number,
    private readonly valueStart: number,
    private readonly endCharacter: number,
  ) {}
  get keyRange(): Range {
    return lineRange(this.line, this.keyStart, this.keyStart + this.key.length);
  }
  get valueRange(): Range {
    return lineRange(this.line, this.valueStart, this.valueStart + this.rawValue.length);
  }
  get range(): Range {
    return range(this.line, this.keyStart, this.endLine, this.endCharacter);
  }
}

export type OsloEntry = OsloSection | OsloOption | OsloComment;

export type OsloProblemCode = 'section-bracket' | 'section-name' | 'no-section' | 'invalid-line' | 'empty-key' | 'unexpected-continuation';

export interface OsloProblem {
  readonly code: OsloProblemCode;
  readonly message: string;
  readonly range: Range;
}

export interface OsloDocument {
  readonly lines: readonly SourceLine[];
  readonly entries: readonly OsloEntry[];
  readonly sections: readonly OsloSection[];
  readonly options: readonly OsloOption[];
  readonly problems: readonly OsloProblem[];
}

export interface OsloParseOptions {
  /** parse only lines [firstLine, endLine) of the text (a local.conf meta-section body) */
  readonly firstLine?: number;
  readonly endLine?: number;
  /** the section in force before any header (none in a plain file) */
  readonly initialSection?: string;
}

function stripQuotes(value: string): string {
  if (value.length >= 2 && value[0] === value[value.length - 1] && (value[0] === '"' || value[0] === "'")) return value.slice(1, -1);
  return value;
}

export function parseOsloIni(text: string, options: OsloParseOptions = {}): OsloDocument {
  return parseOsloLines(splitLines(text), options);
}

export function parseOsloLines(lines: readonly SourceLine[], parseOptions: OsloParseOptions = {}): OsloDocument {
  const reader = new OsloReader(parseOptions.initialSection);
  const end = Math.min(parseOptions.endLine ?? lines.length, lines.length);
  for (let line = parseOptions.firstLine ?? 0; line < end; line++) reader.read(line, lines[line].text);
  reader.flush();
  const { entries, sections, options, problems } = reader;
  return { lines, entries, sections, options, problems };
}

/** the option being read, while continuation lines may still extend it */
interface OpenOption {
  key: string;
  keyStart: number;
  valueStart: number;
  rawValue: string;
  separator: '=' | ':';
  section: string | undefined;
  line: number;
  parts: string[];
  endLine: number;
  endCharacter: number;
}

/** Reads an oslo INI file line by line, as oslo.config's parser does. */
class OsloReader {
  readonly entries: OsloEntry[] = [];
  readonly options: OsloOption[] = [];
  readonly sections: OsloSection[] = [];
  readonly problems: OsloProblem[] = [];
  private open?: OpenOption;

  constructor(private section: string | undefined) {}

  read(line: number, raw: string): void {
    const last = raw.charCodeAt(raw.length - 1);
    const text = last === 32 || last === 9 || last === 13 || last === 12 || last === 11 ? raw.trimEnd() : raw;
    if (text === '') return this.flush();
    if (text[0] === ' ' || text[0] === '\t') return this.continuation(line, text);
    this.flush();
    if (text[0] === '[') return this.header(line, text);
    if (text[0] === '#' || text[0] === ';') {
      this.entries.push(new CommentLine(line, text));
      return;
    }
    this.option(line, text);
  }

  flush(): void {
    const o = this.open;
    if (!o) return;
    const option = new OptionEntry(
      o.section,
      o.key,
      o.parts.length === 1 ? o.parts[0] : o.parts.join('\n'),
      o.rawValue,
      o.separator,
      o.line,
      o.endLine,
      o.keyStart,
      o.valueStart,
      o.endCharacter,
    );
    this.entries.push(option);
    this.options.push(option);
    this.open = undefined;
  }

  private problem(code: OsloProblem['code'], message: string, line: number, start: number, end: number): void {
    this.problems.push({ code, message, range: lineRange(line, start, end) });
  }

  private continuation(line: number, text: string): void {
    if (this.open) {
      this.open.parts.push(text.trimStart());
      this.open.endLine = line;
      this.open.endCharacter = text.length;
      return;
    }
    const indent = text.length - text.trimStart().length;
    this.problem(
      'unexpected-continuation',
      'indented line with no option before it: oslo.config reads indented lines as the continuation of the previous value',
      line,
      indent,
      text.length,
    );
  }

  private header(line: number, text: string): void {
    if (!text.endsWith(']')) return this.problem('section-bracket', `section header "${text}" has no closing "]"`, line, 0, text.length);
    if (text.length <= 2) return this.problem('section-name', 'section header has no name', line, 0, text.length);
    this.section = text.slice(1, -1);
    const header: OsloSection = {
      kind: 'section',
      name: this.section,
      line,
      range: lineRange(line, 0, text.length),
      nameRange: lineRange(line, 1, text.length - 1),
    };
    this.entries.push(header);
    this.sections.push(header);
  }

  private option(line: number, text: string): void {
    const colon = text.indexOf(':');
    const equal = text.indexOf('=');
    if (colon < 0 && equal < 0) {
      return this.problem(
        'invalid-line',
        `"${text}" is not "key = value", a [section] or a comment; oslo.config refuses the whole file`,
        line,
        0,
        text.length,
      );
    }
    const at = colon < 0 || (equal >= 0 && equal < colon) ? equal : colon;
    const keyText = text.slice(0, at);
    const key = keyText.trim();
    if (key === '') return this.problem('empty-key', 'a value with no option name before it', line, 0, text.length);
    if (this.section === undefined)
      this.problem('no-section', `option "${key}" comes before any [section] header; oslo.config refuses the file`, line, 0, text.length);
    const keyStart = keyText.length - keyText.trimStart().length;
    const afterSeparator = text.slice(at + 1);
    const valueStart = at + 1 + (afterSeparator.length - afterSeparator.trimStart().length);
    const rawValue = text.slice(valueStart);
    this.open = {
      key,
      keyStart,
      valueStart,
      rawValue,
      separator: text[at] as '=' | ':',
      section: this.section,
      line,
      parts: [stripQuotes(rawValue)],
      endLine: line,
      endCharacter: text.length,
    };
  }
}
