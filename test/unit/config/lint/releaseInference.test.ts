import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeAccuracy, measureInference } from './releaseAccuracy';

// issue #13 §2: inference measured on 56 real files labelled with the release they shipped in
// (glance-api.conf of every release, neutron.conf Havana–Liberty, devstack's samples; PROVENANCE.json)
describe('release inference on real files', () => {
  it('puts the true release in the range it reports for nearly every file, and names it for most packaged samples', () => {
    const accuracy = measureInference();
    const summary = describeAccuracy(accuracy);
    assert.equal(accuracy.files, 56, summary);
    assert.ok(accuracy.inRange / accuracy.files >= 0.85, summary);
    assert.ok(accuracy.oslo.exact / accuracy.oslo.files >= 0.7, summary);
    // devstack's sample local.conf is the same file from Pike on: a range, never one release picked as certain
    const pike = accuracy.outcomes.find((o) => o.file === 'pike-devstack-local.conf');
    assert.ok(pike && pike.range.length > 1 && pike.range.includes('pike'), JSON.stringify(pike));
  });
});
