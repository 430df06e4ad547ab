#!/usr/bin/env python3
"""Choices of list items (ListOpt(item_type=types.String(choices=…))), per service and release.

oslo-config-generator's JSON does not give a list's item type, so the Zed/Epoxy data has no item
choices (enabled_apis = /var/log/nova passed). Read statically with ast from the release's code in a
git mirror (never checked out); only literal choices. Keyed by option name: the linter applies them
to the list options of that name. A name declared twice with different choices is left out.

Usage: scripts/extract-list-choices.py MIRROR_ROOT  → src/core/schema/data/list-item-choices.json
"""
import ast
import json
import subprocess
import sys
from pathlib import Path

SERVICES = {'nova': ('openstack/nova', 'nova'), 'neutron': ('openstack/neutron', 'neutron'), 'glance-api': ('openstack/glance', 'glance')}
RELEASES = {'zed': 'zed-eom', 'epoxy': 'stable/2025.1'}


def git(git_dir, *args):
    return subprocess.run(['git', '--git-dir', str(git_dir), *args], check=True, capture_output=True, text=True).stdout


def literal_choices(node):
    if not isinstance(node, (ast.List, ast.Tuple)):
        return None
    out = []
    for item in node.elts:
        if isinstance(item, ast.Tuple) and item.elts:  # (value, help) pairs
            item = item.elts[0]
        if not (isinstance(item, ast.Constant) and isinstance(item.value, str)):
            return None
        out.append(item.value)
    return out


def list_choices(tree):
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
            continue
        func = node.func
        if (func.attr if isinstance(func, ast.Attribute) else getattr(func, 'id', '')) != 'ListOpt':
            continue
        item_type = next((k.value for k in node.keywords if k.arg == 'item_type'), None)
        if not isinstance(item_type, ast.Call):
            continue
        choices = literal_choices(next((k.value for k in item_type.keywords if k.arg == 'choices'), None))
        if choices:
            yield node.args[0].value.replace('-', '_'), choices


def main():
    root = Path(sys.argv[1])
    out = {'source': 'ListOpt item choices read with ast by scripts/extract-list-choices.py', 'services': {}}
    for service, (repo, package) in SERVICES.items():
        git_dir = root / repo.replace('/', '+') / 'repo'
        for release, ref in RELEASES.items():
            found, ambiguous = {}, set()
            for path in git(git_dir, 'ls-tree', '-r', '--name-only', ref, package).splitlines():
                if not path.endswith('.py') or '/tests/' in path:
                    continue
                for name, choices in list_choices(ast.parse(git(git_dir, 'show', f'{ref}:{path}'))):
                    if name in found and found[name]['choices'] != choices:
                        ambiguous.add(name)
                    found[name] = {'choices': choices, 'file': path}
            commit = git(git_dir, 'rev-parse', f'{ref}^{{commit}}').strip()
            out['services'].setdefault(service, {})[release] = {
                'ref': f'{repo} {ref} {commit}',
                'options': {n: v for n, v in sorted(found.items()) if n not in ambiguous},
            }
    target = Path(__file__).resolve().parent.parent / 'src' / 'core' / 'schema' / 'data' / 'list-item-choices.json'
    target.write_text(json.dumps(out, indent=1) + '\n')


if __name__ == '__main__':
    main()
