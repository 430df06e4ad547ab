// /etc/nova/rootwrap.d/docker.filters: the ln filter nova-docker needs (root writes it).
import { DOCKER_FILTER_LINE } from '../../devstack/novaDocker';
import { DOCKER_ROOTWRAP_FILTERS } from '../templates';
import { bytesOf, eolOf, textOf } from '../fileText';
import { defineStep } from '../step';

const PATH = '/etc/nova/rootwrap.d/docker.filters';

export const rootwrapFilterStep = defineStep({
  id: 'rootwrap-filter',
  title: PATH,
  needs: () => ({ files: [PATH] }),
  judge({ file }) {
    const state = file(PATH);
    if (!state.exists) {
      return {
        status: 'needed',
        message: `${PATH}: create it (needs root)`,
        detail: 'not there',
        changes: [{ path: PATH, after: Buffer.from(DOCKER_ROOTWRAP_FILTERS), mode: 0o644, check: 'text' }],
      };
    }
    const t = textOf(state);
    if (t.split(/\r?\n/).some((l) => l.trim() === DOCKER_FILTER_LINE))
      return { status: 'applied', message: `${PATH} has the ln filter`, detail: DOCKER_FILTER_LINE };
    const eol = eolOf(t);
    const after = /^\[Filters\]\s*$/m.test(t)
      ? t.replace(/^\[Filters\]\s*$/m, (h) => `${h}${eol}${DOCKER_FILTER_LINE}`)
      : `${t}${t.endsWith('\n') || t === '' ? '' : eol}[Filters]${eol}${DOCKER_FILTER_LINE}${eol}`;
    return {
      status: 'needed',
      message: `${PATH}: add ${DOCKER_FILTER_LINE}`,
      detail: `no ${DOCKER_FILTER_LINE}`,
      changes: [{ path: PATH, before: state.data, after: bytesOf(state, after), mode: state.mode, check: 'text' }],
    };
  },
});
