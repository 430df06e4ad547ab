// Release inference measured on the labelled set of real files (test/fixtures/release-labelled/): read by
// releaseInference.test.ts and by `npm run bench`, which reports the figures.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { lint } from '../../../../src/core/config/lint/lint';

interface LabelledFile {
  readonly file: string;
  readonly label: string;
  readonly path: string;
  readonly repository: string;
}

export interface InferenceOutcome {
  readonly file: string;
  readonly label: string;
  readonly chosen: string;
  /** the releases the inference said fit equally (empty: nothing in the file told a release) */
  readonly range: readonly string[];
  readonly kind: 'oslo' | 'devstack';
}

export interface InferenceAccuracy {
  readonly outcomes: readonly InferenceOutcome[];
  readonly files: number;
  /** the label is one of the releases reported as fitting */
  readonly inRange: number;
  /** the release checked is the label */
  readonly exact: number;
  /** files in which nothing told a release (the default was checked, and said so) */
  readonly untold: number;
  readonly oslo: { readonly files: number; readonly inRange: number; readonly exact: number };
  readonly medianRangeWidth: number;
}

export const LABELLED_DIR = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'release-labelled');

export function measureInference(dir = LABELLED_DIR): InferenceAccuracy {
  const { files } = JSON.parse(readFileSync(join(dir, 'PROVENANCE.json'), 'utf8')) as { files: LabelledFile[] };
  const outcomes = files.map((entry): InferenceOutcome => {
    // linted under the name it has upstream (glance-api.conf, neutron.conf, local.conf, localrc)
    const result = lint(readFileSync(join(dir, entry.file), 'utf8'), { fileName: basename(entry.path) });
    return {
      file: entry.file,
      label: entry.label,
      chosen: result.release.release,
      range: result.release.fit?.releases ?? [],
      kind: result.type.kind === 'oslo' ? 'oslo' : 'devstack',
    };
  });
  const inRange = (o: InferenceOutcome): boolean => o.range.includes(o.label);
  const exact = (o: InferenceOutcome): boolean => o.range.length > 0 && o.chosen === o.label;
  const oslo = outcomes.filter((o) => o.kind === 'oslo');
  const widths = outcomes
    .filter((o) => o.range.length > 0)
    .map((o) => o.range.length)
    .sort((a, b) => a - b);
  return {
    outcomes,
    files: outcomes.length,
    inRange: outcomes.filter(inRange).length,
    exact: outcomes.filter(exact).length,
    untold: outcomes.filter((o) => o.range.length === 0).length,
    oslo: { files: oslo.length, inRange: oslo.filter(inRange).length, exact: oslo.filter(exact).length },
    medianRangeWidth: widths.length ? widths[Math.floor(widths.length / 2)] : 0,
  };
}

export function describeAccuracy(a: InferenceAccuracy): string {
  const pct = (n: number, of: number): string => `${n}/${of} (${Math.round((100 * n) / of)} %)`;
  return (
    `label within the reported range ${pct(a.inRange, a.files)}, checked release = label ${pct(a.exact, a.files)}; ` +
    `oslo files in range ${pct(a.oslo.inRange, a.oslo.files)}, exact ${pct(a.oslo.exact, a.oslo.files)}; ` +
    `${a.untold} file(s) tell no release; median range ${a.medianRangeWidth} release(s)`
  );
}
