// The steps of the nova-docker + OpenContrail setup as declarative file edits: each plans the change it
// needs (or says it is applied, or that a hand edit conflicts), line-preserving, from the current files.
import { editableText } from '../text/editableBytes';
import { enabledServices } from '../config/lint/localrcRules';
import { setOptionEdit } from '../config/lint/osloEdits';
import { NOVA_DOCKER_DRIVER } from '../config/lint/osloRules';
import { isLocalrcSection, parseLocalConf } from '../config/localConf';
import { parseLocalrc, parseLocalrcLines, type LocalrcDocument } from '../config/localrc';
import { parseOsloIni } from '../config/osloIni';
import { applyEdits, splitLines, type TextEdit } from '../config/text';
import { shellQuote } from '../remote/shellQuote';
import type { DevstackEra } from '../schema/releases';
import { DOCKER_FILTER_LINE, OPENCONTRAIL_VIF_DRIVER, type StepId } from './status';
import { requireDevstackCheckout } from './devstackCheckout';
import { UnreadableFileError, type FileState, type ProvisionTarget } from './target';
import { planNovaDocker } from './novaDockerStep';
import { checkProvisionSettings, type ProvisionSettings } from './settings';
import { CONTRAIL_NEUTRON_PLUGIN, DOCKER_HYPERVISOR_PLUGIN, DOCKER_ROOTWRAP_FILTERS } from './templates';
import { redactUrlCredentials } from '../text/urlCredentials';

import type { StepPlan } from './plan';

export type { FileChange, StepPlan } from './plan';

export { DEFAULT_SETTINGS, SETTING_NAMES, type ProvisionSettings } from './settings';

export interface PlanContext {
  readonly target: ProvisionTarget;
  readonly devstackDir: string;
  readonly settings: ProvisionSettings;
  /** files read once per plan */
  readonly files: Map<string, FileState>;
}

async function read(ctx: PlanContext, path: string): Promise<FileState> {
  let state = ctx.files.get(path);
  if (!state) {
    state = await ctx.target.read(path);
    ctx.files.set(path, state);
  }
  return state;
}

const text = (state: FileState): string => editableText(state.data).text;
/** the edited text of a file read as `state`, as bytes in that file's own encoding */
const bytesOf = (state: FileState, edited: string): Buffer => editableText(state.data).encode(edited);
const eolOf = (t: string): string => (t.includes('\r\n') ? '\r\n' : '\n');

/** Edits for a localrc body (lines [first, end) of text): set variables, disable n-net, enable neutron. */
function localrcEdits(t: string, doc: LocalrcDocument, era: DevstackEra, settings: ProvisionSettings, endLine: number): { edits: TextEdit[]; missing: string[] } {
  const eol = eolOf(t);
  const lines = splitLines(t);
  const wanted: [string, string][] = [['VIRT_DRIVER', 'docker'], ['Q_PLUGIN', 'contrail'], ['NEUTRON_REPO', settings.NEUTRON_REPO], ['NEUTRON_BRANCH', settings.NEUTRON_BRANCH]];
  const edits: TextEdit[] = [];
  const appended: string[] = [];
  const missing: string[] = [];
  for (const [name, value] of wanted) {
    const last = doc.assignments.filter((a) => a.name === name && !a.conditional).pop();
    if (last?.value === value) continue;
    // the plan text shows NEUTRON_REPO without its token; the file gets it whole
    missing.push(`${name}=${redactUrlCredentials(value)}`);
    if (last) edits.push({ range: last.valueRange, newText: shellQuote(value) });
    else appended.push(`${name}=${shellQuote(value)}`);
  }
  const enabled = enabledServices(doc, era);
  if (enabled.has('n-net')) { appended.push('disable_service n-net'); missing.push('disable_service n-net'); }
  if (!enabled.has('neutron') || !enabled.has('q-svc')) { appended.push('enable_service neutron q-svc'); missing.push('enable_service neutron q-svc'); }
  if (appended.length > 0) {
    let last = endLine - 1;
    while (last >= 0 && lines[last].text.trim() === '' && last >= (doc.statements[0]?.range.start.line ?? 0)) last -= 1;
    const block = ['# nova-docker + OpenContrail (devstack-contrail)', ...appended].join(eol);
    if (last < 0) edits.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: block + eol });
    else edits.push({ range: { start: { line: last, character: lines[last].text.length }, end: { line: last, character: lines[last].text.length } }, newText: eol + block });
  }
  return { edits, missing };
}

async function planLocalrc(ctx: PlanContext, era: DevstackEra): Promise<StepPlan> {
  const localrcPath = `${ctx.devstackDir}/localrc`;
  const localConfPath = `${ctx.devstackDir}/local.conf`;
  const localrc = await read(ctx, localrcPath);
  const localConf = await read(ctx, localConfPath);
  const useConf = !localrc.exists && localConf.exists;
  const path = useConf ? localConfPath : localrcPath;
  const state = useConf ? localConf : localrc;
  const t = text(state);
  let edits: TextEdit[];
  let missing: string[];
  if (useConf) {
    const conf = parseLocalConf(t);
    const section = conf.sections.find((s) => isLocalrcSection(s.phase, s.file));
    if (section && section.body.kind === 'localrc') ({ edits, missing } = localrcEdits(t, section.body.document, era, ctx.settings, section.bodyEnd));
    else {
      const body = localrcEdits('', parseLocalrcLines(splitLines('')), era, ctx.settings, 0);
      missing = body.missing;
      edits = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `[[local|localrc]]${eolOf(t)}${applyEdits('', body.edits)}${eolOf(t)}` }];
    }
  } else {
    ({ edits, missing } = localrcEdits(t, parseLocalrc(t), era, ctx.settings, splitLines(t).length));
  }
  if (edits.length === 0) return { id: 'localrc', status: 'applied', message: `${path} already has the nova-docker + OpenContrail settings`, changes: [] };
  return { id: 'localrc', status: 'needed', message: `${path}: ${missing.join(', ')}`, changes: [{ path, before: state.data, after: bytesOf(state, applyEdits(t, edits)), mode: state.mode, check: 'bash' }] };
}

const CONTRACT = ['neutron_plugin_create_nova_conf', 'neutron_plugin_install_agent_packages', 'neutron_plugin_configure_common', 'neutron_plugin_configure_debug_command',
  'neutron_plugin_configure_dhcp_agent', 'neutron_plugin_configure_l3_agent', 'neutron_plugin_configure_plugin_agent', 'neutron_plugin_configure_service',
  'neutron_plugin_setup_interface_driver', 'has_neutron_plugin_security_group', 'is_neutron_ovs_base_plugin', 'neutron_plugin_check_adv_test_requirements'];

export function definedFunctions(shell: string): string[] {
  return [...shell.matchAll(/^\s*(?:function\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(\s*\))?\s*\{/gm)].map((m) => m[1]);
}

async function planContrailPlugin(ctx: PlanContext): Promise<StepPlan> {
  const path = `${ctx.devstackDir}/lib/neutron_plugins/contrail`;
  const state = await read(ctx, path);
  if (!state.exists) return { id: 'contrail-plugin', status: 'needed', message: `${path}: write the Contrail neutron plugin`, changes: [{ path, after: Buffer.from(CONTRAIL_NEUTRON_PLUGIN), mode: 0o644, check: 'bash' }] };
  const absent = CONTRACT.filter((f) => !definedFunctions(text(state)).includes(f));
  if (absent.length === 0) return { id: 'contrail-plugin', status: 'applied', message: `${path} defines the plugin contract`, changes: [] };
  return { id: 'contrail-plugin', status: 'conflict', message: `${path} exists but does not define ${absent.join(', ')}; edit it by hand or move it away`, changes: [] };
}

async function planHypervisor(ctx: PlanContext): Promise<StepPlan> {
  const path = `${ctx.devstackDir}/lib/nova_plugins/hypervisor-docker`;
  const state = await read(ctx, path);
  if (!state.exists) return { id: 'docker-hypervisor', status: 'needed', message: `${path}: this devstack has no Docker hypervisor plugin; write the project's`, changes: [{ path, after: Buffer.from(DOCKER_HYPERVISOR_PLUGIN), mode: 0o644, check: 'bash' }] };
  const t = text(state);
  const driverLines = [...t.matchAll(/^(.*compute_driver\s+)(\S+)(.*)$/gm)];
  if (driverLines.some((m) => m[2] === NOVA_DOCKER_DRIVER)) return { id: 'docker-hypervisor', status: 'applied', message: `${path} sets ${NOVA_DOCKER_DRIVER}`, changes: [] };
  const old = driverLines.filter((m) => m[2] === 'docker.DockerDriver');
  if (old.length === 1 && driverLines.length === 1) {
    const after = t.replace(old[0][0], `${old[0][1]}${NOVA_DOCKER_DRIVER}${old[0][3]}`);
    return { id: 'docker-hypervisor', status: 'needed', message: `${path}: compute_driver docker.DockerDriver → ${NOVA_DOCKER_DRIVER}`, changes: [{ path, before: state.data, after: bytesOf(state, after), mode: state.mode, check: 'bash' }] };
  }
  return { id: 'docker-hypervisor', status: 'conflict', message: `${path} sets ${driverLines.map((m) => m[2]).join(', ') || 'no compute_driver'}, not docker.DockerDriver: edited by hand, left as it is`, changes: [] };
}

async function planRootwrap(ctx: PlanContext): Promise<StepPlan> {
  const path = '/etc/nova/rootwrap.d/docker.filters';
  const state = await read(ctx, path);
  if (!state.exists) return { id: 'rootwrap-filter', status: 'needed', message: `${path}: create it (needs root)`, changes: [{ path, after: Buffer.from(DOCKER_ROOTWRAP_FILTERS), mode: 0o644, check: 'text' }] };
  const t = text(state);
  if (t.split(/\r?\n/).some((l) => l.trim() === DOCKER_FILTER_LINE)) return { id: 'rootwrap-filter', status: 'applied', message: `${path} has the ln filter`, changes: [] };
  const after = /^\[Filters\]\s*$/m.test(t) ? t.replace(/^\[Filters\]\s*$/m, (h) => `${h}${eolOf(t)}${DOCKER_FILTER_LINE}`) : `${t}${t.endsWith('\n') || t === '' ? '' : eolOf(t)}[Filters]${eolOf(t)}${DOCKER_FILTER_LINE}${eolOf(t)}`;
  return { id: 'rootwrap-filter', status: 'needed', message: `${path}: add ${DOCKER_FILTER_LINE}`, changes: [{ path, before: state.data, after: bytesOf(state, after), mode: state.mode, check: 'text' }] };
}

async function planVifDriver(ctx: PlanContext): Promise<StepPlan> {
  const confPath = `${ctx.devstackDir}/local.conf`;
  const conf = await read(ctx, confPath);
  const localrc = await read(ctx, `${ctx.devstackDir}/localrc`);
  if (conf.exists && !localrc.exists) {
    // durable: stack.sh rewrites nova.conf, but applies [[post-config|$NOVA_CONF]] every run
    const t = text(conf);
    const doc = parseLocalConf(t);
    const section = doc.sections.find((s) => s.phase === 'post-config' && /^\$\{?NOVA_CONF\}?$/.test(s.file));
    const eol = eolOf(t);
    let after: string;
    if (section && section.body.kind === 'ini') {
      const current = [...section.body.document.options].reverse().find((o) => o.section === 'docker' && o.key === 'vif_driver');
      if (current?.value === OPENCONTRAIL_VIF_DRIVER) return { id: 'nova-vif-driver', status: 'applied', message: `${confPath} [[post-config|$NOVA_CONF]] sets the OpenContrail VIF driver`, changes: [] };
      after = applyEdits(t, [current ? { range: current.valueRange, newText: OPENCONTRAIL_VIF_DRIVER } : { range: { start: { line: section.line, character: section.headerRange.end.character }, end: { line: section.line, character: section.headerRange.end.character } }, newText: `${eol}[docker]${eol}vif_driver = ${OPENCONTRAIL_VIF_DRIVER}` }]);
    } else {
      after = `${t}${t.endsWith('\n') || t === '' ? '' : eol}${eol}[[post-config|$NOVA_CONF]]${eol}[docker]${eol}vif_driver = ${OPENCONTRAIL_VIF_DRIVER}${eol}`;
    }
    return { id: 'nova-vif-driver', status: 'needed', message: `${confPath}: [[post-config|$NOVA_CONF]] [docker] vif_driver (kept by every stack.sh)`, changes: [{ path: confPath, before: conf.data, after: bytesOf(conf, after), mode: conf.mode, check: 'text' }] };
  }
  const path = '/etc/nova/nova.conf';
  const nova = await read(ctx, path);
  if (!nova.exists) return { id: 'nova-vif-driver', status: 'skipped', message: `${path} is not there yet (stack.sh writes it); run again after stack.sh`, changes: [] };
  const t = text(nova);
  const doc = parseOsloIni(t);
  if ([...doc.options].reverse().find((o) => o.section === 'docker' && o.key === 'vif_driver')?.value === OPENCONTRAIL_VIF_DRIVER) return { id: 'nova-vif-driver', status: 'applied', message: `${path} sets the OpenContrail VIF driver`, changes: [] };
  return { id: 'nova-vif-driver', status: 'needed', message: `${path}: [docker] vif_driver — until the next stack.sh, which rewrites nova.conf (use local.conf to keep it)`, changes: [{ path, before: nova.data, after: bytesOf(nova, applyEdits(t, [setOptionEdit(doc, 'docker', 'vif_driver', OPENCONTRAIL_VIF_DRIVER)])), mode: nova.mode, check: 'ini' }] };
}

async function planGlance(ctx: PlanContext, era: DevstackEra): Promise<StepPlan> {
  const path = '/etc/glance/glance-api.conf';
  const state = await read(ctx, path);
  if (!state.exists) return { id: 'glance-formats', status: 'skipped', message: `${path} is not on this host`, changes: [] };
  const t = text(state);
  const doc = parseOsloIni(t);
  const current = [...doc.options].reverse().find((o) => o.key === 'container_formats' && (o.section === 'DEFAULT' || o.section?.toLowerCase() === 'image_format'));
  const formats = current ? current.value.split(',').map((f) => f.trim()).filter((f) => f !== '') : [];
  if (formats.includes('docker')) return { id: 'glance-formats', status: 'applied', message: `${path} container_formats includes docker`, changes: [] };
  const group = current?.section ?? (era === '2014' ? 'DEFAULT' : 'image_format');
  const value = [...(formats.length ? formats : era === '2014' ? ['ami', 'ari', 'aki', 'bare', 'ovf'] : ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova']), 'docker'].join(',');
  return { id: 'glance-formats', status: 'needed', message: `${path}: [${group}] container_formats = ${value}`, changes: [{ path, before: state.data, after: bytesOf(state, applyEdits(t, [setOptionEdit(doc, group, 'container_formats', value)])), mode: state.mode, check: 'ini' }] };
}

/** A step whose file cannot be read is reported as such; it does not stop the others from being planned. */
async function planOrUnreadable(id: StepId, planner: () => Promise<StepPlan>): Promise<StepPlan> {
  try {
    return await planner();
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    return { id, status: 'unreadable', message: `${error.message}; fix or move it, then plan again`, changes: [] };
  }
}

export const STEP_ORDER: readonly StepId[] = ['localrc', 'contrail-plugin', 'docker-hypervisor', 'rootwrap-filter', 'nova-vif-driver', 'glance-formats', 'nova-docker'];

export async function planSteps(ctx: PlanContext, era: DevstackEra, only?: readonly StepId[]): Promise<StepPlan[]> {
  const planners: Record<StepId, () => Promise<StepPlan>> = {
    localrc: () => planLocalrc(ctx, era),
    'contrail-plugin': () => planContrailPlugin(ctx),
    'docker-hypervisor': () => planHypervisor(ctx),
    'rootwrap-filter': () => planRootwrap(ctx),
    'nova-vif-driver': () => planVifDriver(ctx),
    'glance-formats': () => planGlance(ctx, era),
    'nova-docker': () => planNovaDocker(ctx.target, ctx.devstackDir, era, ctx.settings.NOVA_DOCKER_REPO, ctx.settings.NOVA_DOCKER_BRANCH),
  };
  // the CLI and VS Code check the settings where they enter; this holds for any other caller
  checkProvisionSettings(ctx.settings);
  // steps run in order and may touch the same file (local.conf: settings, then post-config): each
  // plans on the result of the ones before it; `before` stays the file as it was when the run began
  await requireDevstackCheckout((path) => read(ctx, path), ctx.devstackDir, ctx.target.description);
  const originals = new Map<string, Buffer | undefined>();
  const plans: StepPlan[] = [];
  for (const id of STEP_ORDER) {
    if (only && !only.includes(id)) continue;
    const plan = await planOrUnreadable(id, planners[id]);
    const changes = plan.changes.map((change) => {
      if (!originals.has(change.path)) originals.set(change.path, change.before);
      ctx.files.set(change.path, { exists: true, data: change.after, mode: change.mode });
      return { ...change, before: originals.get(change.path) };
    });
    plans.push({ ...plan, changes });
  }
  return plans;
}
