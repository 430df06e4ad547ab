// oslo.config's value types (oslo_config/types.py), checked the way oslo parses them.
import type { OptionSchema, OptionType } from '../../schema/types';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** IPv4 dotted quad or IPv6 (with :: and an optional trailing IPv4); cheaper than node:net's first call. */
export function isIP(value: string): boolean {
  if (IPV4.test(value)) return true;
  const address = value.split('%')[0];
  if (!/^[0-9A-Fa-f:.]+$/.test(address) || !address.includes(':')) return false;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  const last = groups[groups.length - 1] ?? '';
  const v4 = last.includes('.');
  if (v4 && !IPV4.test(last)) return false;
  const hexGroups = v4 ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const size = hexGroups.length + (v4 ? 2 : 0);
  return halves.length === 2 ? size < 8 : size === 8;
}

const TRUE_VALUES = ['true', '1', 'on', 'yes'];
const FALSE_VALUES = ['false', '0', 'off', 'no'];
const HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const HOST_DOMAIN_LABEL = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;

export type ValueProblem =
  | { readonly kind: 'type'; readonly message: string }
  | { readonly kind: 'choice'; readonly message: string }
  | { readonly kind: 'range'; readonly message: string };

function isHostname(value: string, label: RegExp): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  return name.length > 0 && name.length <= 253 && name.split('.').every((l) => label.test(l)) && !/^[0-9.]+$/.test(name);
}

function describeType(type: OptionType): string {
  switch (type) {
    case 'boolean':
      return 'a boolean (true/false, yes/no, on/off, 1/0)';
    case 'integer':
      return 'an integer';
    case 'floating point':
      return 'a number';
    case 'port':
      return 'a port number (0–65535)';
    case 'ip address':
      return 'an IP address';
    case 'host address':
      return 'an IP address or host name';
    case 'host domain':
      return 'an IP address or host domain name';
    case 'uri':
      return 'a URI with a scheme, such as http://host:port/path';
    case 'dict':
      return 'key:value pairs separated by commas';
    default:
      return type;
  }
}

/** Checks one scalar against a type; undefined when it is acceptable. */
function checkScalar(type: OptionType, value: string): string | undefined {
  const v = value.trim();
  switch (type) {
    case 'boolean':
      return TRUE_VALUES.includes(v.toLowerCase()) || FALSE_VALUES.includes(v.toLowerCase()) ? undefined : describeType(type);
    case 'integer':
      return /^[+-]?\d+$/.test(v) ? undefined : describeType(type);
    case 'floating point':
      return v !== '' && !Number.isNaN(Number(v)) ? undefined : describeType(type);
    case 'port': {
      if (!/^\d+$/.test(v)) return describeType(type);
      return Number(v) <= 65535 ? undefined : describeType(type);
    }
    case 'ip address':
      return isIP(v) ? undefined : describeType(type);
    case 'host address':
      return isIP(v) || isHostname(v, HOST_LABEL) ? undefined : describeType(type);
    case 'host domain':
      return isIP(v) || isHostname(v, HOST_DOMAIN_LABEL) ? undefined : describeType(type);
    case 'uri':
      return /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/]+/.test(v) || (/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/.test(v) && !/^\d/.test(v))
        ? undefined
        : describeType(type);
    default:
      return undefined;
  }
}

/** A list's items against its item type and item choices (oslo strips each item). */
function checkList(option: OptionSchema, value: string): ValueProblem | undefined {
  const itemType = option.item_type;
  const choices = option.item_choices;
  for (const item of value.split(',')) {
    const bad = itemType ? checkScalar(itemType, item) : undefined;
    if (bad) return { kind: 'type', message: `"${item.trim()}" in this list is not ${bad}` };
    if (choices && choices.length > 0 && item.trim() !== '' && !choices.includes(item.trim())) {
      return { kind: 'choice', message: `"${item.trim()}" in this list is not one of ${choices.map((c) => `"${c}"`).join(', ')}` };
    }
  }
  return undefined;
}

/**
 * Checks a value as oslo would after reading it. Values that interpolate other options ($state_path)
 * and empty values are left alone: their meaning is only known at run time.
 */
export function checkValue(option: OptionSchema, value: string): ValueProblem | undefined {
  if (value.includes('$') || value.trim() === '') return undefined;
  const type = option.type;
  if (type === 'list') return checkList(option, value);
  if (type === 'dict') {
    const bad = value.split(',').find((pair) => !pair.includes(':'));
    return bad === undefined
      ? undefined
      : { kind: 'type', message: `"${bad.trim()}" is not a key:value pair (a dict is written k1:v1,k2:v2)` };
  }
  const bad = checkScalar(type, value);
  if (bad) return { kind: 'type', message: `"${value.trim()}" is not ${bad}` };
  if (option.choices && option.choices.length > 0) {
    const choices = option.choices.filter((c) => c !== '<None>');
    if (choices.length > 0 && !choices.includes(value.trim())) {
      return { kind: 'choice', message: `"${value.trim()}" is not one of ${choices.map((c) => `"${c}"`).join(', ')}` };
    }
  }
  if ((type === 'integer' || type === 'floating point' || type === 'port') && (option.min !== undefined || option.max !== undefined)) {
    const n = Number(value.trim());
    if (option.min !== undefined && n < option.min) return { kind: 'range', message: `${n} is below the minimum ${option.min}` };
    if (option.max !== undefined && n > option.max) return { kind: 'range', message: `${n} is above the maximum ${option.max}` };
  }
  return undefined;
}
