// What the linter reports: a rule code, a severity, a message and an exact range, with a fix when one is certain.
import type { Range, TextEdit } from '../text';
import type { RuleCode, Severity } from './ruleCatalog';

export type { Severity, SeverityOverride } from './ruleCatalog';

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** certain: safe to apply without looking ("fix all"); otherwise a suggestion */
  readonly certain: boolean;
}

export interface Finding {
  readonly code: RuleCode;
  readonly severity: Severity;
  readonly message: string;
  readonly range: Range;
  readonly fixes?: readonly Fix[];
}

/**
 * A finding before the rule's configured severity is applied. A rule that reports on every line of a
 * file gives its fixes as a function: only the findings listed (MAX_FINDINGS_PER_FILE) make theirs.
 */
export type RawFinding = Omit<Finding, 'severity' | 'fixes' | 'message'> & {
  /** a function when the message is costly (a "did you mean"): made only for the findings reported */
  readonly message: string | (() => string);
  readonly severity?: Severity;
  readonly fixes?: readonly Fix[] | (() => readonly Fix[]);
};
