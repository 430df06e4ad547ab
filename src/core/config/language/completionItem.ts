// One completion item, whatever the language (localrc, local.conf, oslo, HOT): what the editor shows.
import type { Range } from '../text';

export type CompletionKind =
  'variable' | 'function' | 'service' | 'section' | 'option' | 'value' | 'phase' | 'file' | 'snippet' | 'type' | 'property' | 'reference';

export interface Completion {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  /** markdown */
  readonly documentation?: string;
  readonly insertText?: string;
  readonly range: Range;
  readonly deprecated?: boolean;
  readonly sortText?: string;
}
