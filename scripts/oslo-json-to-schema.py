#!/usr/bin/python3
"""Convert `oslo-config-generator --format json` output to devstack-contrail's ServiceSchema
(src/core/schema/types.ts).

Run with Debian's /usr/bin/python3 (the one that sees python3-oslo.config), ideally the same
interpreter that ran the generator: `item_type` of list options is not in the generator's JSON, so
it is read in-process from the same namespaces (skipped with a warning if oslo.config cannot be
imported there).

usage: oslo-json-to-schema.py --input gen.json --output schema.json --service nova --release zed
                              --source "python3-nova 2:26.2.2-1~deb12u5 (Debian bookworm); ..."
Prints one line: "<service>-<release>: <groups> groups, <options> options, <open> open groups".
"""
import argparse
import json
import re
import sys

HELP_MAX = 500
REASON_MAX = 300
ELLIPSIS = '\u2026'

KNOWN_TYPES = {
    'string', 'boolean', 'integer', 'floating point', 'port', 'list', 'dict', 'multi valued',
    'ip address', 'host address', 'host domain', 'uri',
}
# Options that only keystoneauth's conf loading registers: a group holding them takes the options
# of whatever auth plugin `auth_type` names, so its option set is open.
# keystoneauth1's plugin options keep dashed names (`auth-url`), which only it uses.
KEYSTONEAUTH_MARKERS = {'auth_type', 'auth_section'}
KEYSTONEAUTH_PLUGIN_NAMES = {'auth-url', 'auth-type', 'auth-section'}


def norm_type(t):
    if t is None:
        return 'unknown'
    t = str(t)
    if t.endswith(' value'):
        t = t[:-len(' value')]
    return t if t in KNOWN_TYPES else 'unknown'


def collapse(text, limit):
    if text is None:
        return None
    text = re.sub(r'\s+', ' ', str(text)).strip()
    if not text:
        return None
    if len(text) > limit:
        text = text[:limit - 1].rstrip() + ELLIPSIS
    return text


def quote_if_padded(s):
    # as oslo_config.generator._format_defaults does
    return '"%s"' % s if s.strip() != s else s


def format_value(value, typ):
    """A default as oslo-config-generator prints it in a sample file (_format_defaults)."""
    if value is None:
        return None
    if typ == 'multi valued':
        # one line per value in a sample file; joined here with newlines
        items = value if isinstance(value, (list, tuple)) else [value]
        return '\n'.join(quote_if_padded(format_scalar(v)) for v in items)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, tuple)):
        return quote_if_padded(','.join(format_scalar(v) for v in value))
    if isinstance(value, dict):
        return quote_if_padded(','.join('%s:%s' % (k, format_scalar(v))
                                        for k, v in sorted(value.items())))
    return quote_if_padded(format_scalar(value))


def format_scalar(v):
    if isinstance(v, bool):
        return str(v)  # inside lists the generator uses str(): True/False
    return str(v)


def load_item_types(namespaces):
    """{(group, dest): item type} for list options whose items are not strings."""
    try:
        from oslo_config import cfg, generator, types
    except Exception as e:  # pragma: no cover
        print('warning: no oslo_config here (%s): item_type left out' % e, file=sys.stderr)
        return {}
    out = {}
    try:
        listed = generator._list_opts(namespaces)
    except Exception as e:  # pragma: no cover
        print('warning: cannot list opts in-process (%s): item_type left out' % e, file=sys.stderr)
        return {}
    for _ns, groups in listed:
        for group, opts in groups:
            gname = getattr(group, 'name', group) or 'DEFAULT'
            for opt in opts:
                t = getattr(opt, 'type', None)
                if isinstance(t, types.List):
                    it = norm_type(generator._format_type_name(t.item_type))
                    if it != 'string':
                        out[(gname, opt.dest.replace('-', '_'))] = it
    return out


def add_auth_plugin_opts(data, gname, plugin):
    """Append keystoneauth1's conf options of `plugin` (as oslo-config-generator would list them)
    to group `gname` of the generator data, after the generator's own options."""
    g = data['options'].get(gname)
    if g is None:
        return
    from keystoneauth1 import loading
    from oslo_config import generator
    have = {(o.get('dest') or o['name']).replace('-', '_') for o in g['opts']}
    for opt in loading.get_auth_plugin_conf_options(plugin):
        entry = generator._build_entry(opt, gname, 'keystoneauth1 (%s plugin)' % plugin, None)
        if entry['dest'].replace('-', '_') not in have:
            g['opts'].append(entry)


def convert_opt(o, item_types, group):
    typ = norm_type(o.get('type'))
    out = {'type': typ}
    sample = o.get('sample_default')
    if sample is not None:
        # the generator prints sample_default instead of the host-dependent real default
        printed = format_value(sample, typ)
        out['default'] = printed
        out['sample_default'] = printed
    else:
        out['default'] = format_value(o.get('default'), typ)
    choices = []
    for c in o.get('choices') or []:
        value = c[0] if isinstance(c, (list, tuple)) else c
        if value is None:
            continue  # a None choice cannot be written in a file: dropped (see PROVENANCE.md)
        choices.append(format_scalar(value) if not isinstance(value, str) else value)
    if choices:
        out['choices'] = choices
    for k in ('min', 'max'):
        if o.get(k) is not None:
            out[k] = o[k]
    h = collapse(o.get('help'), HELP_MAX)
    if h:
        out['help'] = h
    deps = []
    seen = set()
    for d in o.get('deprecated_opts') or []:
        g = d.get('group')
        n = d.get('name')
        n = n.replace('-', '_') if n else n
        if (g, n) not in seen:
            seen.add((g, n))
            deps.append({'group': g, 'name': n})
    if deps:
        out['deprecated_opts'] = deps
    if o.get('deprecated_for_removal'):
        out['deprecated_for_removal'] = True
    r = collapse(o.get('deprecated_reason'), REASON_MAX)
    if r:
        out['deprecated_reason'] = r
    if o.get('deprecated_since'):
        out['deprecated_since'] = str(o['deprecated_since'])
    if o.get('secret'):
        out['secret'] = True
    if o.get('required'):
        out['required'] = True
    dest = (o.get('dest') or o['name']).replace('-', '_')
    if typ == 'list' and (group, dest) in item_types:
        out['item_type'] = item_types[(group, dest)]
    return dest, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--input', required=True)
    ap.add_argument('--output', required=True)
    ap.add_argument('--service', required=True)
    ap.add_argument('--release', required=True)
    ap.add_argument('--source', required=True)
    ap.add_argument('--no-item-types', action='store_true')
    ap.add_argument('--auth-plugin', action='append', default=[], metavar='GROUP=PLUGIN',
                    help='add the options of keystoneauth plugin PLUGIN to GROUP when the '
                         'generator lists only auth_type/auth_section there '
                         '(keystonemiddleware lists no plugin options for [keystone_authtoken])')
    a = ap.parse_args()

    with open(a.input, encoding='utf-8') as f:
        data = json.load(f)
    namespaces = (data.get('generator_options') or {}).get('namespace') or []
    item_types = {} if a.no_item_types else load_item_types(namespaces)

    for spec in a.auth_plugin:
        gname, plugin = spec.split('=', 1)
        add_auth_plugin_opts(data, gname, plugin)

    groups = {}
    n_opts = 0
    n_open = 0
    for gname, g in data['options'].items():
        opts = {}
        is_open = bool(g.get('driver_option') or g.get('dynamic_group_owner') or g.get('driver_opts'))
        for o in g.get('opts', []):
            if o.get('name') in KEYSTONEAUTH_PLUGIN_NAMES:
                is_open = True
            dest, conv = convert_opt(o, item_types, gname)
            if dest in KEYSTONEAUTH_MARKERS:
                is_open = True
            if dest in opts:
                continue  # first definition wins (same dest from two namespaces)
            opts[dest] = conv
        grp = {}
        gh = collapse(g.get('help'), HELP_MAX)
        if gh:
            grp['help'] = gh
        grp['options'] = opts
        if is_open:
            grp['open'] = True
            n_open += 1
        groups[gname] = grp
        n_opts += len(opts)

    schema = {
        'service': a.service,
        'release': a.release,
        'source': a.source,
        'groups': groups,
    }
    with open(a.output, 'w', encoding='utf-8') as f:
        json.dump(schema, f, ensure_ascii=False, separators=(',', ':'))
        f.write('\n')
    print('%s-%s: %d groups, %d options, %d open groups'
          % (a.service, a.release, len(groups), n_opts, n_open))


if __name__ == '__main__':
    main()
