#!/usr/bin/env python3
"""devstack's variables, services and functions per release, Havana .. Gazpacho, from a git mirror of
openstack/devstack (/work/.mirror/openstack+devstack/repo, or --mirror DIR).

Writes src/core/schema/data/history/devstack.json:
  {"releases": [26 series], "refs": {series: {ref, commit}},
   "variables": {NAME: mask}, "services": {name: mask}, "functions": {name: mask}}
bit i of a mask = releases[i]. Read from each ref's stackrc, stack.sh, functions, functions-common, lib/**,
inc/**, extras.d/** (text only, no shell is run):
- variables: upper-case names assigned at the start of a line (`NAME=`, `export NAME=`, `declare ... NAME=`), given
  a default (`${NAME:-…}`), read (`$NAME`, `${NAME}`) or prompted for (`read_password NAME`): a local.conf that sets
  one is read by devstack;
- services: words of ENABLED_SERVICES/enable_service/disable_service/is_service_enabled lines (literal words only)
  and the first argument of run_process/screen_it/stop_process/service_check;
- functions: shell function definitions (`function name`, `name()`).
Python 3 standard library only.
"""

import argparse
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from staticpy import Git  # noqa: E402

SERIES = ['havana', 'icehouse', 'juno', 'kilo', 'liberty', 'mitaka', 'newton', 'ocata', 'pike', 'queens', 'rocky',
          'stein', 'train', 'ussuri', 'victoria', 'wallaby', 'xena', 'yoga', 'zed', 'antelope', 'bobcat', 'caracal',
          'dalmatian', 'epoxy', 'flamingo', 'gazpacho']
# the end of each stable branch as the mirror has it (eol/eom tag, else the branch)
REFS = {
    'havana': 'havana-eol', 'icehouse': 'icehouse-eol', 'juno': 'juno-eol', 'liberty': 'liberty-eol',
    'mitaka': 'mitaka-eol', 'newton': 'newton-eol', 'ocata': 'ocata-eol', 'pike': 'pike-eol', 'queens': 'queens-eol',
    'rocky': 'rocky-eol', 'stein': 'stein-eol', 'train': 'train-eol', 'ussuri': 'ussuri-eol',
    'victoria': 'victoria-eom', 'wallaby': 'wallaby-eom', 'xena': 'xena-eom', 'yoga': 'yoga-eom', 'zed': 'zed-eom',
    'antelope': '2023.1-eom', 'bobcat': '2023.2-eol', 'caracal': '2024.1-eom', 'dalmatian': '2024.2-eol',
    'epoxy': 'stable/2025.1', 'flamingo': 'stable/2025.2', 'gazpacho': 'stable/2026.1',
}
# no kilo-eol in the mirror: master on Kilo's release day (2015-04-30), on the first-parent line of liberty-eol
KILO = ('liberty-eol', '2015-04-30T23:59:59Z')

ASSIGN = re.compile(r'^\s*(?:export\s+|declare\s+(?:-\w+\s+)*|local\s+)?([A-Z][A-Z0-9_]*)\+?=', re.M)
DEFAULT = re.compile(r'\$\{([A-Z][A-Z0-9_]*):?[-=]')
FUNCTION = re.compile(r'^\s*(?:function\s+([A-Za-z_][\w:-]*)\s*(?:\(\s*\))?\s*\{?|([A-Za-z_][\w:-]*)\s*\(\s*\)\s*\{?)\s*$',
                      re.M)
SERVICE_LINE = re.compile(r'(?:ENABLED_SERVICES\+?=|enable_service|disable_service|is_service_enabled)([^\n#;&|)]*)')
# the first argument of the process helpers is a service name (run_process s-object "…")
PROCESS = re.compile(r'\b(?:run_process|screen_it|stop_process|screen_stop|service_check)\s+([a-z][a-z0-9-]*)\b')
REFERENCE = re.compile(r'\$\{?([A-Z][A-Z0-9_]*)')
READ_PASSWORD = re.compile(r'\bread_password\s+([A-Z][A-Z0-9_]*)')
SERVICE_WORD = re.compile(r'^[a-z][a-z0-9-]*$')


def files_of(git, rev):
    keep = []
    for path in git.files(rev):
        top = path.split('/')[0]
        if path in ('stackrc', 'stack.sh', 'functions', 'functions-common', 'unstack.sh') or \
                (top in ('lib', 'inc', 'extras.d') and '/tests/' not in path):
            keep.append(path)
    return sorted(keep)


def scan(git, rev):
    variables, services, functions = set(), set(), set()
    for path in files_of(git, rev):
        text = git.read(rev, path) or ''
        # comments out, so that commented examples do not count
        code = '\n'.join(line for line in text.split('\n') if not line.lstrip().startswith('#'))
        variables.update(ASSIGN.findall(code))
        variables.update(DEFAULT.findall(code))
        variables.update(REFERENCE.findall(code))
        variables.update(READ_PASSWORD.findall(code))
        services.update(PROCESS.findall(code))
        for a, b in FUNCTION.findall(code):
            functions.add(a or b)
        # stackrc documents services it has no literal test for (swift's s-object, s-container, s-account are
        # started as s-${type}) in commented `enable_service` examples
        examples = '\n'.join(line.lstrip('# ') for line in text.split('\n')
                             if path == 'stackrc' and re.match(r'^\s*#\s*enable_service\s', line))
        for match in SERVICE_LINE.findall(code + '\n' + examples):
            for word in re.split(r'[\s,="\']+', match):
                word = word.strip()
                if SERVICE_WORD.match(word) and word not in ('and', 'or'):
                    services.add(word)
    return variables, services, functions


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--mirror', default='/work/.mirror')
    ap.add_argument('--out', default=os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'core', 'schema',
                                                  'data', 'history', 'devstack.json'))
    args = ap.parse_args()
    git = Git(os.path.join(args.mirror, 'openstack+devstack', 'repo'))
    tables = {'variables': {}, 'services': {}, 'functions': {}}
    refs = {}
    for index, series in enumerate(SERIES):
        if series == 'kilo':
            ref = subprocess.run(['git', '--git-dir', git.git_dir, 'rev-list', '-n1', '--first-parent',
                                  '--before=' + KILO[1], KILO[0]], capture_output=True, check=True).stdout.decode().strip()
            refs[series] = {'ref': 'master at %s (no kilo-eol in the mirror)' % KILO[1][:10], 'commit': ref}
        else:
            ref = REFS[series]
            refs[series] = {'ref': ref, 'commit': git.commit(ref)}
        found = scan(git, ref)
        for name, items in zip(('variables', 'services', 'functions'), found):
            for item in items:
                tables[name][item] = tables[name].get(item, 0) | (1 << index)
        print('%-10s %-14s %5d variables %4d services %4d functions' % (series, refs[series]['ref'][:14],
                                                                           len(found[0]), len(found[1]),
                                                                           len(found[2])), file=sys.stderr)
    out = {'repository': 'openstack/devstack', 'generator': 'scripts/schema/gen-devstack-history.py',
           'releases': SERIES, 'refs': refs}
    for name, table in tables.items():
        out[name] = {k: table[k] for k in sorted(table)}
    with open(args.out, 'w') as fh:
        json.dump(out, fh, separators=(',', ':'))


if __name__ == '__main__':
    main()
