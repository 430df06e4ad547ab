// Credentials inside URLs (https://user:TOKEN@host/…) are redacted wherever a URL is shown or stored:
// plan text, progress, errors, output, backup manifests. The URL given to git keeps them.

/** scheme://userinfo@ — the scheme bounded so that a long run of letters is not rescanned from each one */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^\s/?#@]+)@/gi;

/** The text with the password (or the token standing as user name) of every http(s) URL in it replaced by ***. */
export function redactUrlCredentials(text: string): string {
  if (!text.includes('@')) return text;
  return text.replace(URL_USERINFO, (_match, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    if (colon >= 0) return `${scheme}${userinfo.slice(0, colon)}:***@`;
    // https://TOKEN@host: a token alone is the user part; ssh://git@host names no secret
    return /^https?:\/\/$/i.test(scheme) ? `${scheme}***@` : `${scheme}${userinfo}@`;
  });
}

/** Past this much text without a line end, what is held is passed on anyway (a progress bar without one). */
const MAX_HELD_CHARS = 64 * 1024;

/**
 * Streamed output (git, pip) passed on with URL credentials redacted, a line at a time: a URL split
 * across two chunks is whole before it is redacted. flush() passes on what is left at the end.
 */
export function redactingLines(emit: (text: string) => void): { write: (text: string) => void; flush: () => void } {
  let held = '';
  return {
    write(text) {
      held += text;
      const end = Math.max(held.lastIndexOf('\n'), held.lastIndexOf('\r')) + 1;
      const cut = end > 0 ? end : held.length > MAX_HELD_CHARS ? held.length : 0;
      if (cut === 0) return;
      emit(redactUrlCredentials(held.slice(0, cut)));
      held = held.slice(cut);
    },
    flush() {
      if (held !== '') emit(redactUrlCredentials(held));
      held = '';
    },
  };
}
