// Files are edited as bytes: a file that is not UTF-8 (a Latin-1 comment in a 2014 localrc) is read one
// character per byte and written back the same way, so no byte an edit did not touch changes.

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface EditableText {
  readonly text: string;
  /** the edited text as bytes in the file's own encoding */
  encode(edited: string): Buffer;
}

export function editableText(data: Uint8Array | undefined): EditableText {
  if (!data) return { text: '', encode: (edited) => Buffer.from(edited, 'utf8') };
  try {
    return { text: strictUtf8.decode(data), encode: (edited) => Buffer.from(edited, 'utf8') };
  } catch {
    // inserted text is ASCII (the setup's own lines); anything else is kept as its UTF-8 bytes
    const latin1 = (edited: string): string =>
      [...edited].map((c) => (c.charCodeAt(0) > 0xff ? Buffer.from(c, 'utf8').toString('latin1') : c)).join('');
    return { text: Buffer.from(data).toString('latin1'), encode: (edited) => Buffer.from(latin1(edited), 'latin1') };
  }
}
