// What the linter reports: a rule code, a severity, a message and an exact range, with a fix when one is certain.
import type { Range, TextEdit } from '../text';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeverityOverride = Severity | 'off';

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** certain: safe to apply without looking ("fix all"); otherwise a suggestion */
  readonly certain: boolean;
}

export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: Range;
  readonly fixes?: readonly Fix[];
}

/** A finding before the rule's configured severity is applied. */
export type RawFinding = Omit<Finding, 'severity'> & { readonly severity?: Severity };
