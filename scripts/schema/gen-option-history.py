#!/usr/bin/env python3
"""Option history of nova, neutron and glance-api for the 26 releases Havana (2013.2) .. Gazpacho (2026.1).

Reads upstream git mirrors (bare repositories fetched to /work/.mirror/openstack+<name>/repo, or
--mirror DIR), statically (scripts/schema/staticpy.py), and writes

  src/core/schema/data/history/<service>.json       options, each variant once with a release bitmask
  src/core/schema/data/history/<service>-help.json  help texts (newest release's text), loaded on demand
  src/core/schema/data/history/PROVENANCE.json      repository, tag and commit of every input per release

Per release and service: the service's last tag of that series; its option namespaces from its
oslo-config-generator config (or, before it had one, every module of the package, as the oslo-incubator
generator of 2013-2015 scanned them); each library namespace resolved at the version the release's
openstack/requirements upper-constraints.txt pins (before Kilo: the newest tag that global-requirements
allows, no newer than the requirements branch's end).

Python 3 standard library only.  Usage: gen-option-history.py [--mirror DIR] [--out DIR] [--only SERVICE]
[--releases a,b] [--dump DIR (one plain JSON per service and release, for compare-option-history.py)]
"""

import argparse
import configparser
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import staticpy  # noqa: E402
from staticpy import UNKNOWN, Git, Interp, Opt, OptGroup, Builtin  # noqa: E402

# series, requirements ref, last-tag pattern of nova / neutron / glance
RELEASES = [
    ('havana', 'havana-eol', '2013.2', '2013.2', '2013.2'),
    ('icehouse', 'icehouse-eol', '2014.1', '2014.1', '2014.1'),
    ('juno', 'juno-eol', '2014.2', '2014.2', '2014.2'),
    ('kilo', 'kilo-eol', '2015.1', '2015.1', '2015.1'),
    ('liberty', 'liberty-eol', '12', '7', '11'),
    ('mitaka', 'mitaka-eol', '13', '8', '12'),
    ('newton', 'newton-eol', '14', '9', '13'),
    ('ocata', 'ocata-eol', '15', '10', '14'),
    ('pike', 'pike-eol', '16', '11', '15'),
    ('queens', 'queens-eol', '17', '12', '16'),
    ('rocky', 'rocky-eol', '18', '13', '17'),
    ('stein', 'stein-eol', '19', '14', '18'),
    ('train', 'train-eol', '20', '15', '19'),
    ('ussuri', 'ussuri-eol', '21', '16', '20'),
    ('victoria', 'victoria-eom', '22', '17', '21'),
    ('wallaby', 'wallaby-eom', '23', '18', '22'),
    ('xena', 'xena-eom', '24', '19', '23'),
    ('yoga', 'yoga-eom', '25', '20', '24'),
    ('zed', 'zed-eom', '26', '21', '25'),
    ('antelope', '2023.1-eom', '27', '22', '26'),
    ('bobcat', '2023.2-eol', '28', '23', '27'),
    ('caracal', '2024.1-eom', '29', '24', '28'),
    ('dalmatian', '2024.2-eol', '30', '25', '29'),
    ('epoxy', 'stable/2025.1', '31', '26', '30'),
    ('flamingo', 'stable/2025.2', '32', '27', '31'),
    ('gazpacho', 'stable/2026.1', '33', '28', '32'),
]
SERIES = [r[0] for r in RELEASES]

SERVICES = {
    # service: (repo, package, generator configs (first found wins), service index in RELEASES rows)
    'nova': ('nova', 'nova', ['etc/nova/nova-config-generator.conf'], 2),
    'neutron': ('neutron', 'neutron', ['etc/oslo-config-generator/neutron.conf'], 3),
    'glance-api': ('glance', 'glance', ['etc/oslo-config-generator/glance-api.conf'], 4),
}

# namespaces a service reads at run time but whose generator config (at some tags) does not list them:
# nova calls os_vif.initialize(), which registers [os_vif_<plugin>] (the config lists os_vif from 2023.1 on).
# Read when the library is in the tag's requirements.txt; the options are marked "unlisted".
RUNTIME_NAMESPACES = {'nova': [('os-vif', 'os_vif')]}

# pip name -> (mirror repo, import packages)
LIBRARIES = {
    'oslo.messaging': ('oslo.messaging', ['oslo_messaging', 'oslo.messaging']),
    'oslo.db': ('oslo.db', ['oslo_db', 'oslo.db']),
    'oslo.log': ('oslo.log', ['oslo_log', 'oslo.log']),
    'oslo.concurrency': ('oslo.concurrency', ['oslo_concurrency', 'oslo.concurrency']),
    'oslo.middleware': ('oslo.middleware', ['oslo_middleware', 'oslo.middleware']),
    'oslo.policy': ('oslo.policy', ['oslo_policy', 'oslo.policy']),
    'oslo.service': ('oslo.service', ['oslo_service']),
    'oslo.cache': ('oslo.cache', ['oslo_cache']),
    'oslo.limit': ('oslo.limit', ['oslo_limit']),
    'oslo.versionedobjects': ('oslo.versionedobjects', ['oslo_versionedobjects']),
    'oslo.privsep': ('oslo.privsep', ['oslo_privsep']),
    'oslo.reports': ('oslo.reports', ['oslo_reports']),
    'keystonemiddleware': ('keystonemiddleware', ['keystonemiddleware']),
    'keystoneauth1': ('keystoneauth', ['keystoneauth1']),
    'python-keystoneclient': ('python-keystoneclient', ['keystoneclient']),
    'os-vif': ('os-vif', ['os_vif', 'vif_plug_linux_bridge', 'vif_plug_ovs', 'vif_plug_noop']),
    'glance-store': ('glance_store', ['glance_store', 'glance.store']),
    'castellan': ('castellan', ['castellan']),
    'osprofiler': ('osprofiler', ['osprofiler']),
    'os-brick': ('os-brick', ['os_brick']),
}


def canon(pip_name):
    return pip_name.lower().replace('_', '-')


LIB_BY_CANON = {canon(k): k for k in LIBRARIES}


def vkey(v):
    parts = []
    for p in re.split(r'[.]', v):
        m = re.match(r'^(\d+)(.*)$', p)
        if not m:
            parts.append((-1, p))
        else:
            parts.append((int(m.group(1)), m.group(2)))
    return parts


def is_final(v):
    # library tags only: year-numbered tags of 2011-2013 (python-keystoneclient's 2012.1) predate semver
    return re.match(r'^\d+(\.\d+)*$', v) is not None and not re.match(r'^20\d\d\.', v)


def satisfies(v, spec):
    for clause in spec.split(','):
        clause = clause.strip()
        m = re.match(r'^(===|==|>=|<=|!=|<|>|~=)\s*([\w.]+)$', clause)
        if not m:
            continue
        op, ref = m.groups()
        a, b = vkey(v), vkey(ref)
        ok = {'===': a == b, '==': a == b, '>=': a >= b, '<=': a <= b, '!=': a != b, '<': a < b, '>': a > b,
              '~=': a >= b}[op]
        if not ok:
            return False
    return True


class Mirrors:
    def __init__(self, root):
        self.root = root
        self.gits = {}

    def git(self, repo):
        if repo not in self.gits:
            path = os.path.join(self.root, 'openstack+' + repo, 'repo')
            if not os.path.isdir(path):
                raise SystemExit('mirror missing: %s (fetch github:openstack/%s)' % (path, repo))
            self.gits[repo] = Git(path)
        return self.gits[repo]

    def tags(self, repo):
        git = self.git(repo)
        if not hasattr(git, '_tags'):
            import subprocess
            out = subprocess.run(['git', '--git-dir', git.git_dir, 'for-each-ref', '--format=%(refname:short) %(creatordate:unix)',
                                  'refs/tags'], capture_output=True, check=True).stdout.decode()
            git._tags = {}
            for line in out.splitlines():
                name, _, date = line.partition(' ')
                git._tags[name] = int(date or 0)
        return git._tags

    def date(self, repo, rev):
        import subprocess
        return int(subprocess.run(['git', '--git-dir', self.git(repo).git_dir, 'log', '-1', '--format=%ct', rev],
                                  capture_output=True, check=True).stdout.decode().strip())


def last_tag(mirrors, repo, series_prefix):
    """The newest final tag of a series: '26' -> 26.x.y, '2015.1' -> 2015.1.x."""
    if '.' in series_prefix:
        pattern = re.compile(r'^' + re.escape(series_prefix) + r'(\.\d+)*$')
    else:
        pattern = re.compile(r'^' + re.escape(series_prefix) + r'\.\d+\.\d+$')
    tags = [t for t in mirrors.tags(repo) if pattern.match(t)]
    if not tags:
        return None
    return max(tags, key=vkey)


def parse_requirements(text):
    out = {}
    for line in (text or '').splitlines():
        line = line.split('#')[0].strip()
        if not line or line.startswith('-'):
            continue
        line = line.split(';')[0].strip()
        m = re.match(r'^([A-Za-z0-9_.\-]+)\s*(.*)$', line)
        if m:
            out[canon(m.group(1))] = m.group(2).strip()
    return out


def library_versions(mirrors, req_ref, not_after=None):
    """pip name -> (version tag, how it was chosen) for one release.  Without upper-constraints (before
    Kilo): the newest tag global-requirements allows that is no newer than the requirements ref and the
    service tag being read (`not_after`)."""
    git = mirrors.git('requirements')
    upper = parse_requirements(git.read(req_ref, 'upper-constraints.txt'))
    glob = parse_requirements(git.read(req_ref, 'global-requirements.txt'))
    req_date = mirrors.date('requirements', req_ref)
    if not_after is not None:
        req_date = min(req_date, not_after)
    out = {}
    for pip_name, (repo, _) in LIBRARIES.items():
        c = canon(pip_name)
        tags = mirrors.tags(repo)
        if c in upper and upper[c].startswith('==='):
            version = upper[c][3:].strip()
            if version in tags:
                out[pip_name] = (version, 'upper-constraints.txt %s' % upper[c])
                continue
            lower = [t for t in tags if is_final(t) and vkey(t) <= vkey(version)]
            if lower:
                best = max(lower, key=vkey)
                out[pip_name] = (best, 'upper-constraints.txt %s; that tag is not in the mirror, the newest tag '
                                       'below it is used' % upper[c])
                continue
        if c in glob:
            spec = glob[c]
            cands = [t for t in tags if is_final(t) and satisfies(t, spec) and tags[t] <= req_date]
            if cands:
                out[pip_name] = (max(cands, key=vkey), 'global-requirements.txt %s (newest tag allowed)' % (spec or 'any'))
    return out


def read_entry_points(git, rev):
    eps = read_setup_entry_points(git.read(rev, 'setup.cfg'))
    text = git.read(rev, 'pyproject.toml')
    if text:
        import tomllib
        try:
            project = tomllib.loads(text).get('project', {})
        except tomllib.TOMLDecodeError:
            project = {}
        for key, table in project.get('entry-points', {}).items():
            eps.setdefault(key, {}).update(table)
    return eps


def read_setup_entry_points(text):
    """setup.cfg [entry_points] oslo.config.opts (and keystoneauth1.plugin) -> {name: 'module:attr'}."""
    out = {}
    if not text:
        return out
    parser = configparser.RawConfigParser(strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return out
    if not parser.has_section('entry_points'):
        return out
    for key in parser.options('entry_points'):
        if True:
            for line in parser.get('entry_points', key).splitlines():
                line = line.split('#')[0].strip()
                if '=' in line:
                    name, _, target = line.partition('=')
                    # entry point names as installed by pbr, which lowercases them
                    # (glance_store's "glance.store.http.Store" becomes group [glance.store.http.store])
                    out.setdefault(key, {})[name.strip().lower()] = target.strip()
    return out


def generator_namespaces(text):
    namespaces = []
    for line in (text or '').splitlines():
        m = re.match(r'^\s*namespace\s*=\s*(\S+)', line)
        if m:
            namespaces.append(m.group(1))
    return namespaces


# ------------------------------------------------------------------ evaluation

def make_overrides(interp, entry_points):
    def plugin_loader(it, args, kwargs):
        name = args[0] if args else kwargs.get('name')
        target = entry_points.get('keystoneauth1.plugin', {}).get(name) if isinstance(name, str) else None
        if not target:
            return UNKNOWN
        modname, _, attr = target.partition(':')
        cls = it.module(modname).env.get(attr, UNKNOWN) if it.module(modname).env else UNKNOWN
        return it.call(cls, [], {})

    def plugin_options(it, args, kwargs):
        loader = plugin_loader(it, args, kwargs)
        return it.call(it.getattr(loader, 'get_options'), [], {})

    cfg = interp.modules['oslo_config.cfg']
    return {
        'keystoneauth1.loading.base.get_plugin_loader': plugin_loader,
        'keystoneauth1.loading.base.get_plugin_options': plugin_options,
        'keystoneauth1.loading._utils.get_oslo_config': lambda it, a, k: cfg,
        'keystoneclient.auth.base.get_plugin_class': lambda it, a, k: UNKNOWN,
    }


def normalize_listing(value):
    """A list_opts() result -> [(group name, [Opt])]."""
    pairs = []
    if isinstance(value, dict):
        value = list(value.items())
    for item in staticpy_iter(value):
        if isinstance(item, (list, tuple)) and len(item) == 2:
            group, opts = item
            if group is None:
                gname = 'DEFAULT'
            elif isinstance(group, OptGroup):
                gname = group.name
            elif isinstance(group, str):
                gname = group
            else:
                continue
            if not isinstance(gname, str):
                continue
            flat = []
            for o in staticpy_iter(opts):
                if isinstance(o, Opt):
                    flat.append(o)
                elif isinstance(o, (list, tuple)):
                    flat.extend(x for x in o if isinstance(x, Opt))
            pairs.append((gname, flat))
    return pairs


def staticpy_iter(v):
    if isinstance(v, (list, tuple)):
        return list(v)
    if isinstance(v, dict):
        return list(v.items())
    return []


def call_entry_point(interp, target, service_package):
    modname, _, funcname = target.partition(':')
    if modname == 'nova.conf.opts' and funcname == 'list_opts':
        # nova.conf.opts imports every module of nova/conf with pkgutil and merges their list_opts()
        result = []
        git, rev, path = interp.locate('nova.conf')
        prefix = path.rsplit('/', 1)[0] + '/'
        for f in sorted(git.files(rev)):
            if f.startswith(prefix) and f.endswith('.py') and '/' not in f[len(prefix):]:
                name = f[len(prefix):-3]
                if name in ('opts', '__init__'):
                    continue
                mod = interp.module('nova.conf.' + name)
                if mod.env and 'list_opts' in mod.env:
                    result.extend(normalize_listing(interp.call(mod.env['list_opts'], [], {})))
        return result
    mod = interp.module(modname)
    if not mod.env:
        return None
    func = mod.env.get(funcname, UNKNOWN)
    for part in funcname.split('.')[1:]:
        func = interp.getattr(func, part)
    if func is UNKNOWN:
        return None
    return normalize_listing(interp.call(func, [], {}))


def scan_package(interp, git, rev, package):
    """Havana-Kilo style: every module with `Opt(` (tests excluded), its module-level options and the
    group each is registered in (oslo-incubator's generator did the same by importing them)."""
    files = sorted(f for f in git.files(rev) if f.startswith(package + '/') and f.endswith('.py')
                   and '/tests/' not in f and '/test/' not in f)
    found = []
    for f in files:
        src = git.read(rev, f)
        if 'Opt(' not in (src or ''):
            continue
        modname = f[:-3].replace('/', '.')
        if modname.endswith('.__init__'):
            modname = modname[:-9]
        mod = interp.module(modname)
        if mod.env:
            # functions that register options (register_opts(conf) helpers) run with unknown arguments
            for name, value in list(mod.env.items()):
                if isinstance(value, staticpy.Func) and value.module is mod and value.closure is None:
                    if _calls_register(value.node):
                        try:
                            interp.call(value, [UNKNOWN] * len(value.node.args.args), {})
                        except staticpy.StepLimit:
                            raise
                        except Exception:
                            pass
            # register calls anywhere in the module (methods too: rpc securemessage registers its group in
            # __init__), with arguments that module-level names resolve
            for node in staticpy.ast.walk(getattr(mod, 'tree', staticpy.ast.Module(body=[]))):
                if isinstance(node, staticpy.ast.Call) and isinstance(node.func, staticpy.ast.Attribute) \
                        and node.func.attr in ('register_opts', 'register_opt', 'register_cli_opts',
                                               'register_cli_opt'):
                    try:
                        args = [interp.eval(a, {}, mod, None) for a in node.args]
                        kwargs = {k.arg: interp.eval(k.value, {}, mod, None) for k in node.keywords if k.arg}
                        saved = interp.current_module
                        interp.current_module = mod
                        interp.conf_method(None, node.func.attr, args, kwargs)
                        interp.current_module = saved
                    except staticpy.StepLimit:
                        raise
                    except Exception:
                        pass
            for value in mod.env.values():
                if isinstance(value, Opt):
                    found.append(value)
                elif isinstance(value, list):
                    found.extend(o for o in value if isinstance(o, Opt))
    # options made and registered inside functions (nova/debugger.py's [remote_debug] cli options)
    for opt, group, where in interp.registered:
        if where and (where == package or where.startswith(package + '.')):
            found.append(opt)
    return [o for o in found if o.kind != 'SubCommandOpt' and not o.positional]


def _calls_register(node):
    for sub in staticpy.ast.walk(node):
        if isinstance(sub, staticpy.ast.Attribute) and sub.attr in ('register_opts', 'register_opt',
                                                                     'register_cli_opts', 'register_cli_opt'):
            return True
    return False


def build_release(mirrors, service, row, log, tag_override=None):
    repo, package, gen_confs, col = SERVICES[service]
    series, req_ref = row[0], row[1]
    tag = tag_override or last_tag(mirrors, repo, row[col])
    if tag is None:
        raise SystemExit('%s: no tag for %s %s' % (service, series, row[col]))
    sgit = mirrors.git(repo)
    libs = library_versions(mirrors, req_ref, mirrors.date(repo, tag))
    prov = {'service': {'repo': 'openstack/' + repo, 'tag': tag, 'commit': sgit.commit(tag)},
            'requirements': {'repo': 'openstack/requirements', 'ref': req_ref,
                             'commit': mirrors.git('requirements').commit(req_ref)},
            'libraries': {}}
    roots = [(package, sgit, tag, '')]
    entry_points = {}
    service_eps = read_entry_points(sgit, tag)
    for key, table in service_eps.items():
        entry_points.setdefault(key, {}).update(table)
    ns_owner = {}
    for name, target in service_eps.get('oslo.config.opts', {}).items():
        ns_owner[name] = (target, repo)
    for pip_name, (version, how) in libs.items():
        lrepo, pkgs = LIBRARIES[pip_name]
        lgit = mirrors.git(lrepo)
        for p in pkgs:
            roots.append((p, lgit, version, ''))
        eps = read_entry_points(lgit, version)
        for name, target in eps.get('oslo.config.opts', {}).items():
            ns_owner.setdefault(name, (target, lrepo))
        for key, table in eps.items():
            if key != 'oslo.config.opts':
                entry_points.setdefault(key, {}).update(table)
        prov['libraries'][pip_name] = {'repo': 'openstack/' + lrepo, 'tag': version, 'commit': lgit.commit(version),
                                       'chosen_by': how}
    interp = Interp(roots, entry_points=entry_points)
    interp.max_steps = 60_000_000
    interp.overrides.update(make_overrides(interp, entry_points))
    gen_text = None
    for path in gen_confs:
        gen_text = sgit.read(tag, path)
        if gen_text:
            prov['generator_config'] = path
            break
    options = []  # (group, opt, namespace)
    if gen_text:
        namespaces = generator_namespaces(gen_text)
        prov['namespaces'] = namespaces
        for ns in namespaces:
            if ns not in ns_owner:
                if interp.locate(ns):
                    # no entry point of that name, but a module (Juno glance names
                    # keystoneclient.middleware.auth_token): the options it registers on import
                    before = len(interp.registered)
                    interp.module(ns)
                    for opt, group, _ in interp.registered[before:]:
                        options.append((group or 'DEFAULT', opt, ns))
                    prov.setdefault('namespaces_read_as_modules', []).append(ns)
                    continue
                log('  %s %s: namespace %s not found' % (service, series, ns))
                prov.setdefault('missing_namespaces', []).append(ns)
                continue
            target, owner = ns_owner[ns]
            pairs = call_entry_point(interp, target, package)
            if pairs is None:
                log('  %s %s: %s (%s) gave nothing' % (service, series, ns, target))
                prov.setdefault('failed_namespaces', []).append(ns)
                continue
            for gname, opts in pairs:
                for o in opts:
                    options.append((gname, o, ns))
    else:
        prov['mode'] = 'scan: every module of %s/ with options (no generator config at this tag)' % package
        found = scan_package(interp, sgit, tag, package)
        reqs = parse_requirements(sgit.read(tag, 'requirements.txt'))
        groups_of = {}
        for opt, group, _ in interp.registered:
            groups_of.setdefault(id(opt), []).append(group or 'DEFAULT')
        seen = set()
        for opt in found:
            if id(opt) in seen:
                continue
            seen.add(id(opt))
            for gname in sorted(set(groups_of.get(id(opt), ['DEFAULT']))):
                options.append((gname, opt, package))
        # libraries the service requires: all their namespaces; old keystone auth_token modules directly
        namespaces = []
        for pip_name in libs:
            if canon(pip_name) not in reqs:
                continue
            lrepo = LIBRARIES[pip_name][0]
            for ns, (target, owner) in sorted(ns_owner.items()):
                if owner == lrepo:
                    namespaces.append(ns)
        for mod_name in ('keystonemiddleware.auth_token', 'keystoneclient.middleware.auth_token'):
            top = 'keystonemiddleware' if mod_name.startswith('keystonemiddleware') else 'python-keystoneclient'
            if canon(top) in reqs and not any(ns.startswith('keystonemiddleware') for ns in namespaces):
                before = len(interp.registered)
                mod = interp.module(mod_name)
                for opt, group, _ in interp.registered[before:]:
                    options.append((group or 'DEFAULT', opt, mod_name))
                if mod.env is not None and len(interp.registered) == before:
                    # registered at import of a package __init__ already, or through a function
                    for opt, group, where in interp.registered:
                        if where and where.startswith(mod_name):
                            options.append((group or 'DEFAULT', opt, mod_name))
                namespaces.append(mod_name)
        prov['namespaces'] = namespaces
        for ns in namespaces:
            if ns in ns_owner:
                target, owner = ns_owner[ns]
                pairs = call_entry_point(interp, target, package)
                for gname, opts in pairs or []:
                    for o in opts:
                        options.append((gname, o, ns))
    if gen_text:
        reqs = parse_requirements(sgit.read(tag, 'requirements.txt'))
        listed = {(g, o.key_name()) for g, o, _ in options}
        for pip_name, ns in RUNTIME_NAMESPACES.get(service, []):
            if canon(pip_name) in reqs and ns not in prov.get('namespaces', []):
                if ns in ns_owner:
                    pairs = call_entry_point(interp, ns_owner[ns][0], package) or []
                elif ns == 'os_vif':
                    # os-vif before 2.5 has no oslo.config.opts entry point; what its list_plugins_opts() does later:
                    # each 'os_vif' entry point's plugin class CONFIG_OPTS, in group os_vif_<name>
                    manager = staticpy.Stevedore(interp, 'os_vif')
                    pairs = [('os_vif_' + ext.name, staticpy_iter(interp.getattr(ext.plugin, 'CONFIG_OPTS')))
                             for ext in manager]
                else:
                    continue
                for gname, opts in pairs:
                    for o in opts:
                        if (gname, o.key_name()) not in listed:
                            o.attrs['unlisted'] = True
                            options.append((gname, o, ns + ' (read at run time)'))
                prov.setdefault('runtime_namespaces', []).append(ns)
        # keystonemiddleware registers its legacy [keystone_authtoken] options (auth_host, admin_user, …:
        # keystonemiddleware/auth_token/_auth.py) on import, and reads them when auth_type is unset, but its
        # list_opts() omits them; oslo.config accepts them in the file. Kept, marked "unlisted".
        listed = {(g, o.key_name()) for g, o, _ in options}
        for opt, group, where in interp.registered:
            if where and where.startswith('keystonemiddleware.auth_token') and group == 'keystone_authtoken' \
                    and (group, opt.key_name()) not in listed:
                opt.attrs['unlisted'] = True
                options.append((group, opt, 'keystonemiddleware.auth_token (registered on import)'))
                listed.add((group, opt.key_name()))
    if any(g == 'keystone_authtoken' for g, _, _ in options):
        # as data/PROVENANCE.md's converter does: keystonemiddleware lists only auth_type/auth_section,
        # the password plugin's options (the usual auth_type) are appended
        loading = interp.module('keystoneauth1.loading')
        func = loading.env.get('get_auth_plugin_conf_options') if loading.env else None
        if func is not None:
            for o in staticpy_iter(interp.call(func, ['password'], {})):
                if isinstance(o, Opt):
                    options.append(('keystone_authtoken', o, 'keystoneauth1 password plugin'))
            prov['keystone_authtoken_plugin'] = 'password (keystoneauth1 loader options appended)'
    if interp.failures:
        prov['unparsed_modules'] = len(interp.failures)
    return options, prov, interp


# ------------------------------------------------------------------ output

def json_safe(v):
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    if isinstance(v, (list, tuple)):
        out = [json_safe(x) for x in v]
        return None if any(x is UNKNOWN_MARK for x in out) else out
    return UNKNOWN_MARK


UNKNOWN_MARK = object()


def opt_record(opt):
    rec = {'type': opt.type}
    if opt.item_type and opt.item_type not in ('string', 'unknown'):
        rec['item_type'] = opt.item_type
    choices = staticpy._choice_values(opt.choices)
    if choices:
        rec['choices'] = [c if isinstance(c, str) else json.dumps(c) for c in choices]
    item_choices = staticpy._choice_values(opt.attrs.get('item_choices'))
    if item_choices:
        rec['item_choices'] = [str(c) for c in item_choices]
    for k in ('min', 'max'):
        v = getattr(opt, k)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            rec[k] = v
    dep = []
    for group, name in opt.deprecated:
        pair = [group if isinstance(group, str) else None, (name.replace('-', '_') if isinstance(name, str) else None)]
        if pair not in dep and pair != [None, None]:
            dep.append(pair)
    if dep:
        rec['deprecated'] = dep
    if opt.deprecated_for_removal:
        rec['deprecated_for_removal'] = True
    if opt.secret:
        rec['secret'] = True
    if opt.multi:
        rec['multi'] = True
    if opt.attrs.get('unlisted'):
        rec['unlisted'] = True
    return rec


def collect(options):
    """[(group, opt, ns)] -> {group: {name: (record, help)}}.  As oslo-config-generator: within one
    namespace the last definition of a name wins (its _cleanup_opts), across namespaces the first."""
    out = {}
    owner = {}
    for gname, opt, ns in options:
        name = opt.key_name() if isinstance(opt.key_name(), str) else None
        if not name:
            continue
        group = out.setdefault(gname, {})
        if name in group and owner[(gname, name)] != ns:
            continue
        owner[(gname, name)] = ns
        group[name] = (opt_record(opt), opt.help)
    return out


def pack(per_release, service):
    """per_release: [{group: {name: (record, help)}}] in RELEASES order -> packed history + help."""
    groups = {}
    helps = {}
    for index, data in enumerate(per_release):
        if data is None:
            continue
        bit = 1 << index
        for gname, opts in data.items():
            g = groups.setdefault(gname, {})
            for name, (rec, text) in opts.items():
                variants = g.setdefault(name, [])
                for v in variants:
                    if v[1] == rec:
                        v[0] |= bit
                        break
                else:
                    variants.append([bit, rec])
                if text:
                    helps.setdefault(gname, {})[name] = _clip(' '.join(text.split()), 500)
    ordered = {g: {n: groups[g][n] for n in sorted(groups[g])} for g in sorted(groups)}
    return {'service': service, 'releases': SERIES, 'tags': {}, 'groups': ordered}, \
        {g: {n: helps[g][n] for n in sorted(helps[g])} for g in sorted(helps)}


def _clip(text, limit):
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(' ', 1)[0]
    return cut + '…'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--mirror', default='/work/.mirror')
    ap.add_argument('--out', default=os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'core', 'schema',
                                                  'data', 'history'))
    ap.add_argument('--only')
    ap.add_argument('--releases')
    ap.add_argument('--dump')
    ap.add_argument('--origins', help='write {service: {release: {group: {option: module}}}} here (for '
                                      'explaining differences; not shipped)')
    ap.add_argument('--service-tag', action='append', default=[], metavar='RELEASE=TAG',
                    help='read the service at TAG instead of its series\' last tag (with --only; '
                         'compare-option-history.py uses it to generate at the reference data\'s versions)')
    args = ap.parse_args()
    mirrors = Mirrors(args.mirror)
    services = [args.only] if args.only else list(SERVICES)
    wanted = set(args.releases.split(',')) if args.releases else None
    os.makedirs(args.out, exist_ok=True)
    provenance = {}
    prov_path = os.path.join(args.out, 'PROVENANCE.json')
    if wanted or args.only:
        if os.path.exists(prov_path):
            stored = json.load(open(prov_path))
            for service, per in stored.get('services', {}).items():
                for series, prov in per.items():
                    provenance.setdefault(service, {})[series] = dict(stored['releases'][series], **prov)
    log = lambda m: print(m, file=sys.stderr)  # noqa: E731
    origins = {}
    for service in services:
        per_release = []
        for row in RELEASES:
            if wanted and row[0] not in wanted:
                per_release.append(None)
                continue
            t0 = time.time()
            overrides = dict(x.split('=', 1) for x in args.service_tag)
            options, prov, interp = build_release(mirrors, service, row, log, overrides.get(row[0]))
            data = collect(options)
            if args.origins:
                origins.setdefault(service, {})[row[0]] = {
                    g: {o.key_name(): '%s (%s)' % (o.attrs.get('origin'), ns) for gg, o, ns in options if gg == g}
                    for g in {gg for gg, _, _ in options}}
            count = sum(len(v) for v in data.values())
            prov['groups'] = len(data)
            prov['options'] = count
            provenance.setdefault(service, {})[row[0]] = prov
            log('%s %-10s %-10s %4d groups %5d options  %.1fs' % (service, row[0], prov['service']['tag'], len(data),
                                                                  count, time.time() - t0))
            per_release.append(data)
            if args.dump:
                os.makedirs(args.dump, exist_ok=True)
                with open(os.path.join(args.dump, '%s-%s.json' % (service, row[0])), 'w') as fh:
                    json.dump({g: {n: r for n, (r, _) in o.items()} for g, o in data.items()}, fh, indent=0,
                              sort_keys=True)
        history, helps = pack(per_release, service)
        history['tags'] = {row[0]: provenance[service][row[0]]['service']['tag'] for row in RELEASES
                           if row[0] in provenance.get(service, {})}
        with open(os.path.join(args.out, service + '.json'), 'w') as fh:
            json.dump(history, fh, separators=(',', ':'), ensure_ascii=False)
        with open(os.path.join(args.out, service + '-help.json'), 'w') as fh:
            json.dump(helps, fh, separators=(',', ':'), ensure_ascii=False)
    with open(prov_path, 'w') as fh:
        json.dump(split_provenance(provenance), fh, indent=1, sort_keys=True)
    if args.origins:
        with open(args.origins, 'w') as fh:
            json.dump(origins, fh, indent=1)


def split_provenance(provenance):
    """Requirements and library versions are per release, not per service: stored once."""
    releases = {}
    services = {}
    for service, per in provenance.items():
        if service in ('releases', 'services'):
            continue
        for series, prov in per.items():
            prov = dict(prov)
            shared = {'requirements': prov.pop('requirements'), 'libraries': prov.pop('libraries')}
            releases.setdefault(series, shared)
            if releases[series] != shared:
                prov['libraries'] = shared['libraries']  # this service's own (pre-Kilo date cap)
            services.setdefault(service, {})[series] = prov
    return {'generator': 'scripts/schema/gen-option-history.py', 'releases': releases, 'services': services}


if __name__ == '__main__':
    main()
