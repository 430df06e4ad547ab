// The local.conf rules: its meta-section headers (phase, file target) and lines outside them; each
// body is linted by the localrc or oslo rules, against the service its target configures.
import { qPluginOf, serviceOfTarget } from '../fileType';
import type { LocalConfDocument } from '../localConf';
import type { LocalrcDocument } from '../localrc';
import type { OsloDocument } from '../osloIni';
import { OptionCatalog } from '../../schema/catalog';
import { knownIn, namesIn, type DevstackData } from '../../schema/devstack';
import type { OsloService } from '../../schema/loader';
import { eraOf, type Release } from '../../schema/releases';
import { closestName } from '../../text/editDistance';
import type { RawFinding } from './findings';
import { lintLocalrc } from './localrcRules';
import { lintOslo } from './osloRules';

/** The localrc bodies, and the INI bodies of a known service: what the release is chosen from. */
export function localConfBodies(doc: LocalConfDocument): {
  localrcs: LocalrcDocument[];
  oslo: { doc: OsloDocument; service: OsloService }[];
} {
  const qPlugin = qPluginOf(doc);
  const localrcs = doc.sections.flatMap((s) => (s.body.kind === 'localrc' ? [s.body.document] : []));
  const oslo = doc.sections.flatMap((s) => {
    const service = serviceOfTarget(s.file, qPlugin);
    return s.body.kind === 'ini' && service ? [{ doc: s.body.document, service }] : [];
  });
  return { localrcs, oslo };
}

export function lintLocalConf(doc: LocalConfDocument, data: DevstackData, release: Release): RawFinding[] {
  const era = eraOf(release);
  const out: RawFinding[] = doc.problems.map((p) => ({
    code: p.code === 'bad-meta-header' ? 'DS117' : 'DS116',
    message: p.message,
    range: p.range,
  }));
  const qPlugin = qPluginOf(doc);
  for (const section of doc.sections) {
    if (!knownIn(data.metaSectionPhases, section.phase, era)) {
      const typo = closestName(section.phase, namesIn(data.metaSectionPhases, era));
      const other = knownIn(data.metaSectionPhases, section.phase, era === '2014' ? 'current' : '2014')
        ? ' (it exists in later devstack)'
        : '';
      out.push({
        code: 'DS112',
        message: `devstack runs no "${section.phase}" phase${other}${typo ? `; did you mean "${typo}"?` : ''}`,
        range: section.phaseRange,
        fixes: typo ? [{ title: `Use "${typo}"`, edits: [{ range: section.phaseRange, newText: typo }], certain: false }] : undefined,
      });
    }
    if (/^\$\{?Q_PLUGIN_CONF_FILE\}?$/.test(section.file)) {
      out.push({
        code: 'DS113',
        message:
          'Q_PLUGIN_CONF_FILE is relative (etc/neutron/plugins/…): write /$Q_PLUGIN_CONF_FILE so devstack writes /etc/neutron/plugins/…',
        range: section.fileRange,
        fixes: [{ title: 'Write /$Q_PLUGIN_CONF_FILE', edits: [{ range: section.fileRange, newText: `/${section.file}` }], certain: true }],
      });
    }
    const bounds = { firstLine: section.bodyStart, endLine: section.bodyEnd };
    if (section.body.kind === 'localrc') {
      out.push(...lintLocalrc(section.body.document, { data, era, release, complete: true, anchor: section.headerRange }));
    } else {
      const service = serviceOfTarget(section.file, qPlugin);
      out.push(
        ...lintOslo(section.body.document, {
          service,
          catalog: service ? OptionCatalog.for(service, release) : undefined,
          release,
          wholeFile: false,
          bounds,
        }),
      );
    }
  }
  return out;
}
