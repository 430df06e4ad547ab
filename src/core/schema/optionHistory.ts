// The option history of one service over all 26 releases (Havana–Gazpacho), generated from the upstream
// sources by scripts/schema/gen-option-history.py: each option's variants stored once, each with a bitmask of
// the releases (indexes into `releases`) it held in. Help texts are in a separate file, loaded for hover.

/** [group, name] of a deprecated alias; null = the option's own group / name. */
export type AliasPair = readonly [string | null, string | null];

export interface OptionVariant {
  /** oslo-config-generator's type name without " value" (string, integer, port, hostname, …) */
  readonly type: string;
  readonly item_type?: string;
  readonly choices?: readonly string[];
  readonly item_choices?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly deprecated?: readonly AliasPair[];
  readonly deprecated_for_removal?: boolean;
  readonly secret?: boolean;
  readonly multi?: boolean;
  /** registered on import (oslo.config reads it) but listed by no list_opts(): keystonemiddleware's legacy options */
  readonly unlisted?: boolean;
}

export interface PackedOptionHistory {
  readonly service: string;
  /** series names in order; bit i of a mask is releases[i] */
  readonly releases: readonly string[];
  /** series → the service's git tag read for it */
  readonly tags: Readonly<Record<string, string>>;
  readonly groups: Readonly<Record<string, Readonly<Record<string, readonly (readonly [number, OptionVariant])[]>>>>;
}

/** group → option → help text of the newest release that had one */
export type OptionHistoryHelp = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** oslo.config reads group names case-insensitively, except DEFAULT. */
function groupKey(group: string): string {
  return group === 'DEFAULT' ? group : group.toLowerCase();
}

export interface AliasTarget {
  readonly group: string;
  readonly name: string;
  /** the releases in which (group, name) is the target's deprecated alias */
  readonly mask: number;
}

/** Queries over one packed history; groups match case-insensitively except DEFAULT. */
export class OptionHistory {
  private readonly groups = new Map<string, Map<string, readonly (readonly [number, OptionVariant])[]>>();
  private readonly groupNames = new Map<string, string>();
  private aliases: Map<string, AliasTarget[]> | undefined;

  constructor(readonly data: PackedOptionHistory) {
    for (const [group, options] of Object.entries(data.groups)) {
      const key = groupKey(group);
      this.groupNames.set(key, this.groupNames.get(key) ?? group);
      const table = this.groups.get(key) ?? new Map<string, readonly (readonly [number, OptionVariant])[]>();
      for (const [name, variants] of Object.entries(options)) table.set(name, [...(table.get(name) ?? []), ...variants]);
      this.groups.set(key, table);
    }
  }

  get releases(): readonly string[] {
    return this.data.releases;
  }

  bit(release: string): number {
    const index = this.data.releases.indexOf(release);
    if (index < 0) throw new Error(`unknown release ${release} (known: ${this.data.releases.join(', ')})`);
    return 2 ** index;
  }

  /** The option as it was in `release`, or undefined when that release did not have it. */
  option(group: string, name: string, release: string): OptionVariant | undefined {
    const bit = this.bit(release);
    return this.groups
      .get(groupKey(group))
      ?.get(name)
      ?.find(([mask]) => (mask & bit) !== 0)?.[1];
  }

  /** Bitmask of the releases that had the option (under this exact name and group). */
  mask(group: string, name: string): number {
    return (this.groups.get(groupKey(group))?.get(name) ?? []).reduce((all, [mask]) => all | mask, 0);
  }

  /** Release names that had the option, in order. */
  releasesOf(group: string, name: string): string[] {
    return this.namesOf(this.mask(group, name));
  }

  hasGroup(group: string, release: string): boolean {
    const bit = this.bit(release);
    for (const variants of this.groups.get(groupKey(group))?.values() ?? []) {
      if (variants.some(([mask]) => (mask & bit) !== 0)) return true;
    }
    return false;
  }

  /** Options whose deprecated aliases name (group, name): where a removed or renamed option went. */
  aliasTargets(group: string, name: string): readonly AliasTarget[] {
    return this.aliasIndex().get(`${groupKey(group)}\u0000${name}`) ?? [];
  }

  /**
   * Why `release` has no option (group, name), over the whole history: undefined when it has it or no release
   * ever did. A name that is a deprecated alias in `release` is read by oslo.config under its new name.
   */
  whereabouts(group: string, name: string, release: string): Whereabouts | undefined {
    const bit = this.bit(release);
    const mask = this.mask(group, name);
    if ((mask & bit) !== 0) return undefined;
    const alias = this.aliasTargets(group, name).find((t) => (t.mask & bit) !== 0);
    if (alias) {
      const since = this.data.releases[lowestBit(alias.mask)];
      return {
        kind: 'alias',
        mask,
        target: alias,
        message: `renamed to [${alias.group}] ${alias.name} in ${capitalise(since)}; still read under the old name`,
      };
    }
    if (mask === 0) return undefined;
    const index = this.data.releases.indexOf(release);
    const known = `known ${this.describe(mask)}`;
    if (mask < bit) {
      const renamed = this.aliasTargets(group, name).find((t) => lowestBit(t.mask) > highestBit(mask));
      const removedIn = capitalise(this.data.releases[highestBit(mask) + 1]);
      const where = renamed
        ? `; renamed to [${renamed.group}] ${renamed.name} in ${capitalise(this.data.releases[lowestBit(renamed.mask)])}`
        : '';
      return { kind: 'removed', mask, message: `${known}, removed in ${removedIn}${where}` };
    }
    if (lowestBit(mask) > index)
      return { kind: 'later', mask, message: `${known}: added in ${capitalise(this.data.releases[lowestBit(mask)])}` };
    return { kind: 'gap', mask, message: known };
  }

  /** "Havana–Yoga", "Havana–Icehouse, Zed": the runs of consecutive releases in a mask. */
  describe(mask: number): string {
    const runs: [number, number][] = [];
    this.data.releases.forEach((_, index) => {
      if ((mask & (2 ** index)) === 0) return;
      const last = runs[runs.length - 1];
      if (last && last[1] === index - 1) last[1] = index;
      else runs.push([index, index]);
    });
    if (runs.length === 0) return 'no release';
    const label = (index: number): string => capitalise(this.data.releases[index]);
    return runs.map(([from, to]) => (from === to ? label(from) : `${label(from)}–${label(to)}`)).join(', ');
  }

  private namesOf(mask: number): string[] {
    return this.data.releases.filter((_, index) => (mask & (2 ** index)) !== 0);
  }

  private aliasIndex(): Map<string, AliasTarget[]> {
    if (this.aliases) return this.aliases;
    const index = new Map<string, AliasTarget[]>();
    for (const [key, options] of this.groups) {
      const group = this.groupNames.get(key) ?? key;
      for (const [name, variants] of options) {
        for (const [mask, variant] of variants) {
          for (const [aliasGroup, aliasName] of variant.deprecated ?? []) {
            const from = `${groupKey(aliasGroup ?? group)}\u0000${aliasName ?? name}`;
            const list = index.get(from) ?? [];
            const existing = list.find((t) => t.group === group && t.name === name);
            if (existing) list[list.indexOf(existing)] = { ...existing, mask: existing.mask | mask };
            else list.push({ group, name, mask });
            index.set(from, list);
          }
        }
      }
    }
    this.aliases = index;
    return index;
  }
}

export interface Whereabouts {
  /** alias: a deprecated name the release still reads; removed: gone before it; later: added after it; gap: absent in between */
  readonly kind: 'alias' | 'removed' | 'later' | 'gap';
  /** releases that had the option under this name */
  readonly mask: number;
  readonly target?: AliasTarget;
  /** e.g. "known Havana–Mitaka, removed in Newton", "renamed to [neutron] url in Juno; still read under the old name" */
  readonly message: string;
}

function lowestBit(mask: number): number {
  return Math.log2(mask & -mask);
}

function highestBit(mask: number): number {
  return Math.floor(Math.log2(mask));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Checks the shape of a parsed history file (it is read from disk, so it is not trusted blindly). */
export function parseOptionHistory(value: unknown): OptionHistory {
  const data = value as Partial<PackedOptionHistory> | null;
  if (
    !data ||
    typeof data.service !== 'string' ||
    !Array.isArray(data.releases) ||
    typeof data.groups !== 'object' ||
    data.groups === null
  ) {
    throw new Error('not an option history file (service, releases, groups expected)');
  }
  return new OptionHistory({ service: data.service, releases: data.releases, tags: data.tags ?? {}, groups: data.groups });
}
