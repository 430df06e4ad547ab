#!/usr/bin/env python3
"""Agreement of the option history (gen-option-history.py) with independent data.

- Zed and Epoxy: src/core/schema/data/<service>-{zed,epoxy}.json, made by oslo-config-generator from Debian's
  packages (data/PROVENANCE.md), on (group, option, type, deprecated aliases). Two figures:
  * "same versions": the generator run at the tags of Debian's packages (nova 26.2.2, ...), so only the
    method differs;
  * "shipped": the history as shipped (each series' last tag).
- Havana and Icehouse: src/core/schema/data/<service>-{havana,icehouse}.json, converted from the upstream
  samples in data/legacy/. nova's samples were generated (every option is listed); neutron's and glance's
  were written by hand and list a selection, so for them the figure that matters is how many of the
  sample's options the history knows (coverage).

Groups are compared case-insensitively except DEFAULT, as oslo.config reads them. Writes
src/core/schema/data/history/AGREEMENT.md (figures, then every difference with its reason from
agreement_reasons.py).  Python 3 standard library only.
Usage: compare-option-history.py [--history DIR] [--out FILE] [--mirror DIR] [--no-regenerate]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', '..', 'src', 'core', 'schema', 'data')
SERVICES = ['nova', 'neutron', 'glance-api']
# the versions of Debian's packages the Zed/Epoxy reference data was generated from (data/PROVENANCE.md)
REFERENCE_TAGS = {
    'nova': {'zed': '26.2.2', 'epoxy': '31.0.0'},
    'neutron': {'zed': '21.0.0', 'epoxy': '26.0.3'},
    'glance-api': {'zed': '25.1.0', 'epoxy': '30.0.0'},
}
REFERENCE_TYPES = {'string', 'boolean', 'integer', 'floating point', 'port', 'list', 'dict', 'multi valued',
                   'ip address', 'host address', 'host domain', 'uri', 'unknown'}
HAND_WRITTEN = {('neutron', 'havana'), ('neutron', 'icehouse'), ('glance-api', 'havana'),
                ('glance-api', 'icehouse')}

sys.path.insert(0, HERE)
from agreement_reasons import REASONS  # noqa: E402


def group_key(g):
    return g if g == 'DEFAULT' else g.lower()


def load_history(directory, service):
    with open(os.path.join(directory, service + '.json')) as fh:
        return json.load(fh)


def release_view(history, release):
    bit = 1 << history['releases'].index(release)
    out = {}
    for group, options in history['groups'].items():
        for name, variants in options.items():
            for mask, rec in variants:
                if mask & bit:
                    out.setdefault((group_key(group), name), rec)
    return out


def reference_view(path):
    with open(path) as fh:
        data = json.load(fh)
    out = {}
    for group, g in data['groups'].items():
        for name, opt in g['options'].items():
            out.setdefault((group_key(group), name), opt)
    return out


def norm_type(t):
    return t if t in REFERENCE_TYPES else 'unknown'


def resolve(group, name, pairs):
    out = set()
    for g, n in pairs:
        g = group if g is None else group_key(g)
        out.add((g, (n or name).replace('-', '_')))
    out.discard((group, name))
    return out


def compare(service, release, hist, ref):
    legacy = release in ('havana', 'icehouse')
    hand = (service, release) in HAND_WRITTEN
    rows = []
    same = 0
    alias_of = {}
    for (group, name), rec in hist.items():
        for alias in resolve(group, name, rec.get('deprecated', [])):
            alias_of.setdefault(alias, (group, name))
    if not legacy:
        # options oslo.config reads that no list_opts() lists (see gen-option-history.py): beyond what
        # oslo-config-generator can show, so not part of this comparison; AGREEMENT.md names them
        hist = {k: v for k, v in hist.items() if not v.get('unlisted')}
    for key in sorted(set(hist) | set(ref)):
        group, name = key
        h, r = hist.get(key), ref.get(key)
        if h is None and key in alias_of:
            # the sample lists an option under its old name or group, which oslo.config still reads
            rows.append((key, 'alias in history', 'deprecated alias of [%s] %s' % alias_of[key]))
            continue
        if h is None or r is None:
            rows.append((key, 'only in reference' if h is None else 'only in history', ''))
            continue
        problems = []
        ht, rt = norm_type(h['type']), r['type']
        if ht != rt and not (legacy and rt == 'unknown'):
            problems.append('type %s vs %s' % (ht, rt))
        ha = resolve(group, name, h.get('deprecated', []))
        ra = resolve(group, name, [(d.get('group'), d.get('name')) for d in r.get('deprecated_opts', []) or []])
        if legacy:
            # the 2013-2014 samples print renamed aliases only, a missing group as [DEFAULT]
            ha = {('*', n) for g, n in ha if n != name}
            ra = {('*', n) for g, n in ra if n != name}
        compare_aliases = not legacy or (release == 'icehouse' and (not hand or ra))
        if compare_aliases and ha != ra:
            problems.append('aliases %s vs %s' % (_fmt(ha - ra) or '-', _fmt(ra - ha) or '-'))
        if problems:
            rows.append((key, 'differs', '; '.join(problems)))
        else:
            same += 1
    return same, rows


def _fmt(aliases):
    return ', '.join('[%s] %s' % a for a in sorted(aliases))


def reason_for(service, release, group, name, kind):
    for key in ((service, release, group, name), (service, release, group, '*'), (service, '*', group, name),
                (service, '*', group, '*'), ('*', release, group, name), ('*', release, group, '*'),
                ('*', '*', group, name), ('*', '*', group, '*'), (service, release, '*', kind)):
        if key in REASONS:
            return REASONS[key]
    return None


def regenerate(mirror, service):
    """The generator at the reference data's service versions, into a temporary directory."""
    out = tempfile.mkdtemp(prefix='option-history-')
    cmd = [sys.executable, os.path.join(HERE, 'gen-option-history.py'), '--mirror', mirror, '--out', out,
           '--only', service, '--releases', 'zed,epoxy']
    for release, tag in REFERENCE_TAGS[service].items():
        cmd += ['--service-tag', '%s=%s' % (release, tag)]
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    return load_history(out, service)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--history', default=os.path.join(DATA, 'history'))
    ap.add_argument('--out', default=os.path.join(DATA, 'history', 'AGREEMENT.md'))
    ap.add_argument('--mirror', default='/work/.mirror')
    ap.add_argument('--no-regenerate', action='store_true')
    args = ap.parse_args()
    figures = []
    details = []
    unexplained = 0
    for service in SERVICES:
        history = load_history(args.history, service)
        same_versions = None if args.no_regenerate else regenerate(args.mirror, service)
        for release in ('havana', 'icehouse', 'zed', 'epoxy'):
            ref = reference_view(os.path.join(DATA, '%s-%s.json' % (service, release)))
            variants = [('shipped', history)]
            if release in ('zed', 'epoxy') and same_versions is not None:
                variants.insert(0, ('same versions', same_versions))
            for label, hist_data in variants:
                hist = release_view(hist_data, release)
                same, rows = compare(service, release, hist, ref)
                if release in ('zed', 'epoxy'):
                    hist = {k: v for k, v in hist.items() if not v.get('unlisted')}
                total = len(set(hist) | set(ref))
                only_ref = sum(1 for r in rows if r[1] == 'only in reference')
                only_hist = sum(1 for r in rows if r[1] == 'only in history')
                differs = sum(1 for r in rows if r[1] == 'differs')
                as_alias = sum(1 for r in rows if r[1] == 'alias in history')
                covered = len(ref) - only_ref
                tag = REFERENCE_TAGS[service][release] if label == 'same versions' else \
                    hist_data.get('tags', {}).get(release, '')
                figures.append((service, release, label, tag, same, total, len(ref), covered, only_ref, only_hist,
                                differs))
                print('%-10s %-9s %-13s agree %4d/%4d = %6.2f %%  reference %4d, known %4d = %6.2f %%; '
                      '%d missing, %d extra, %d differ' % (
                          service, release, label, same, total, 100.0 * same / total, len(ref), covered,
                          100.0 * covered / len(ref), only_ref, only_hist, differs))
                details.append((service, release, label, rows))
                for (group, name), kind, _ in rows:
                    if reason_for(service, release, group, name, kind) is None:
                        unexplained += 1
    unlisted = []
    for service in SERVICES:
        history = load_history(args.history, service)
        for release in ('zed', 'epoxy'):
            names = sorted('[%s] %s' % k for k, v in release_view(history, release).items() if v.get('unlisted'))
            if names:
                unlisted.append((service, release, names))
    write_report(args.out, figures, details, unlisted)
    print('unexplained differences: %d' % unexplained)


def write_report(path, figures, details, unlisted):
    lines = [
        '# Option history: agreement with independent data', '',
        'Written by `python3 scripts/schema/compare-option-history.py` (do not edit). Inputs: `history/<service>.json`,',
        'the reference files in `src/core/schema/data/` (`PROVENANCE.md` there) and, for the "same versions" rows, the',
        'generator run again at the service versions of the reference (Debian\'s packages).',
        '',
        'A key is (group, option); groups compare case-insensitively except DEFAULT (oslo.config lowercases them).',
        'A key **agrees** when both sides have it with the same type and the same deprecated aliases (each alias',
        'resolved to (group, name); no group = the option\'s own group). *agree %* is over the union of both key',
        'sets; *known %* is the share of the reference\'s keys the history has, as an option or as one\'s deprecated',
        'alias (then it does not agree, but oslo.config reads it).',
        '',
        'Havana/Icehouse: the references are the upstream samples. A type is compared only where the sample prints',
        'one. Aliases are compared by name only, because the samples print renames only and show a missing group as',
        '[DEFAULT]. Havana nova prints no aliases, and neutron and glance print them only where the sample has some.',
        'neutron\'s and glance\'s samples were written by hand and list a selection of options, so there *known %*',
        'is the figure that counts: their *extra* keys are the code\'s other options.',
        '',
        '| service | release | history | service tag | agree | union | agree % | reference keys | known | known % '
        '| missing | extra | differ |',
        '|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|']
    for (service, release, label, tag, same, total, nref, covered, only_ref, only_hist, differs) in figures:
        lines.append('| %s | %s | %s | %s | %d | %d | %.2f | %d | %d | %.2f | %d | %d | %d |' % (
            service, release, label, tag, same, total, 100.0 * same / total, nref, covered, 100.0 * covered / nref,
            only_ref, only_hist, differs))
    lines.append('')
    lines.append('Not compared: options the history marks `unlisted`, which oslo.config reads but no generator output can')
    lines.append('show. keystonemiddleware registers its legacy [keystone_authtoken] options on import')
    lines.append('(keystonemiddleware/auth_token/_auth.py) and reads them when auth_type is unset, but its list_opts()')
    lines.append('omits them. nova calls os_vif.initialize(), which registers [os_vif_<plugin>], while its generator')
    lines.append('config lists the os_vif namespace only from 2023.1 on:')
    lines.append('')
    for service, release, names in unlisted:
        lines.append('- %s %s (%d): %s' % (service, release, len(names), ', '.join(names)))
    lines.append('')
    lines.append('## Differences and their reasons')
    lines.append('')
    lines.append('"missing" = in the reference only, "extra" = in the history only.')
    lines.append('')
    for service, release, label, rows in details:
        if not rows:
            continue
        lines.append('### %s %s (%s): %d' % (service, release, label, len(rows)))
        lines.append('')
        by_reason = {}
        for (group, name), kind, what in rows:
            reason = reason_for(service, release, group, name, kind) or '**not explained**'
            word = {'only in reference': 'missing', 'only in history': 'extra', 'differs': 'differs',
                    'alias in history': 'known as an alias'}[kind]
            by_reason.setdefault((word, reason), []).append('[%s] %s%s' % (group, name, (' (%s)' % what) if what else ''))
        for (word, reason), items in sorted(by_reason.items(), key=lambda kv: (kv[0][0], -len(kv[1]))):
            lines.append('- %s (%d): %s. Keys: %s' % (word, len(items), reason, ', '.join(items)))
        lines.append('')
    with open(path, 'w') as fh:
        fh.write('\n'.join(lines))


if __name__ == '__main__':
    main()
