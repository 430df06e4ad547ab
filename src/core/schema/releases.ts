// OpenStack releases the project has option data for, and how to read release names people write.

export const KNOWN_RELEASES = ['havana', 'icehouse', 'zed', 'epoxy'] as const;
export type Release = (typeof KNOWN_RELEASES)[number];

/** Every release in order, so a release without data maps to the nearest one with data. */
const SERIES = [
  ['grizzly', '2013.1'],
  ['havana', '2013.2'],
  ['icehouse', '2014.1'],
  ['juno', '2014.2'],
  ['kilo', '2015.1'],
  ['liberty', '12'],
  ['mitaka', '13'],
  ['newton', '14'],
  ['ocata', '15'],
  ['pike', '16'],
  ['queens', '17'],
  ['rocky', '18'],
  ['stein', '19'],
  ['train', '20'],
  ['ussuri', '21'],
  ['victoria', '22'],
  ['wallaby', '23'],
  ['xena', '24'],
  ['yoga', '25'],
  ['zed', '2022.2'],
  ['antelope', '2023.1'],
  ['bobcat', '2023.2'],
  ['caracal', '2024.1'],
  ['dalmatian', '2024.2'],
  ['epoxy', '2025.1'],
  ['flamingo', '2025.2'],
  ['gazpacho', '2026.1'],
] as const;

export const RELEASE_LABELS: Record<Release, string> = {
  havana: 'Havana (2013.2)',
  icehouse: 'Icehouse (2014.1)',
  zed: 'Zed (2022.2)',
  epoxy: 'Epoxy (2025.1)',
};

/** devstack's two eras: screen + localrc (2014) and systemd + local.conf (current). */
export type DevstackEra = '2014' | 'current';

export function eraOf(release: Release): DevstackEra {
  return release === 'havana' || release === 'icehouse' ? '2014' : 'current';
}

export interface ReleaseName {
  /** the series named (e.g. juno), which may have no data */
  readonly series: string;
  /** the release with data used for it */
  readonly release: Release;
}

/** Reads `icehouse`, `Icehouse`, `2014.1`, `stable/icehouse`, `contrail/havana`, `icehouse-eol`, `unmaintained/zed`. */
export function parseReleaseName(text: string): ReleaseName | undefined {
  const cleaned = text
    .trim()
    .toLowerCase()
    .replace(/^(stable|unmaintained|contrail|origin)\//, '')
    .replace(/-eol$/, '')
    .replace(/^stable-/, '');
  const index = SERIES.findIndex(
    ([name, version]) => name === cleaned || version === cleaned || (cleaned.startsWith(name) && /^[a-z]+$/.test(name)),
  );
  if (index < 0) return undefined;
  return { series: SERIES[index][0], release: nearestKnown(index) };
}

/** The series the generated option history covers (data/history/, loadOptionHistory), Havana to Gazpacho. */
export const HISTORY_SERIES: readonly string[] = SERIES.slice(SERIES.findIndex(([name]) => name === 'havana')).map(([name]) => name);

/** The history series a release spelling names (`2014.1`, `stable/2023.2`, `unmaintained/zed`, `2024.1-eom`), if any. */
export function historySeries(text: string): string | undefined {
  const parsed = parseReleaseName(text.trim().replace(/-(eol|eom|em)$/i, ''));
  return parsed && HISTORY_SERIES.includes(parsed.series) ? parsed.series : undefined;
}

function nearestKnown(index: number): Release {
  let best: Release = 'epoxy';
  let bestDistance = Infinity;
  for (const release of KNOWN_RELEASES) {
    const distance = Math.abs(SERIES.findIndex(([name]) => name === release) - index);
    if (distance < bestDistance) {
      best = release;
      bestDistance = distance;
    }
  }
  return best;
}

export function releaseRange(releases: readonly Release[]): string {
  const sorted = KNOWN_RELEASES.filter((r) => releases.includes(r));
  if (sorted.length === 0) return 'no known release';
  const label = (r: Release): string => r[0].toUpperCase() + r.slice(1);
  // contiguous runs of known releases, e.g. "Havana–Icehouse, Epoxy"
  const runs: Release[][] = [];
  for (const r of sorted) {
    const last = runs[runs.length - 1];
    if (last && KNOWN_RELEASES.indexOf(last[last.length - 1]) === KNOWN_RELEASES.indexOf(r) - 1) last.push(r);
    else runs.push([r]);
  }
  return runs.map((run) => (run.length === 1 ? label(run[0]) : `${label(run[0])}–${label(run[run.length - 1])}`)).join(', ');
}
