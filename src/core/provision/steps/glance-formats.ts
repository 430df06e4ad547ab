// Glance's container_formats with docker in it, in the group the host's release reads.
import { setOptionEdit } from '../../config/lint/osloEdits';
import { parseOsloIni } from '../../config/osloIni';
import { applyEdits } from '../../config/text';
import { bytesOf, textOf } from '../fileText';
import { defineStep } from '../step';

const PATH = '/etc/glance/glance-api.conf';

export const glanceFormatsStep = defineStep({
  id: 'glance-formats',
  title: 'Glance container_formats',
  needs: () => ({ files: [PATH] }),
  judge({ era, file }) {
    const state = file(PATH);
    if (!state.exists) return { status: 'skipped', message: `${PATH} is not on this host`, detail: 'no glance-api.conf on this host' };
    const t = textOf(state);
    const doc = parseOsloIni(t);
    const current = [...doc.options]
      .reverse()
      .find((o) => o.key === 'container_formats' && (o.section === 'DEFAULT' || o.section?.toLowerCase() === 'image_format'));
    const formats = current
      ? current.value
          .split(',')
          .map((f) => f.trim())
          .filter((f) => f !== '')
      : [];
    const detail = current ? `container_formats = ${current.value}` : 'container_formats not set (no docker)';
    if (formats.includes('docker')) return { status: 'applied', message: `${PATH} container_formats includes docker`, detail };
    const group = current?.section ?? (era === '2014' ? 'DEFAULT' : 'image_format');
    const value = [
      ...(formats.length ? formats : era === '2014' ? ['ami', 'ari', 'aki', 'bare', 'ovf'] : ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova']),
      'docker',
    ].join(',');
    return {
      status: 'needed',
      message: `${PATH}: [${group}] container_formats = ${value}`,
      detail,
      changes: [
        {
          path: PATH,
          before: state.data,
          after: bytesOf(state, applyEdits(t, [setOptionEdit(doc, group, 'container_formats', value)])),
          mode: state.mode,
          check: 'ini',
        },
      ],
    };
  },
});
