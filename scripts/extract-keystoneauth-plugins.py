#!/usr/bin/env python3
"""The options of each keystoneauth1 auth plugin (auth_type), per release, read statically.

A group that loads an auth plugin from config (nova's [placement], [neutron], [service_user], …) holds,
besides the options the generator lists, the options of the plugin named by its auth_type. Those are
registered at run time, so oslo-config-generator data marks such groups "open"; this file lets the
linter check them. Read from a git mirror of openstack/keystoneauth at the version the release's
upper-constraints pin (never checked out): setup.cfg's keystoneauth1.plugin entry points, then each
loader class's get_options(), following its base classes, with ast.

Usage: scripts/extract-keystoneauth-plugins.py MIRROR_ROOT  → src/core/schema/data/keystoneauth-plugins.json
"""
import ast
import configparser
import json
import subprocess
import sys
from pathlib import Path

# release → (requirements ref whose upper-constraints.txt pins keystoneauth1)
RELEASES = {'zed': 'zed-eom', 'epoxy': 'stable/2025.1'}


def git(git_dir, *args):
    return subprocess.run(['git', '--git-dir', str(git_dir), *args], check=True, capture_output=True, text=True).stdout


class Module:
    def __init__(self, git_dir, tag, dotted):
        self.dotted = dotted
        path = dotted.replace('.', '/')
        try:
            source = git(git_dir, 'show', f'{tag}:{path}.py')
        except subprocess.CalledProcessError:
            source = git(git_dir, 'show', f'{tag}:{path}/__init__.py')
        self.tree = ast.parse(source)
        self.classes = {n.name: n for n in self.tree.body if isinstance(n, ast.ClassDef)}
        self.lists = {}
        self.imports = {}
        self.functions = {n.name: n for n in self.tree.body if isinstance(n, ast.FunctionDef)}
        self.star_imports = [n.module for n in self.tree.body if isinstance(n, ast.ImportFrom) and n.module and any(a.name == '*' for a in n.names)]
        for node in self.tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                self.lists[node.targets[0].id] = node.value
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = f'{node.module}.{alias.name}'


def opt_names(node, module):
    """Dest names of the Opt('name') calls under node, and of module-level lists it names."""
    names = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            func = sub.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, 'id', '')
            if called == 'Opt' and sub.args and isinstance(sub.args[0], ast.Constant):
                names.append(sub.args[0].value.replace('-', '_'))
            # a module helper that adds options (v3's _add_common_identity_options)
            if isinstance(func, ast.Name) and func.id in module.functions:
                names.extend(opt_names(module.functions[func.id], module))
        if isinstance(sub, ast.Name) and sub.id in module.lists and sub.id.isupper():
            names.extend(opt_names(module.lists[sub.id], module))
    return names


class Reader:
    def __init__(self, git_dir, tag):
        self.git_dir, self.tag, self.modules = git_dir, tag, {}

    def module(self, dotted):
        if dotted not in self.modules:
            self.modules[dotted] = Module(self.git_dir, self.tag, dotted)
        return self.modules[dotted]

    def resolve(self, module, base):
        """The (module, class) a base-class expression names: Name, or loading.X / base.X attributes."""
        if isinstance(base, ast.Subscript):  # a generic base (5.x typing): BaseV3Loader[V3Password]
            base = base.value
        if isinstance(base, ast.Name):
            if base.id in module.classes:
                return module, module.classes[base.id]
            target = module.imports.get(base.id)
            if target:
                mod, _, cls = target.rpartition('.')
                return self.find(mod, cls)
        if isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name):
            target = module.imports.get(base.value.id, base.value.id)
            return self.find(target, base.attr)
        return None

    def find(self, dotted, cls):
        try:
            module = self.module(dotted)
        except subprocess.CalledProcessError:
            return None
        if cls in module.classes:
            return module, module.classes[cls]
        target = module.imports.get(cls)
        if target and target != f'{dotted}.{cls}':
            mod, _, name = target.rpartition('.')
            return self.find(mod, name)
        for star in module.star_imports:
            found = self.find(star, cls)
            if found:
                return found
        return None

    def options(self, module, cls):
        names = []
        for base in cls.bases:
            found = self.resolve(module, base)
            if found:
                names.extend(self.options(*found))
        method = next((n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == 'get_options'), None)
        if method:
            names.extend(opt_names(method, module))
        return names


def plugins(git_dir, tag):
    config = configparser.ConfigParser()
    config.read_string(git(git_dir, 'show', f'{tag}:setup.cfg'))
    reader = Reader(git_dir, tag)
    out = {}
    for line in config['entry_points']['keystoneauth1.plugin'].strip().splitlines():
        name, _, target = (part.strip() for part in line.partition('='))
        dotted, _, cls = target.partition(':')
        found = reader.find(dotted, cls)
        if found:
            out[name] = sorted(set(reader.options(*found)))
    return out


def main():
    root = Path(sys.argv[1])
    requirements = root / 'openstack+requirements' / 'repo'
    keystoneauth = root / 'openstack+keystoneauth' / 'repo'
    out = {'source': 'openstack/keystoneauth keystoneauth1.plugin entry points and their loaders\' get_options(), '
                     'at the version openstack/requirements pins; written by scripts/extract-keystoneauth-plugins.py',
           'releases': {}}
    for release, ref in RELEASES.items():
        pins = git(requirements, 'show', f'{ref}:upper-constraints.txt')
        version = next(l.split('===')[1].strip() for l in pins.splitlines() if l.startswith('keystoneauth1==='))
        out['releases'][release] = {
            'requirements': f'{ref} {git(requirements, "rev-parse", ref + "^{commit}").strip()}',
            'keystoneauth1': f'{version} {git(keystoneauth, "rev-parse", version + "^{commit}").strip()}',
            'plugins': plugins(keystoneauth, version),
        }
    target = Path(__file__).resolve().parent.parent / 'src' / 'core' / 'schema' / 'data' / 'keystoneauth-plugins.json'
    target.write_text(json.dumps(out, indent=1) + '\n')


if __name__ == '__main__':
    main()
