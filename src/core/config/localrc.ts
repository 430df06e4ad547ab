// devstack's localrc as bash sources it, for the subset devstack users write: assignments (with
// export, quotes across lines, $VAR/${VAR} references), devstack function calls, comments; anything
// else (conditionals, loops, other commands) is kept as an opaque statement. Exact ranges; never throws.
import { range, splitLines, type Position, type Range, type SourceLine } from './text';

export interface VariableReference {
  readonly name: string;
  readonly range: Range;
}

export interface Word {
  /** the word as written */
  readonly raw: string;
  /** the word after quote removal (references kept as written, e.g. "$ADMIN_PASSWORD") */
  readonly value: string;
  readonly range: Range;
  readonly references: readonly VariableReference[];
  /** contains $VAR, ${…}, $(…) or `…`, so its value is only known when bash runs */
  readonly expands: boolean;
}

export interface Assignment {
  readonly kind: 'assignment';
  readonly name: string;
  readonly nameRange: Range;
  /** the value as bash would assign it (quotes removed); references kept as written */
  readonly value: string;
  readonly rawValue: string;
  readonly valueRange: Range;
  readonly exported: boolean;
  readonly expands: boolean;
  readonly references: readonly VariableReference[];
  /** inside if/for/while/case/function: may not run */
  readonly conditional: boolean;
  readonly range: Range;
}

/** `NAME = value`, `NAME =value` or `NAME= value`: bash runs a command instead of assigning. */
export interface SpacedAssignment {
  readonly kind: 'spaced-assignment';
  readonly name: string;
  readonly nameRange: Range;
  readonly value: string;
  readonly range: Range;
  /** the text that makes it an assignment again: NAME=value */
  readonly fixed: string;
  /** `NAME=<value>`: the first `<` or `>` after the name, a redirection, so joining words is no fix */
  readonly redirection?: Range;
}

export interface FunctionCall {
  readonly kind: 'call';
  /** enable_service, disable_service, disable_all_services, enable_plugin, source (also for `.`) */
  readonly name: string;
  readonly nameRange: Range;
  readonly args: readonly Word[];
  readonly conditional: boolean;
  readonly range: Range;
}

export interface OpaqueStatement {
  readonly kind: 'opaque';
  readonly words: readonly Word[];
  readonly range: Range;
}

export interface Comment {
  readonly kind: 'comment';
  readonly text: string;
  readonly range: Range;
}

export type LocalrcStatement = Assignment | SpacedAssignment | FunctionCall | OpaqueStatement;

export interface LocalrcProblem {
  readonly code: 'unterminated-quote' | 'unterminated-expansion' | 'expansion-too-deep';
  readonly message: string;
  readonly range: Range;
}

export interface LocalrcDocument {
  readonly lines: readonly SourceLine[];
  readonly statements: readonly LocalrcStatement[];
  readonly comments: readonly Comment[];
  readonly problems: readonly LocalrcProblem[];
  readonly assignments: readonly Assignment[];
  readonly calls: readonly FunctionCall[];
}

const DEVSTACK_FUNCTIONS = new Set(['enable_service', 'disable_service', 'disable_all_services', 'enable_plugin', 'source']);
const OPENERS = new Set(['if', 'for', 'while', 'until', 'case', 'select', '{']);
const CLOSERS = new Set(['fi', 'done', 'esac', '}']);
/** keywords after which a statement starts on the same line */
const STATEMENT_KEYWORDS = new Set(['then', 'else', 'elif', 'do']);
/** operators that end a statement */
const EXPORT_WORDS = new Set(['export', 'declare', 'local', 'readonly']);
const REDIRECTIONS = new Set(['<', '>', '<<', '>>', '&>', '>&']);
const STATEMENT_ENDS = new Set([';', '&&', '||', '&', '|', ';;']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** ${…} and $(…) nested deeper than this are not read inside (bash would; no real localrc does) */
export const MAX_EXPANSION_DEPTH = 32;

type Token =
  | { readonly kind: 'word'; readonly word: Word; readonly text: string; readonly range: Range }
  | { readonly kind: 'op' | 'comment'; readonly text: string; readonly range: Range }
  | { readonly kind: 'newline' };

/** one token for every line end: only its kind is read */
const NEWLINE: Token = { kind: 'newline' };

/** Reads characters across lines, tracking positions. */
class Cursor {
  line: number;
  character = 0;
  constructor(
    private readonly lines: readonly SourceLine[],
    first: number,
    private readonly end: number,
  ) {
    this.line = first;
  }
  get done(): boolean {
    return (
      this.line >= this.end ||
      (this.line === this.end - 1 && this.character >= this.lines[this.line].text.length && this.lines[this.line].eol === '')
    );
  }
  get position(): Position {
    return { line: this.line, character: this.character };
  }
  /** the current character; '\n' at the end of a line */
  peek(ahead = 0): string {
    let line = this.line;
    let character = this.character + ahead;
    while (line < this.end) {
      const text = this.lines[line].text;
      if (character < text.length) return text[character];
      if (character === text.length) return this.lines[line].eol === '' && line === this.end - 1 ? '' : '\n';
      character -= text.length + 1;
      line += 1;
    }
    return '';
  }
  next(): string {
    const c = this.peek();
    if (c === '') return c;
    if (c === '\n') {
      this.line += 1;
      this.character = 0;
    } else {
      this.character += 1;
    }
    return c;
  }
  restOfLine(): string {
    return this.lines[this.line].text.slice(this.character);
  }
}

/** a word as it is read: its raw text, its value once quotes and escapes are taken off */
interface WordText {
  raw: string;
  value: string;
  expands: boolean;
  references: VariableReference[];
}

/** the ${ and $( still open while one expansion is read, innermost last */
interface ExpansionState {
  text: string;
  open: { kind: '${' | '$('; depth: number; start: Position }[];
  tooDeep: boolean;
}

class Scanner {
  readonly problems: LocalrcProblem[] = [];
  constructor(private readonly cur: Cursor) {}

  /** Hands each token to `take` as it is read: a file's tokens are never all held at once. */
  scan(take: (token: Token) => void): void {
    const cur = this.cur;
    while (!cur.done) {
      const c = cur.peek();
      if (c === '') break;
      if (c === ' ' || c === '\t') {
        cur.next();
        continue;
      }
      if (c === '\n') {
        cur.next();
        take(NEWLINE);
        continue;
      }
      const start = cur.position;
      if (c === '\\' && cur.peek(1) === '\n') {
        cur.next();
        cur.next();
        continue;
      }
      if (c === '#') {
        const text = cur.restOfLine();
        for (let i = 0; i < text.length; i++) cur.next();
        take({ kind: 'comment', text, range: range(start.line, start.character, start.line, start.character + text.length) });
        continue;
      }
      if (';&|<>()'.includes(c)) {
        let op = cur.next();
        const two = op + cur.peek();
        if (['&&', '||', ';;', '>>', '<<', '&>', '>&', '|&'].includes(two)) op += cur.next();
        take({ kind: 'op', text: op, range: range(start.line, start.character, cur.line, cur.character) });
        continue;
      }
      const word = this.word();
      take({ kind: 'word', word, text: word.raw, range: word.range });
    }
  }

  private word(): Word {
    const cur = this.cur;
    const start = cur.position;
    const w: WordText = { raw: '', value: '', expands: false, references: [] };
    for (;;) {
      const c = cur.peek();
      if (c === '' || c === ' ' || c === '\t' || c === '\n' || ';&|<>()'.includes(c)) break;
      if (c === '\\') {
        this.take(w);
        const escaped = cur.peek();
        if (escaped === '\n') {
          this.take(w);
          continue;
        }
        if (escaped !== '') w.value += this.take(w);
      } else if (c === "'") this.singleQuoted(w);
      else if (c === '"') this.doubleQuoted(w);
      else if (c === '$' || c === '`') {
        const expansion = this.expansion(w.references);
        w.raw += expansion;
        w.value += expansion;
        w.expands = w.expands || expansion !== '$';
      } else w.value += this.take(w);
    }
    return { ...w, range: range(start.line, start.character, cur.line, cur.character) };
  }

  /** the next character, kept in the word's raw text */
  private take(w: WordText): string {
    const ch = this.cur.next();
    w.raw += ch;
    return ch;
  }

  private singleQuoted(w: WordText): void {
    const quoteStart = this.cur.position;
    this.take(w);
    for (;;) {
      const ch = this.cur.peek();
      if (ch === '') return this.unterminated("'", quoteStart);
      this.take(w);
      if (ch === "'") return;
      w.value += ch;
    }
  }

  private doubleQuoted(w: WordText): void {
    const cur = this.cur;
    const quoteStart = cur.position;
    this.take(w);
    for (;;) {
      const ch = cur.peek();
      if (ch === '') return this.unterminated('"', quoteStart);
      if (ch === '"') {
        this.take(w);
        return;
      }
      if (ch === '\\') {
        this.take(w);
        const escaped = cur.peek();
        if (escaped === '\n') this.take(w);
        else if ('"\\$`'.includes(escaped) && escaped !== '') w.value += this.take(w);
        else w.value += '\\';
      } else if (ch === '$' || ch === '`') {
        const expansion = this.expansion(w.references);
        w.raw += expansion;
        w.value += expansion;
        w.expands = true;
      } else w.value += this.take(w);
    }
  }

  /**
   * $NAME, ${…}, $(…), $((…)), `…`, nested to any depth; returns the text consumed. Read with an
   * explicit stack of the open ${ and $( (no recursion: 4,500 nested ${ must not overflow the call
   * stack); deeper than MAX_EXPANSION_DEPTH, a $ is read as a plain character and that is a problem.
   */
  private expansion(references: VariableReference[]): string {
    const state: ExpansionState = { text: '', open: [], tooDeep: false };
    this.expansionHead(state, references);
    while (state.open.length > 0 && this.expansionStep(state, references));
    return state.text;
  }

  /** one expansion's head at the cursor: the whole of a simple one, the opening of ${ and $( */
  private expansionHead(state: ExpansionState, references: VariableReference[]): void {
    const cur = this.cur;
    const start = cur.position;
    const first = cur.next();
    state.text += first;
    if (first === '`') {
      state.text += this.backquoted(start);
      return;
    }
    const c = cur.peek();
    if (c === '{') {
      state.text += cur.next();
      state.text += this.name(references, (n) => NAME.test(n));
      state.open.push({ kind: '${', depth: 1, start });
    } else if (c === '(') {
      state.open.push({ kind: '$(', depth: 0, start });
    } else if (/[A-Za-z_]/.test(c) && c !== '') {
      state.text += this.name(references, () => true);
    } else if (/[0-9@*#?$!-]/.test(c) && c !== '') {
      state.text += cur.next();
    }
  }

  /** reads one character (or a nested head) inside the innermost open expansion; false at the end of input */
  private expansionStep(state: ExpansionState, references: VariableReference[]): boolean {
    const cur = this.cur;
    const { open } = state;
    const frame = open[open.length - 1];
    const ch = cur.peek();
    if (ch === '') {
      // the outermost open one says it: the ones inside it are not closed either
      const outer = open[0];
      const message = outer.kind === '${' ? '${… is not closed with }' : '$(… is not closed with )';
      this.problems.push({
        code: 'unterminated-expansion',
        message,
        range: range(outer.start.line, outer.start.character, cur.line, cur.character),
      });
      return false;
    }
    const nested = frame.kind === '${' ? ch === '$' || ch === '`' : ch === '$' && frame.depth > 0;
    const opensAnother = ch === '$' && (cur.peek(1) === '{' || cur.peek(1) === '(');
    if (nested && !(opensAnother && open.length >= MAX_EXPANSION_DEPTH)) {
      this.expansionHead(state, references);
      return true;
    }
    if (nested && !state.tooDeep) {
      state.tooDeep = true;
      const at = cur.position;
      this.problems.push({
        code: 'expansion-too-deep',
        message: `expansions nested more than ${MAX_EXPANSION_DEPTH} deep: what is inside the deeper ones is not checked`,
        range: range(at.line, at.character, at.line, at.character + 2),
      });
    }
    // a $ past the depth limit is read as a character: its { or ( still counts, so the braces stay paired
    state.text += cur.next();
    const [opening, closing] = frame.kind === '${' ? ['{', '}'] : ['(', ')'];
    if (ch === opening) frame.depth += 1;
    if (ch === closing && --frame.depth === 0) open.pop();
    return true;
  }

  /** The rest of `…` after its opening backquote (which is not nested here). */
  private backquoted(start: Position): string {
    const cur = this.cur;
    let text = '';
    for (;;) {
      const ch = cur.peek();
      if (ch === '') {
        this.problems.push({
          code: 'unterminated-expansion',
          message: 'command substitution `…` is not closed',
          range: range(start.line, start.character, cur.line, cur.character),
        });
        break;
      }
      text += cur.next();
      if (ch === '\\') {
        text += cur.next();
        continue;
      }
      if (ch === '`') break;
    }
    return text;
  }

  /** A variable name at the cursor, recorded as a reference when `isReference` says it is one. */
  private name(references: VariableReference[], isReference: (name: string) => boolean): string {
    const cur = this.cur;
    const nameStart = cur.position;
    let name = '';
    while (/[A-Za-z0-9_]/.test(cur.peek()) && cur.peek() !== '') name += cur.next();
    if (isReference(name)) references.push({ name, range: range(nameStart.line, nameStart.character, cur.line, cur.character) });
    return name;
  }

  private unterminated(quote: string, at: Position): void {
    this.problems.push({
      code: 'unterminated-quote',
      message: `the ${quote === '"' ? 'double' : 'single'} quote opened here is never closed: bash reads the rest of the file into this value`,
      range: range(at.line, at.character, at.line, at.character + 1),
    });
  }
}

function spanOf(words: readonly { range: Range }[]): Range {
  return { start: words[0].range.start, end: words[words.length - 1].range.end };
}

function assignmentOf(word: Word, exported: boolean, conditional: boolean, statementRange: Range): Assignment | undefined {
  const eq = word.raw.indexOf('=');
  if (eq <= 0 || !NAME.test(word.raw.slice(0, eq))) return undefined;
  const name = word.raw.slice(0, eq);
  const start = word.range.start;
  // the name sits on the word's first line, so plain column arithmetic holds
  const valueStart = { line: start.line, character: start.character + eq + 1 };
  const valueRange: Range = { start: valueStart, end: word.range.end };
  return {
    kind: 'assignment',
    name,
    exported,
    conditional,
    nameRange: range(start.line, start.character, start.line, start.character + eq),
    value: word.value.slice(word.value.indexOf('=') + 1),
    rawValue: word.raw.slice(eq + 1),
    valueRange,
    expands: word.expands,
    references: word.references,
    range: statementRange,
  };
}

export interface LocalrcParseOptions {
  readonly firstLine?: number;
  readonly endLine?: number;
}

export function parseLocalrc(text: string, options: LocalrcParseOptions = {}): LocalrcDocument {
  return parseLocalrcLines(splitLines(text), options);
}

export function parseLocalrcLines(lines: readonly SourceLine[], options: LocalrcParseOptions = {}): LocalrcDocument {
  const first = options.firstLine ?? 0;
  const end = Math.min(options.endLine ?? lines.length, lines.length);
  const scanner = new Scanner(new Cursor(lines, first, end));
  const reader = new StatementReader();
  scanner.scan((token) => reader.token(token));
  reader.finish();
  const { statements, comments } = reader;
  return {
    lines,
    statements,
    comments,
    problems: scanner.problems,
    assignments: statements.filter((s): s is Assignment => s.kind === 'assignment'),
    calls: statements.filter((s): s is FunctionCall => s.kind === 'call'),
  };
}

const isFunctionHead = (head: string, current: readonly Word[]): boolean =>
  head === 'function' || /^[A-Za-z_][A-Za-z0-9_-]*\(\)$/.test(head) || (current.length > 1 && current[1].raw === '()');

/** Groups the scanner's words into statements, keeping track of the blocks they sit in. */
class StatementReader {
  readonly statements: LocalrcStatement[] = [];
  readonly comments: Comment[] = [];
  private depth = 0;
  private words: Word[] = [];
  /** the first redirection operator of the statement being read */
  private redirection?: Range;

  token(token: Token): void {
    if (token.kind === 'op' && REDIRECTIONS.has(token.text)) this.redirection ??= token.range;
    if (token.kind === 'word') this.words.push(token.word);
    else if (token.kind === 'comment') {
      this.finish();
      this.comments.push({ kind: 'comment', text: token.text, range: token.range });
    } else if (token.kind === 'newline' || (token.kind === 'op' && STATEMENT_ENDS.has(token.text))) this.finish();
    else if (token.kind === 'op' && token.text === '(' && this.words.length === 1) {
      this.words.push({ ...this.words[0], raw: '()', value: '()', references: [], expands: false, range: token.range });
    }
  }

  finish(): void {
    const words = this.words;
    const redirection = this.redirection;
    this.words = [];
    this.redirection = undefined;
    // `then A=1`, `do enable_service x`: the keyword is a statement of its own, and what follows it
    // the next one (a loop, not a call per keyword: `then then then …` must not nest calls)
    let first = 0;
    while (first < words.length && STATEMENT_KEYWORDS.has(words[first].raw) && words[first + 1]?.raw !== '()') {
      this.statements.push({ kind: 'opaque', words: [words[first]], range: words[first].range });
      first += 1;
    }
    if (first < words.length) this.statement(first === 0 ? words : words.slice(first), redirection);
  }

  private statement(current: Word[], redirection?: Range): void {
    const head = current[0].raw;
    const statementRange = spanOf(current);
    if (OPENERS.has(head) || isFunctionHead(head, current)) {
      this.statements.push({ kind: 'opaque', words: current, range: statementRange });
      if (OPENERS.has(head) && head !== '{') this.depth += 1;
      return;
    }
    if (CLOSERS.has(head)) {
      this.depth = Math.max(0, this.depth - 1);
      this.statements.push({ kind: 'opaque', words: current, range: statementRange });
      return;
    }
    if (this.assignments(current, head, statementRange) || this.spacedAssignment(current, head, statementRange, redirection)) return;
    const callName = head === '.' ? 'source' : head;
    if (DEVSTACK_FUNCTIONS.has(callName)) {
      this.statements.push({
        kind: 'call',
        name: callName,
        nameRange: current[0].range,
        args: current.slice(1),
        conditional: this.depth > 0,
        range: statementRange,
      });
      return;
    }
    this.statements.push({ kind: 'opaque', words: current, range: statementRange });
  }

  /** `A=1`, `export A=1 B=2`: every word an assignment */
  private assignments(current: Word[], head: string, statementRange: Range): boolean {
    const exported = EXPORT_WORDS.has(head);
    const candidates = exported ? current.slice(1) : current;
    const assignments = candidates.map((w) => assignmentOf(w, exported, this.depth > 0, statementRange));
    if (candidates.length === 0 || !assignments.every((a) => a !== undefined)) return false;
    // one assignment spans the statement (as assignmentOf made it); several each their own words
    for (const a of assignments)
      if (a) this.statements.push(candidates.length === 1 ? a : { ...a, range: spanOf([{ range: a.nameRange }, { range: a.valueRange }]) });
    return true;
  }

  /** `A = 1`, `A =1`, `A= 1`: bash runs a command A; the fix joins them */
  private spacedAssignment(current: Word[], head: string, statementRange: Range, redirection?: Range): boolean {
    if (NAME.test(head) && current.length >= 2 && current[1].raw.startsWith('=')) {
      const valueWords =
        current[1].raw === '='
          ? current.slice(2)
          : [{ ...current[1], raw: current[1].raw.slice(1), value: current[1].value.slice(1) }, ...current.slice(2)];
      const value = valueWords.map((w) => w.raw).join(' ');
      this.statements.push({
        kind: 'spaced-assignment',
        name: head,
        nameRange: current[0].range,
        value,
        range: statementRange,
        fixed: `${head}=${valueWords.length > 1 ? `"${value.replace(/"/g, '\\"')}"` : value}`,
      });
      return true;
    }
    // `export A=<x>` is the same mistake as `A=<x>`; `export A= b` is not a spaced assignment (it exports b too)
    const exported = current.length >= 3 && EXPORT_WORDS.has(head) && redirection !== undefined ? 1 : 0;
    const nameWord = current[exported];
    const trailingEq = /^([A-Za-z_][A-Za-z0-9_]*)=$/.exec(nameWord.raw);
    if (!trailingEq || current.length < 2 + exported) return false;
    const valueWords = current.slice(1 + exported);
    const value = valueWords.map((w) => w.raw).join(' ');
    const at = nameWord.range.start;
    // `A=<x>`: the words after `A=` are a redirection's target, not a value written after a space
    const redirected =
      redirection && redirection.start.line === at.line && redirection.start.character === nameWord.range.end.character
        ? { redirection }
        : {};
    if (exported === 1 && !redirected.redirection) return false;
    this.statements.push({
      kind: 'spaced-assignment',
      name: trailingEq[1],
      nameRange: range(at.line, at.character, at.line, at.character + trailingEq[1].length),
      value,
      range: statementRange,
      fixed: `${trailingEq[1]}=${valueWords.length > 1 ? `"${value}"` : value}`,
      ...redirected,
    });
    return true;
  }
}
