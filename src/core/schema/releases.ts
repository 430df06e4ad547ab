// OpenStack releases the project has option data for, and how to read release names people write.

/** Every series in order with its year number, Grizzly (before the data starts) to Gazpacho. */
const SERIES = [
  ['grizzly', '2013.1'],
  ['havana', '2013.2'],
  ['icehouse', '2014.1'],
  ['juno', '2014.2'],
  ['kilo', '2015.1'],
  ['liberty', '2015.2'],
  ['mitaka', '2016.1'],
  ['newton', '2016.2'],
  ['ocata', '2017.1'],
  ['pike', '2017.2'],
  ['queens', '2018.1'],
  ['rocky', '2018.2'],
  ['stein', '2019.1'],
  ['train', '2019.2'],
  ['ussuri', '2020.1'],
  ['victoria', '2020.2'],
  ['wallaby', '2021.1'],
  ['xena', '2021.2'],
  ['yoga', '2022.1'],
  ['zed', '2022.2'],
  ['antelope', '2023.1'],
  ['bobcat', '2023.2'],
  ['caracal', '2024.1'],
  ['dalmatian', '2024.2'],
  ['epoxy', '2025.1'],
  ['flamingo', '2025.2'],
  ['gazpacho', '2026.1'],
] as const;

/** The 26 releases with option data (data/history/, and richer files for four of them), oldest first. */
export const RELEASES = [
  'havana',
  'icehouse',
  'juno',
  'kilo',
  'liberty',
  'mitaka',
  'newton',
  'ocata',
  'pike',
  'queens',
  'rocky',
  'stein',
  'train',
  'ussuri',
  'victoria',
  'wallaby',
  'xena',
  'yoga',
  'zed',
  'antelope',
  'bobcat',
  'caracal',
  'dalmatian',
  'epoxy',
  'flamingo',
  'gazpacho',
] as const satisfies readonly (typeof SERIES)[number][0][];
export type Release = (typeof RELEASES)[number];

/** Nova's major version of each release from Liberty (12) to Yoga (25), which people also write. */
const NOVA_MAJOR_FIRST = { release: 'liberty', major: 12, last: 'yoga' } as const;

function capitalise(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** "Juno (2014.2)", "Antelope (2023.1)" */
export const RELEASE_LABELS = Object.fromEntries(
  RELEASES.map((r) => [r, `${capitalise(r)} (${SERIES.find(([name]) => name === r)?.[1] ?? '?'})`]),
) as Readonly<Record<Release, string>>;

/** "Juno" */
export function releaseName(release: Release): string {
  return capitalise(release);
}

/** devstack's two eras: screen + localrc (to Juno: the data of devstack 2014) and systemd + local.conf (current). */
export type DevstackEra = '2014' | 'current';

export function eraOf(release: Release): DevstackEra {
  return RELEASES.indexOf(release) <= RELEASES.indexOf('juno') ? '2014' : 'current';
}

export interface ReleaseName {
  /** the series named (e.g. grizzly), which may have no data */
  readonly series: string;
  /** the release with data used for it (the series itself, or Havana for Grizzly) */
  readonly release: Release;
}

/**
 * Reads `icehouse`, `Icehouse`, `2014.1`, `stable/icehouse`, `stable/2023.2`, `unmaintained/zed`,
 * `contrail/havana`, `icehouse-eol`, `2024.1-eom`, `origin/stable/juno`, and nova's majors 12–25.
 */
export function parseReleaseName(text: string): ReleaseName | undefined {
  const cleaned = text
    .trim()
    .toLowerCase()
    .replace(/^(?:refs\/(?:heads|tags|remotes)\/)?(?:origin\/)?/, '')
    .replace(/^(stable|unmaintained|contrail|origin)\//, '')
    .replace(/-(eol|eom|em|last)$/, '')
    .replace(/^stable-/, '');
  let index = SERIES.findIndex(([name, version]) => name === cleaned || version === cleaned);
  if (index < 0 && /^\d+$/.test(cleaned)) {
    const first = SERIES.findIndex(([name]) => name === NOVA_MAJOR_FIRST.release);
    const candidate = first + Number(cleaned) - NOVA_MAJOR_FIRST.major;
    if (candidate >= first && candidate <= SERIES.findIndex(([name]) => name === NOVA_MAJOR_FIRST.last)) index = candidate;
  }
  // a branch of the series (`havana-contrail`, `icehousexyz` are not: only the name followed by a separator)
  if (index < 0) index = SERIES.findIndex(([name]) => cleaned.startsWith(name) && /^[-_./]/.test(cleaned.slice(name.length)));
  if (index < 0) return undefined;
  const series = SERIES[index][0];
  const release = (RELEASES as readonly string[]).includes(series) ? (series as Release) : RELEASES[0];
  return { series, release };
}

/** The releases from `first` to `last` (the newest when absent), in order. */
export function releasesBetween(first: Release, last: Release = RELEASES[RELEASES.length - 1]): Release[] {
  return RELEASES.slice(RELEASES.indexOf(first), RELEASES.indexOf(last) + 1);
}

/** " (grizzly: nearest data is havana)" when a series before the data was named; "" otherwise. */
export function nearestNote(named: ReleaseName): string {
  return named.series !== named.release ? ` (${named.series}: nearest data is ${named.release})` : '';
}

/** Bit i of a release mask is RELEASES[i]. */
export function releaseBit(release: Release): number {
  return 2 ** RELEASES.indexOf(release);
}

export function releasesInMask(mask: number): Release[] {
  if (mask === 0) return [];
  // 26 bits: within the 32 that bit operators see
  return RELEASES.filter((_, index) => ((mask >>> index) & 1) === 1);
}

/** "Havana–Yoga", "Havana–Icehouse, Zed": the runs of consecutive releases. */
export function releaseRange(releases: readonly Release[]): string {
  const indexes = RELEASES.map((r, i) => (releases.includes(r) ? i : -1)).filter((i) => i >= 0);
  if (indexes.length === 0) return 'no release';
  const runs: [number, number][] = [];
  for (const i of indexes) {
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  const label = (i: number): string => releaseName(RELEASES[i]);
  return runs.map(([from, to]) => (from === to ? label(from) : `${label(from)}–${label(to)}`)).join(', ');
}

/**
 * Where `release` stands against the releases that know something: "known Havana–Yoga, removed in Zed",
 * "known Rocky–Gazpacho: added in Rocky", "known Havana–Juno, Liberty"; undefined when it knows it too.
 */
export function lifetimeNote(known: readonly Release[], release: Release): string | undefined {
  const change = releaseChange(known, release);
  return change && `known ${releaseRange(known)}${change.startsWith('removed') ? ', ' : ': '}${change}`;
}

/** "removed in Zed", "added in Rocky", "not in Kilo": how `release` differs from the releases that know something. */
export function releaseChange(known: readonly Release[], release: Release): string | undefined {
  if (known.length === 0 || known.includes(release)) return undefined;
  const at = RELEASES.indexOf(release);
  const indexes = known.map((r) => RELEASES.indexOf(r)).sort((a, b) => a - b);
  const last = indexes[indexes.length - 1];
  if (last < at) return `removed in ${releaseName(RELEASES[last + 1])}`;
  if (indexes[0] > at) return `added in ${releaseName(RELEASES[indexes[0]])}`;
  return `not in ${releaseName(release)}`;
}
