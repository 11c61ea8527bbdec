// The one redaction of URLs for anything a person or a log may read: messages, log lines, stored errors. It sits
// in db/ because the database layer needs it too (DATABASE_URL in messages), and imports run lib → db.

/** Query parameters whose value is a secret: key, api_key, apikey, token, access_token, secret, password, … */
const SECRET_PARAM =
  /([?&;](?:[\w.-]*[_.-])?(?:key|apikey|token|secret|password|passwd|pwd|signature|sig)=)[^&#;\s"'<>\\]*/gi;
/** The userinfo of an authority: `scheme://user:pass@` (everything between `//` and the first `@` of the authority). */
const USERINFO = /^([a-z][a-z\d+.-]*:\/\/)[^/?#\s@\\]*@/i;
/** A URL inside free text. A backslash ends it, as a quote does: in a JSON text it starts an escape (`\"`). */
const URL_IN_TEXT = /\b[a-z][a-z\d+.-]*:\/\/[^\s"'<>\\]+/gi;

/** `url` with its userinfo and secret query parameters replaced by `***`; everything else as written. */
export function redactUrl(url: string): string {
  return url.replace(USERINFO, '$1***@').replace(SECRET_PARAM, '$1***');
}

/** `text` with every URL in it redacted (see redactUrl). */
export function redactUrls(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => redactUrl(url));
}
