// Markdown built from document or remote text (hovers, tooltips): that text is shown as written and
// never read as markup, so a section name cannot make a link, an image, a command: link or HTML.

/**
 * Every character that can start markup, for a backslash (CommonMark shows an escaped punctuation
 * character as written): links and images ([ ] ( ) !), autolinks (< : @ .), HTML and entities (< &),
 * emphasis, code, headings, lists, tables (* ` # + | ~ $ { }). "_" and "-" between letters or digits
 * cannot start anything, so VIRT_DRIVER and n-net stay as they are; nor can "=" on the one line this
 * makes (it underlines a heading only on a line of its own), so NOVA_BRANCH=stable/icehouse does too.
 */
const MARKUP = /[\\`*{}[\]()<>#+.!|~:@&$]|(?<![A-Za-z0-9])[_-]|[_-](?![A-Za-z0-9])/g;

/** Text for a markdown string: escaped so that it shows as written, on one line. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|[\r\n]/g, ' ').replace(MARKUP, '\\$&');
}

/** Text as inline code: nothing inside a code span is markup; a backtick, which would end it, becomes '. */
export function markdownCode(text: string): string {
  return '`' + text.replace(/\r\n|[\r\n]/g, ' ').replace(/`/g, "'") + '`';
}
