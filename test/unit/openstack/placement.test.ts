import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeReservation } from '../../../src/core/openstack/normalize';

// Placement's bodies as the Zed API sends them (GET /resource_providers, …/inventories, …/usages)
describe('what flavors reserve on a compute host (Placement)', () => {
  it('reads inventories and usages into capacity and use per resource class', () => {
    const reservation = normalizeReservation(
      { uuid: '6b3e0a51-0c5c-4d69-8a51-3b1e4c1f2a10', name: 'compute1', generation: 7 },
      {
        resource_provider_generation: 7,
        inventories: {
          VCPU: { total: 4, reserved: 0, min_unit: 1, max_unit: 4, step_size: 1, allocation_ratio: 16.0 },
          MEMORY_MB: { total: 7961, reserved: 512, min_unit: 1, max_unit: 7961, step_size: 1, allocation_ratio: 1.5 },
          DISK_GB: { total: 40, reserved: 0, min_unit: 1, max_unit: 40, step_size: 1, allocation_ratio: 1.0 },
        },
      },
      { resource_provider_generation: 7, usages: { VCPU: 3, MEMORY_MB: 1536 } },
    );
    assert.deepEqual(reservation, {
      providerId: '6b3e0a51-0c5c-4d69-8a51-3b1e4c1f2a10',
      host: 'compute1',
      vcpu: { total: 4, reserved: 0, allocationRatio: 16, used: 3, capacity: 64 },
      memoryMb: { total: 7961, reserved: 512, allocationRatio: 1.5, used: 1536, capacity: 11173.5 },
      diskGb: { total: 40, reserved: 0, allocationRatio: 1, used: 0, capacity: 40 },
    });
  });

  it('leaves out a resource class the provider has no inventory of, and takes odd bodies without throwing', () => {
    assert.deepEqual(normalizeReservation({ uuid: 'x', name: 'gpu-child' }, { inventories: {} }, { usages: {} }), {
      providerId: 'x',
      host: 'gpu-child',
    });
    assert.deepEqual(normalizeReservation(null, 'not json', [1, 2]), { providerId: '', host: '' });
  });
});
