// localrc (or local.conf's [[local|localrc]]): VIRT_DRIVER=docker, neutron with the Contrail plugin
// from the configured repository and branch, nova-network off. Line-preserving edits.
import { enabledServices } from '../../config/lint/localrcRules';
import { isLocalrcSection, parseLocalConf } from '../../config/localConf';
import { parseLocalrc, parseLocalrcLines, type LocalrcDocument } from '../../config/localrc';
import { applyEdits, splitLines, type TextEdit } from '../../config/text';
import { shellQuote } from '../../remote/shellQuote';
import type { DevstackEra } from '../../schema/releases';
import { redactUrlCredentials } from '../../text/urlCredentials';
import { bytesOf, eolOf, textOf } from '../fileText';
import type { ProvisionSettings } from '../settings';
import { defineStep } from '../step';

interface Missing {
  /** as the plan says it (values redacted) */
  readonly planned: string;
  /** as the tree says it, and where in the tree's list */
  readonly shown: string;
  readonly order: number;
}

/** Edits for a localrc body (lines [first, end) of text): set variables, disable n-net, enable neutron. */
function localrcEdits(
  t: string,
  doc: LocalrcDocument,
  era: DevstackEra,
  settings: ProvisionSettings,
  endLine: number,
): { edits: TextEdit[]; missing: Missing[] } {
  const eol = eolOf(t);
  const lines = splitLines(t);
  // [name, value, the tree's position, whether the tree names the value when the variable is unset]
  const wanted: [string, string, number, boolean][] = [
    ['VIRT_DRIVER', 'docker', 0, true],
    ['Q_PLUGIN', 'contrail', 3, true],
    ['NEUTRON_REPO', settings.NEUTRON_REPO, 4, false],
    ['NEUTRON_BRANCH', settings.NEUTRON_BRANCH, 5, false],
  ];
  const edits: TextEdit[] = [];
  const appended: string[] = [];
  const missing: Missing[] = [];
  for (const [name, value, order, valueWhenUnset] of wanted) {
    const last = doc.assignments.filter((a) => a.name === name && !a.conditional).pop();
    if (last?.value === value) continue;
    // the plan text shows NEUTRON_REPO without its token; the file gets it whole
    const planned = `${name}=${redactUrlCredentials(value)}`;
    missing.push({ planned, shown: last || valueWhenUnset ? planned : name, order });
    if (last) edits.push({ range: last.valueRange, newText: shellQuote(value) });
    else appended.push(`${name}=${shellQuote(value)}`);
  }
  const enabled = enabledServices(doc, era);
  for (const [needed, line, order] of [
    [enabled.has('n-net'), 'disable_service n-net', 1],
    [!enabled.has('neutron') || !enabled.has('q-svc'), 'enable_service neutron q-svc', 2],
  ] as const) {
    if (!needed) continue;
    appended.push(line);
    missing.push({ planned: line, shown: line, order });
  }
  if (appended.length > 0) {
    let last = endLine - 1;
    while (last >= 0 && lines[last].text.trim() === '' && last >= (doc.statements[0]?.range.start.line ?? 0)) last -= 1;
    const block = ['# nova-docker + OpenContrail (devstack-contrail)', ...appended].join(eol);
    if (last < 0) edits.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: block + eol });
    else
      edits.push({
        range: { start: { line: last, character: lines[last].text.length }, end: { line: last, character: lines[last].text.length } },
        newText: eol + block,
      });
  }
  return { edits, missing };
}

export const localrcStep = defineStep({
  id: 'localrc',
  title: 'localrc settings',
  needs: ({ devstackDir }) => ({ files: [`${devstackDir}/localrc`, `${devstackDir}/local.conf`] }),
  judge({ layout, era, settings, file }) {
    const localrcPath = `${layout.devstackDir}/localrc`;
    const localConfPath = `${layout.devstackDir}/local.conf`;
    const localrc = file(localrcPath);
    const localConf = file(localConfPath);
    const useConf = !localrc.exists && localConf.exists;
    const path = useConf ? localConfPath : localrcPath;
    const state = useConf ? localConf : localrc;
    const title = `${useConf ? 'local.conf' : 'localrc'} settings`;
    const t = textOf(state);
    let edits: TextEdit[];
    let missing: Missing[];
    if (useConf) {
      const conf = parseLocalConf(t);
      const section = conf.sections.find((s) => isLocalrcSection(s.phase, s.file));
      if (section && section.body.kind === 'localrc')
        ({ edits, missing } = localrcEdits(t, section.body.document, era, settings, section.bodyEnd));
      else {
        const body = localrcEdits('', parseLocalrcLines(splitLines('')), era, settings, 0);
        missing = body.missing;
        edits = [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            newText: `[[local|localrc]]${eolOf(t)}${applyEdits('', body.edits)}${eolOf(t)}`,
          },
        ];
      }
    } else {
      ({ edits, missing } = localrcEdits(t, parseLocalrc(t), era, settings, splitLines(t).length));
    }
    if (edits.length === 0) {
      return {
        status: 'applied',
        title,
        message: `${path} already has the nova-docker + OpenContrail settings`,
        detail: 'VIRT_DRIVER=docker, neutron with Q_PLUGIN=contrail',
      };
    }
    const shown = [...missing].sort((a, b) => a.order - b.order).map((m) => m.shown);
    return {
      status: 'needed',
      title,
      message: `${path}: ${missing.map((m) => m.planned).join(', ')}`,
      detail: `missing: ${shown.join(', ')}`,
      changes: [{ path, before: state.data, after: bytesOf(state, applyEdits(t, edits)), mode: state.mode, check: 'bash' }],
    };
  },
});
