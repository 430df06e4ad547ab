// [docker] vif_driver = the OpenContrail VIF driver: in local.conf's [[post-config|$NOVA_CONF]] where
// devstack has local.conf (every stack.sh applies it), else in nova.conf (until stack.sh rewrites it).
import { OPENCONTRAIL_VIF_DRIVER } from '../../devstack/novaDocker';
import { setOptionEdit } from '../../config/lint/osloEdits';
import { parseLocalConf } from '../../config/localConf';
import { parseOsloIni, type OsloOption } from '../../config/osloIni';
import { applyEdits } from '../../config/text';
import { bytesOf, eolOf, textOf } from '../fileText';
import type { FileState } from '../reads';
import { defineStep, type Judgement } from '../step';

const NOVA_CONF = '/etc/nova/nova.conf';
const lastVifDriver = (options: readonly OsloOption[]): OsloOption | undefined =>
  [...options].reverse().find((o) => o.section === 'docker' && o.key === 'vif_driver');

function inLocalConf(confPath: string, conf: FileState): Judgement {
  // durable: stack.sh rewrites nova.conf, but applies [[post-config|$NOVA_CONF]] every run
  const t = textOf(conf);
  const doc = parseLocalConf(t);
  const section = doc.sections.find((s) => s.phase === 'post-config' && /^\$\{?NOVA_CONF\}?$/.test(s.file));
  const eol = eolOf(t);
  let after: string;
  let current: OsloOption | undefined;
  if (section && section.body.kind === 'ini') {
    current = lastVifDriver(section.body.document.options);
    if (current?.value === OPENCONTRAIL_VIF_DRIVER) {
      return {
        status: 'applied',
        message: `${confPath} [[post-config|$NOVA_CONF]] sets the OpenContrail VIF driver`,
        detail: 'in local.conf [[post-config|$NOVA_CONF]]',
      };
    }
    const header = { line: section.line, character: section.headerRange.end.character };
    after = applyEdits(t, [
      current
        ? { range: current.valueRange, newText: OPENCONTRAIL_VIF_DRIVER }
        : { range: { start: header, end: header }, newText: `${eol}[docker]${eol}vif_driver = ${OPENCONTRAIL_VIF_DRIVER}` },
    ]);
  } else {
    after = `${t}${t.endsWith('\n') || t === '' ? '' : eol}${eol}[[post-config|$NOVA_CONF]]${eol}[docker]${eol}vif_driver = ${OPENCONTRAIL_VIF_DRIVER}${eol}`;
  }
  return {
    status: 'needed',
    message: `${confPath}: [[post-config|$NOVA_CONF]] [docker] vif_driver (kept by every stack.sh)`,
    detail: current ? `local.conf [[post-config|$NOVA_CONF]] has ${current.value}` : 'not set',
    changes: [{ path: confPath, before: conf.data, after: bytesOf(conf, after), mode: conf.mode, check: 'text' }],
  };
}

function inNovaConf(nova: FileState): Judgement {
  if (!nova.exists)
    return {
      status: 'skipped',
      message: `${NOVA_CONF} is not there yet (stack.sh writes it); run again after stack.sh`,
      detail: 'no nova.conf yet (stack.sh writes it)',
    };
  const t = textOf(nova);
  const doc = parseOsloIni(t);
  const current = lastVifDriver(doc.options);
  if (current?.value === OPENCONTRAIL_VIF_DRIVER)
    return { status: 'applied', message: `${NOVA_CONF} sets the OpenContrail VIF driver`, detail: `nova.conf has ${current.value}` };
  return {
    status: 'needed',
    message: `${NOVA_CONF}: [docker] vif_driver — until the next stack.sh, which rewrites nova.conf (use local.conf to keep it)`,
    detail: current ? `nova.conf has ${current.value}` : 'not set',
    changes: [
      {
        path: NOVA_CONF,
        before: nova.data,
        after: bytesOf(nova, applyEdits(t, [setOptionEdit(doc, 'docker', 'vif_driver', OPENCONTRAIL_VIF_DRIVER)])),
        mode: nova.mode,
        check: 'ini',
      },
    ],
  };
}

export const novaVifDriverStep = defineStep({
  id: 'nova-vif-driver',
  title: '[docker] vif_driver',
  needs: ({ devstackDir }) => ({ files: [`${devstackDir}/local.conf`, `${devstackDir}/localrc`, NOVA_CONF] }),
  judge({ layout, file }) {
    const confPath = `${layout.devstackDir}/local.conf`;
    const conf = file(confPath);
    if (conf.exists && !file(`${layout.devstackDir}/localrc`).exists) return inLocalConf(confPath, conf);
    return inNovaConf(file(NOVA_CONF));
  },
});
