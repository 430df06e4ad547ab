// How close two names are, and which known name an unknown one is a likely typo of (the linter's
// "did you mean").

// three rows of the distance table, reused: editDistance runs for every candidate of every typo check
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Edit distance with adjacent transpositions (optimal string alignment), bounded: limit + 1 once exceeded. */
export function editDistance(a: string, b: string, limit = 3): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (rows[0].length <= b.length) rows = rows.map(() => new Int32Array(b.length * 2 + 1));
  let [beforePrevious, previous, current] = rows;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, beforePrevious[j - 2] + 1);
      current[j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[b.length];
}

/** How far a name may be from a candidate to count as a typo of it. */
function typoLimit(name: string): number {
  return Math.max(1, Math.min(3, Math.floor(name.length / 4)));
}

/**
 * Candidate names prepared for typo checks: lower-cased once and grouped by length (only lengths
 * within the limit are compared). Build one per list of candidates and reuse it: a lint asks for every
 * unknown name in the file.
 */
export class NameIndex {
  private readonly byLength = new Map<number, { readonly name: string; readonly lower: string; readonly order: number }[]>();

  constructor(candidates: Iterable<string>) {
    let order = 0;
    for (const name of candidates) {
      const list = this.byLength.get(name.length) ?? [];
      list.push({ name, lower: name.toLowerCase(), order: order++ });
      this.byLength.set(name.length, list);
    }
  }

  /** The closest candidate, if it is close enough to be a plausible typo (the first listed of equally close ones). */
  closest(name: string): string | undefined {
    const lower = name.toLowerCase();
    const limit = typoLimit(name);
    let best: { name: string; order: number } | undefined;
    let bestDistance = limit + 1;
    for (let length = name.length - limit; length <= name.length + limit; length++) {
      for (const candidate of this.byLength.get(length) ?? []) {
        const distance = editDistance(lower, candidate.lower, limit);
        if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate.order < best.order)) {
          best = candidate;
          bestDistance = distance;
        }
      }
    }
    return best?.name;
  }

  /** closest(), its answers kept: for one lint run, where the same unknown name may come again and again */
  remembering(): (name: string) => string | undefined {
    const answers = new Map<string, string | undefined>();
    return (name) => {
      if (!answers.has(name)) answers.set(name, this.closest(name));
      return answers.get(name);
    };
  }
}

/** The closest candidate, if it is close enough to be a plausible typo (for one question; see NameIndex for many). */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  return new NameIndex(candidates).closest(name);
}
