import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  CONTRAIL_NEUTRON_PLUGIN,
  DOCKER_HYPERVISOR_PLUGIN,
  DOCKER_ROOTWRAP_FILTERS,
  LIVE_LOAD_MODULE,
} from '../../../src/core/provision/templates';
import { DOCKER_FILTER_LINE, NOVA_DOCKER_DRIVER } from '../../../src/core/devstack/novaDocker';

// The files the steps write are real files in src/core/provision/templates: bash accepts the shell
// ones, and what the steps write (in out/ here, inlined in dist/ by esbuild) is each file byte for byte.
const templates = join(__dirname, '..', '..', '..', '..', 'src', 'core', 'provision', 'templates');

describe('provisioning templates', () => {
  it('are shell that bash -n accepts, python that parses, and a filters file with the ln filter', () => {
    const names = readdirSync(templates).sort();
    assert.deepEqual(names, ['devstack_contrail_live_load.py', 'docker.filters', 'hypervisor-docker.sh', 'neutron_plugins-contrail.sh']);
    for (const name of names.filter((n) => n.endsWith('.sh'))) execFileSync('bash', ['-n', join(templates, name)]);
    // (parsed, not imported: it needs nova, which the test hosts have and the e2e test loads it in)
    execFileSync('python3', [
      '-c',
      'import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])',
      join(templates, 'devstack_contrail_live_load.py'),
    ]);
    assert.ok(DOCKER_ROOTWRAP_FILTERS.split('\n').includes(DOCKER_FILTER_LINE));
    assert.match(DOCKER_HYPERVISOR_PLUGIN, new RegExp(`compute_driver ${NOVA_DOCKER_DRIVER.replace(/\./g, '\\.')}\\n`));
  });

  it('are what the steps write, byte for byte', () => {
    assert.equal(CONTRAIL_NEUTRON_PLUGIN, readFileSync(join(templates, 'neutron_plugins-contrail.sh'), 'utf8'));
    assert.equal(DOCKER_HYPERVISOR_PLUGIN, readFileSync(join(templates, 'hypervisor-docker.sh'), 'utf8'));
    assert.equal(DOCKER_ROOTWRAP_FILTERS, readFileSync(join(templates, 'docker.filters'), 'utf8'));
    assert.equal(LIVE_LOAD_MODULE, readFileSync(join(templates, 'devstack_contrail_live_load.py'), 'utf8'));
  });
});
