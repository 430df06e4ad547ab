import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parameterProblems, parametersToSend, stackParameters } from '../../../src/core/heat/stackParameters';
import { checkStackHostMessage, checkStackWebviewMessage, toFieldView } from '../../../src/shared/stackProtocol';

// The Launch Stack form's fields from a template's parameters, and the values typed checked as Heat would.
const TEMPLATE = `heat_template_version: 2021-04-16
parameters:
  image:
    type: string
    label: Image
    default: busybox
    constraints:
      - custom_constraint: glance.image
  count:
    type: number
    default: 3
    constraints:
      - range: { min: 1, max: 100 }
        description: between 1 and 100 containers
  password:
    type: string
    hidden: true
    constraints:
      - length: { min: 8 }
      - allowed_pattern: "[a-zA-Z0-9]+"
  size:
    type: string
    default: small
    constraints:
      - allowed_values: [small, large]
  names:
    type: comma_delimited_list
    default: [a, b]
  debug:
    type: boolean
    default: false
  metadata:
    type: json
    default: { role: web }
resources: {}
`;

describe('the Launch Stack form', () => {
  const fields = stackParameters(TEMPLATE);

  it('has a field per parameter, in the template order, with its type, default, hidden flag and constraints', () => {
    assert.deepEqual(
      fields.map((f) => [f.name, f.type, f.default, f.hidden]),
      [
        ['image', 'string', 'busybox', false],
        ['count', 'number', '3', false],
        ['password', 'string', undefined, true],
        ['size', 'string', 'small', false],
        ['names', 'comma_delimited_list', 'a,b', false],
        ['debug', 'boolean', 'false', false],
        ['metadata', 'json', '{"role":"web"}', false],
      ],
    );
    assert.equal(fields[0]!.label, 'Image');
    assert.equal(fields[0]!.customConstraint, 'glance.image');
    assert.deepEqual(fields[1]!.range, { min: 1, max: 100 });
    assert.deepEqual(fields[2]!.length, { min: 8 });
    assert.equal(fields[2]!.pattern, '[a-zA-Z0-9]+');
    assert.deepEqual(fields[3]!.allowedValues, ['small', 'large']);
  });

  it('checks the values as Heat would, with the constraint descriptions, and needs a value where there is no default', () => {
    assert.deepEqual(parameterProblems(fields, {}), { password: 'password has no default: give a value' });
    assert.deepEqual(
      parameterProblems(fields, {
        count: '101',
        password: 'short',
        size: 'huge',
        names: 'x,y,z',
        debug: 'maybe',
      }),
      {
        count: 'count must be at most 100 (between 1 and 100 containers)',
        password: "password's length must be at least 8",
        size: 'size must be one of small, large',
        debug: 'debug: "maybe" is not a boolean (true or false)',
      },
    );
    assert.match(parameterProblems(fields, { password: 'longenough1', metadata: '{role' }).metadata!, /^metadata: not JSON: /);
    assert.deepEqual(parameterProblems(fields, { count: 'ten', password: 'has spaces in it' }), {
      count: 'count: "ten" is not a number',
      password: 'password must match [a-zA-Z0-9]+',
    });
    assert.deepEqual(parameterProblems(fields, { count: '100', password: 'longenough1', size: 'large', debug: 'yes' }), {});
  });

  it('sends only the values typed: an empty one takes the default', () => {
    assert.deepEqual(parametersToSend(fields, { image: '', count: '5', password: 'longenough1' }), { count: '5', password: 'longenough1' });
  });

  it('takes no field from a template that is not a mapping, and a bad parameter type as a string', () => {
    assert.deepEqual(stackParameters('- just\n- a list\n'), []);
    assert.deepEqual(
      stackParameters('heat_template_version: 2021-04-16\nparameters:\n  x:\n    type: map\n').map((f) => f.type),
      ['string'],
    );
  });

  it('parses the messages both ways and drops what does not fit', () => {
    const form = {
      type: 'stackForm',
      mode: 'launch',
      cloud: 'zed',
      template: 'app.yaml',
      stackName: 'app',
      fields: fields.map(toFieldView),
      choices: [{ kind: 'image', names: ['busybox'] }],
      templateErrors: [],
    };
    const parsed = checkStackHostMessage(form);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.deepEqual(parsed.value, form);
    assert.equal(checkStackHostMessage({ ...form, mode: 'destroy' }).ok, false);
    assert.ok(checkStackWebviewMessage({ type: 'launch', stackName: 'app-1', values: [{ name: 'count', value: '3' }] }).ok);
    const badName = checkStackWebviewMessage({ type: 'launch', stackName: '1; rm -rf /', values: [] });
    assert.equal(badName.ok, false);
    assert.equal(checkStackWebviewMessage({ type: 'inspect', serverId: '../../etc' }).ok, false);
  });
});
