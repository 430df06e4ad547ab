#!/usr/bin/env python3
"""Deprecated aliases and multi-valued options declared in an upstream release's code, for the legacy
samples that do not print them (the hand-written samples give most options no type).

Reads the *.py files of a tag in a git mirror (never checked out), statically with ast: every
cfg.*Opt('name', deprecated_name=, deprecated_group=, deprecated_opts=[cfg.DeprecatedOpt(name, group=)]).
Writes data/legacy/aliases-from-code.json, which scripts/convert-legacy-samples.mjs merges into the
options the sample lists. Names declared twice with different aliases (or once without) are left out (listed as ambiguous).

Usage: scripts/extract-legacy-aliases.py MIRROR_ROOT  (e.g. /work/.mirror; expects <root>/openstack+<repo>/repo)
"""
import ast
import json
import subprocess
import sys
from pathlib import Path

# sample file -> (repository, tag, the package directory whose code is read)
SOURCES = {
    'nova.conf.sample.2013.2': ('openstack/nova', '2013.2', 'nova'),
    'neutron.conf.2013.2': ('openstack/neutron', '2013.2', 'neutron'),
    'neutron.conf.2014.1': ('openstack/neutron', '2014.1', 'neutron'),
    'glance-api.conf.2013.2': ('openstack/glance', '2013.2', 'glance'),
    'glance-api.conf.2014.1': ('openstack/glance', '2014.1', 'glance'),
}


def git(git_dir, *args):
    return subprocess.run(['git', '--git-dir', str(git_dir), *args], check=True, capture_output=True, text=True).stdout


def literal(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def keyword(call, name):
    return next((k.value for k in call.keywords if k.arg == name), None)


def aliases_of(call):
    """The aliases an *Opt(...) call declares, as {group, name} (None: the option's own)."""
    out = []
    name = literal(keyword(call, 'deprecated_name')) if keyword(call, 'deprecated_name') is not None else None
    group = literal(keyword(call, 'deprecated_group')) if keyword(call, 'deprecated_group') is not None else None
    if name or group:
        out.append({'group': group, 'name': name})
    opts = keyword(call, 'deprecated_opts')
    for item in opts.elts if isinstance(opts, (ast.List, ast.Tuple)) else []:
        if isinstance(item, ast.Call):
            alias_name = literal(item.args[0]) if item.args else literal(keyword(item, 'name'))
            alias_group = literal(item.args[1]) if len(item.args) > 1 else literal(keyword(item, 'group'))
            out.append({'group': alias_group, 'name': alias_name})
    return out


def is_opt_call(node):
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ''
    return name.endswith('Opt') and name != 'DeprecatedOpt' and bool(node.args) and literal(node.args[0]) is not None


def opt_class(node):
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ''


def extract(git_dir, tag, package):
    found, ambiguous = {}, set()
    classes = {}
    files = [f for f in git(git_dir, 'ls-tree', '-r', '--name-only', tag, package).splitlines()
             if f.endswith('.py') and '/tests/' not in f]
    for path in files:
        try:
            tree = ast.parse(git(git_dir, 'show', f'{tag}:{path}'))
        except SyntaxError:
            continue  # Python 2 only files declare no options here
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and is_opt_call(node)):
                continue
            aliases = aliases_of(node)
            dest = literal(node.args[0]).replace('-', '_')
            classes.setdefault(dest, set()).add(opt_class(node))
            if dest in found and found[dest] != aliases:
                ambiguous.add(dest)
            found[dest] = aliases
    # a name declared without aliases elsewhere (another plugin's option) makes it ambiguous too
    # multi-valued: every declaration of the name is a MultiStrOpt
    multi = sorted(d for d, c in classes.items() if c == {'MultiStrOpt'})
    return {d: a for d, a in found.items() if a and d not in ambiguous}, sorted(d for d in ambiguous if d in found), multi


def main():
    root = Path(sys.argv[1])
    out = {}
    for sample, (repo, tag, package) in SOURCES.items():
        git_dir = root / repo.replace('/', '+') / 'repo'
        commit = git(git_dir, 'rev-parse', f'{tag}^{{commit}}').strip()
        aliases, ambiguous, multi = extract(git_dir, tag, package)
        out[sample] = {'repo': repo, 'tag': tag, 'commit': commit, 'aliases': dict(sorted(aliases.items())), 'ambiguous': ambiguous, 'multiValued': multi}
    target = Path(__file__).resolve().parent.parent / 'data' / 'legacy' / 'aliases-from-code.json'
    target.write_text(json.dumps(out, indent=1, sort_keys=False) + '\n')


if __name__ == '__main__':
    main()
