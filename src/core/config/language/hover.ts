// Hover: what an option, variable, service, phase or value is, for the release the file is checked against.
import { OptionCatalog, normalizeGroup } from '../../schema/catalog';
import { devstackData } from '../../schema/devstack';
import { KNOWN_OPTION_VALUES } from '../../schema/knownValues';
import type { OsloService } from '../../schema/loader';
import { RELEASE_LABELS, eraOf, type Release } from '../../schema/releases';
import { serviceOfMetaSection } from '../fileType';
import type { LocalrcDocument } from '../localrc';
import { isLocalrcSection } from '../localConf';
import type { OsloDocument } from '../osloIni';
import type { ParsedFile } from '../parsedFile';
import { containsPosition, type Position, type Range } from '../text';
import { escapeMarkdown, markdownCode } from '../../text/markdown';
import { describeEntry, describeOption, describeVariable, releaseHistory } from './describe';
import { ownEntry } from '../../ownEntry';
import type { HeatSchemaSource } from '../../heat/heatSchema';
import { heatSchemaSource } from '../../heat/offlineHeatSchema';
import { hotHover } from '../hot/hotHover';

export interface Hover {
  readonly markdown: string;
  readonly range: Range;
}

function osloHover(doc: OsloDocument, position: Position, service: OsloService | undefined, release: Release): Hover | undefined {
  const section = doc.sections.find((s) => containsPosition(s.range, position));
  const catalog = service ? OptionCatalog.for(service, release) : undefined;
  if (section) {
    const group = catalog?.group(section.name);
    const renamed = catalog?.groupsRenamedFrom(section.name) ?? [];
    const text = group
      ? `**[${group.name}]**${group.schema.help ? `  \n${group.schema.help}` : ''}`
      : renamed.length
        ? `**[${escapeMarkdown(section.name)}]** — an old name of [${renamed.join('], [')}]`
        : `**[${escapeMarkdown(section.name)}]** — not a section of ${service ?? 'this file'} in ${RELEASE_LABELS[release]}`;
    return { markdown: text, range: section.nameRange };
  }
  const option = doc.options.find((o) => containsPosition(o.keyRange, position) || containsPosition(o.valueRange, position));
  if (!option || option.section === undefined || !catalog || !service) return undefined;
  const lookup = catalog.lookup(option.section, option.key);
  const onValue = containsPosition(option.valueRange, position) && !containsPosition(option.keyRange, position);
  if (lookup.kind !== 'option' && lookup.kind !== 'deprecated-name') {
    const named = `**[${escapeMarkdown(option.section)}] ${escapeMarkdown(option.key)}**`;
    return {
      markdown: `${named} — not an option of ${service} in ${RELEASE_LABELS[release]}  \n${releaseHistory(service, option.section, option.key, release)}`,
      range: option.keyRange,
    };
  }
  if (onValue) {
    const known = (ownEntry(KNOWN_OPTION_VALUES, `${normalizeGroup(lookup.group)}|${lookup.name}`) ?? []).find(
      (k) => k.value === option.value.trim(),
    );
    if (known) return { markdown: `${'`'}${known.value}${'`'}  \n${known.help}`, range: option.valueRange };
  }
  const described = describeOption(service, lookup.group, lookup.name, lookup.option, release);
  const renamed =
    lookup.kind === 'deprecated-name'
      ? `⚠ ${markdownCode(`[${option.section}] ${option.key}`)} is a deprecated name of this option\n\n`
      : '';
  return { markdown: renamed + described.markdown, range: onValue ? option.valueRange : option.keyRange };
}

function localrcHover(doc: LocalrcDocument, position: Position, release: Release): Hover | undefined {
  const data = devstackData();
  const era = eraOf(release);
  for (const a of doc.assignments) {
    if (containsPosition(a.nameRange, position))
      return { markdown: describeVariable(a.name, ownEntry(data.variables, a.name), era, release).markdown, range: a.nameRange };
    if (containsPosition(a.valueRange, position)) {
      const ref = a.references.find((r) => containsPosition(r.range, position));
      if (ref) return { markdown: describeVariable(ref.name, ownEntry(data.variables, ref.name), era, release).markdown, range: ref.range };
      const table = a.name === 'VIRT_DRIVER' ? data.virtDrivers : a.name === 'Q_PLUGIN' ? data.qPlugins : undefined;
      if (table)
        return {
          markdown: describeEntry(
            a.name === 'VIRT_DRIVER' ? 'hypervisor plugin' : 'neutron plugin',
            a.value,
            ownEntry(table, a.value),
            era,
          ),
          range: a.valueRange,
        };
    }
  }
  for (const s of doc.statements) {
    const words = s.kind === 'call' ? s.args : s.kind === 'opaque' ? s.words : [];
    for (const w of words) {
      const ref = w.references.find((r) => containsPosition(r.range, position));
      if (ref) return { markdown: describeVariable(ref.name, ownEntry(data.variables, ref.name), era, release).markdown, range: ref.range };
    }
  }
  for (const call of doc.calls) {
    if (containsPosition(call.nameRange, position))
      return { markdown: describeEntry('devstack function', call.name, ownEntry(data.functions, call.name), era), range: call.nameRange };
    if (call.name !== 'enable_service' && call.name !== 'disable_service') continue;
    for (const w of call.args) {
      if (!containsPosition(w.range, position)) continue;
      if (w.range.start.line !== w.range.end.line)
        return { markdown: describeEntry('service', w.value, ownEntry(data.services, w.value), era), range: w.range };
      let offset = w.range.start.character;
      for (const part of w.raw.split(',')) {
        const r: Range = {
          start: { line: w.range.start.line, character: offset },
          end: { line: w.range.start.line, character: offset + part.length },
        };
        if (containsPosition(r, position))
          return { markdown: describeEntry('service', part, ownEntry(data.services, part), era), range: r };
        offset += part.length + 1;
      }
    }
  }
  return undefined;
}

/** heat: where a Heat template's schemas come from (default: the offline data) */
export function hoverAt(parsed: ParsedFile, position: Position, release: Release, heat?: HeatSchemaSource): Hover | undefined {
  const { type } = parsed;
  if (parsed.hot) return hotHover(parsed.hot, parsed.lines[0].text.length, position, heatSchemaSource(heat));
  if (parsed.localrc) return localrcHover(parsed.localrc, position, release);
  if (parsed.oslo) return osloHover(parsed.oslo, position, type.kind === 'oslo' ? type.service : undefined, release);
  const doc = parsed.localConf;
  if (!doc) return undefined;
  const era = eraOf(release);
  const data = devstackData();
  for (const section of doc.sections) {
    if (containsPosition(section.phaseRange, position))
      return {
        markdown: describeEntry('local.conf phase', section.phase, ownEntry(data.metaSectionPhases, section.phase), era),
        range: section.phaseRange,
      };
    if (containsPosition(section.fileRange, position)) {
      const file = ownEntry(data.fileVariables, section.file.replace(/^\//, ''));
      const service = serviceOfMetaSection(section, doc);
      const text = isLocalrcSection(section.phase, section.file)
        ? '**localrc** — shell variables for stack.sh, written to .localrc.auto'
        : `**${escapeMarkdown(section.file)}**${file ? ` — ${file.path}` : ''}${service ? `  \nchecked as ${service} options (${RELEASE_LABELS[release]})` : ''}`;
      return { markdown: text, range: section.fileRange };
    }
    if (position.line >= section.bodyStart && position.line < section.bodyEnd) {
      if (section.body.kind === 'localrc') return localrcHover(section.body.document, position, release);
      return osloHover(section.body.document, position, serviceOfMetaSection(section, doc), release);
    }
  }
  return undefined;
}
