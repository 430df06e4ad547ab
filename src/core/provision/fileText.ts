// A read file's text and its edited bytes, in that file's own encoding: what every file step edits with.
import { editableText } from '../text/editableBytes';
import type { FileState } from './reads';

export const textOf = (state: FileState): string => editableText(state.data).text;

/** the edited text of a file read as `state`, as bytes in that file's own encoding */
export const bytesOf = (state: FileState, edited: string): Buffer => editableText(state.data).encode(edited);

export const eolOf = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n');
