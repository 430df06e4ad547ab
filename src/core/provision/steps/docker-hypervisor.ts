// lib/nova_plugins/hypervisor-docker: 2014 devstack's sets Havana's in-tree driver, rewritten to
// nova-docker's; later devstack has none, and gets the project's.
import { HAVANA_DOCKER_DRIVER, NOVA_DOCKER_DRIVER } from '../../devstack/novaDocker';
import { DOCKER_HYPERVISOR_PLUGIN } from '../templates';
import { bytesOf, textOf } from '../fileText';
import { defineStep } from '../step';

export const dockerHypervisorStep = defineStep({
  id: 'docker-hypervisor',
  title: 'lib/nova_plugins/hypervisor-docker',
  needs: ({ devstackDir }) => ({ files: [`${devstackDir}/lib/nova_plugins/hypervisor-docker`] }),
  judge({ layout, file }) {
    const path = `${layout.devstackDir}/lib/nova_plugins/hypervisor-docker`;
    const state = file(path);
    if (!state.exists) {
      return {
        status: 'needed',
        message: `${path}: this devstack has no Docker hypervisor plugin; write the project's`,
        detail: 'not there (later devstack): the project writes its own',
        changes: [{ path, after: Buffer.from(DOCKER_HYPERVISOR_PLUGIN), mode: 0o644, check: 'bash' }],
      };
    }
    const t = textOf(state);
    const driverLines = [...t.matchAll(/^(.*compute_driver\s+)(\S+)(.*)$/gm)];
    const drivers = driverLines.map((m) => m[2]).join(', ') || 'no compute_driver';
    if (driverLines.some((m) => m[2] === NOVA_DOCKER_DRIVER))
      return { status: 'applied', message: `${path} sets ${NOVA_DOCKER_DRIVER}`, detail: `compute_driver ${NOVA_DOCKER_DRIVER}` };
    const old = driverLines.filter((m) => m[2] === HAVANA_DOCKER_DRIVER);
    if (old.length === 1 && driverLines.length === 1) {
      const after = t.replace(old[0][0], `${old[0][1]}${NOVA_DOCKER_DRIVER}${old[0][3]}`);
      return {
        status: 'needed',
        message: `${path}: compute_driver ${HAVANA_DOCKER_DRIVER} → ${NOVA_DOCKER_DRIVER}`,
        detail: `sets ${HAVANA_DOCKER_DRIVER}`,
        changes: [{ path, before: state.data, after: bytesOf(state, after), mode: state.mode, check: 'bash' }],
      };
    }
    return {
      status: 'conflict',
      message: `${path} sets ${drivers}, not ${HAVANA_DOCKER_DRIVER}: edited by hand, left as it is`,
      detail: `sets ${drivers}: edited by hand`,
    };
  },
});
