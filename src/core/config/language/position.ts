// What sits at a position of a devstack or oslo file: the shared first step of completion and hover.
import { serviceOfMetaSection } from '../fileType';
import type { MetaSection } from '../localConf';
import type { OsloDocument } from '../osloIni';
import type { ParsedFile } from '../parsedFile';
import { lineRange, type Position, type Range } from '../text';
import type { OsloService } from '../../schema/loader';

export type PositionContext =
  | { readonly kind: 'meta-phase'; readonly prefix: string; readonly range: Range; readonly section?: MetaSection }
  | { readonly kind: 'meta-file'; readonly prefix: string; readonly range: Range; readonly section: MetaSection }
  | { readonly kind: 'meta-header-start'; readonly range: Range }
  | { readonly kind: 'variable-name'; readonly prefix: string; readonly range: Range; readonly atStatementStart: boolean }
  | { readonly kind: 'variable-value'; readonly variable: string; readonly prefix: string; readonly range: Range }
  | { readonly kind: 'variable-reference'; readonly prefix: string; readonly range: Range }
  | { readonly kind: 'service'; readonly prefix: string; readonly range: Range; readonly call: string }
  | { readonly kind: 'section-name'; readonly prefix: string; readonly range: Range; readonly service?: OsloService }
  | {
      readonly kind: 'option-name';
      readonly section: string | undefined;
      readonly prefix: string;
      readonly range: Range;
      readonly service?: OsloService;
    }
  | {
      readonly kind: 'option-value';
      readonly section: string | undefined;
      readonly option: string;
      readonly prefix: string;
      readonly range: Range;
      readonly service?: OsloService;
    }
  | { readonly kind: 'none' };

const WORD_BEFORE = /[A-Za-z0-9_.\-/:$]*$/;

function localrcContext(line: string, position: Position): PositionContext {
  const before = line.slice(0, position.character);
  if (/(^|[^\\])#/.test(before.replace(/'[^']*'|"[^"]*"/g, ''))) return { kind: 'none' };
  const reference = /\$\{?([A-Za-z_][A-Za-z0-9_]*)?$/.exec(before);
  if (reference) {
    const prefix = reference[1] ?? '';
    return { kind: 'variable-reference', prefix, range: lineRange(position.line, position.character - prefix.length, position.character) };
  }
  const call = /^\s*(enable_service|disable_service)\s+(?:[^#]*[\s,])?([A-Za-z0-9_-]*)$/.exec(before);
  if (call)
    return {
      kind: 'service',
      call: call[1],
      prefix: call[2],
      range: lineRange(position.line, position.character - call[2].length, position.character),
    };
  const value = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(["']?)([^\s"']*)$/.exec(before);
  if (value)
    return {
      kind: 'variable-value',
      variable: value[1],
      prefix: value[3],
      range: lineRange(position.line, position.character - value[3].length, position.character),
    };
  const name = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_]*)?$/.exec(before);
  if (name) {
    const prefix = name[2] ?? '';
    const rest = /^[A-Za-z0-9_]*/.exec(line.slice(position.character))?.[0] ?? '';
    return {
      kind: 'variable-name',
      prefix,
      atStatementStart: !name[1].includes('export'),
      range: lineRange(position.line, position.character - prefix.length, position.character + rest.length),
    };
  }
  return { kind: 'none' };
}

function osloContext(doc: OsloDocument, line: string, position: Position, service: OsloService | undefined): PositionContext {
  const before = line.slice(0, position.character);
  if (/^\s*[#;]/.test(before)) return { kind: 'none' };
  const header = /^\[([^\]]*)$/.exec(before);
  if (header) {
    const end = line.indexOf(']', position.character);
    return { kind: 'section-name', prefix: header[1], service, range: lineRange(position.line, 1, end >= 0 ? end : line.length) };
  }
  const section = [...doc.sections].reverse().find((s) => s.line < position.line)?.name;
  const separator = before.search(/[=:]/);
  if (separator < 0) {
    if (/^\s/.test(before)) return { kind: 'none' };
    const keyEnd = line.search(/\s*[=:]/);
    return {
      kind: 'option-name',
      section,
      service,
      prefix: before.trim(),
      range: lineRange(position.line, 0, keyEnd >= 0 ? keyEnd : line.length),
    };
  }
  const option = before.slice(0, separator).trim();
  const prefix = WORD_BEFORE.exec(before.slice(separator + 1).trimStart())?.[0] ?? '';
  const valueStart = separator + 1 + (before.slice(separator + 1).length - before.slice(separator + 1).trimStart().length);
  return {
    kind: 'option-value',
    section,
    option,
    service,
    prefix,
    range: lineRange(position.line, Math.max(valueStart, position.character - prefix.length), line.length),
  };
}

export function contextAt(file: ParsedFile, position: Position): PositionContext {
  const { type } = file;
  const line = file.lines[position.line]?.text ?? '';
  if (file.localrc) return localrcContext(line, position);
  if (file.oslo) return osloContext(file.oslo, line, position, type.kind === 'oslo' ? type.service : undefined);
  const doc = file.localConf;
  if (!doc) return { kind: 'none' };
  const header = doc.sections.find((s) => s.line === position.line);
  if (header) {
    const bar = line.indexOf('|');
    if (position.character <= bar)
      return { kind: 'meta-phase', prefix: line.slice(2, position.character).trim(), range: header.phaseRange, section: header };
    return { kind: 'meta-file', prefix: line.slice(bar + 1, position.character).trim(), range: header.fileRange, section: header };
  }
  if (/^\[\[?$/.test(line.slice(0, position.character)))
    return { kind: 'meta-header-start', range: lineRange(position.line, 0, line.length) };
  const partialPhase = /^\[\[\s*([A-Za-z-]*)$/.exec(line.slice(0, position.character));
  if (partialPhase)
    return {
      kind: 'meta-phase',
      prefix: partialPhase[1],
      range: lineRange(position.line, position.character - partialPhase[1].length, position.character),
    };
  const section = [...doc.sections].reverse().find((s) => s.line < position.line);
  if (!section) return { kind: 'none' };
  if (section.body.kind === 'localrc') return localrcContext(line, position);
  return osloContext(section.body.document, line, position, serviceOfMetaSection(section, doc));
}
