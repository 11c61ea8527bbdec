// Untrusted text, once: cleaning provider text at the boundary, and escaping any untrusted text for a terminal.
// Here rather than in lib/cli because the registry names untrusted ids in its own warnings too (and lib/cli
// imports lib/registry, not the other way round); lib/cli/escape.ts applies it to everything a command prints.

/** Control characters free text may not hold: C0 but tab and line feed, DEL and C1 (NUL included). */
const CONTROL_IN_TEXT = /[^\P{Cc}\t\n]/gu;

/** `text` without NUL and control characters (tab and line feed stay), and whether anything was removed. */
export function cleanText(text: string): { text: string; cleaned: boolean } {
  const clean = text.replace(CONTROL_IN_TEXT, '');
  return { text: clean, cleaned: clean.length !== text.length };
}

/**
 * Characters a terminal acts on or that reorder or hide text: controls (C0, DEL, C1), format characters (bidi
 * overrides and isolates, zero-width), line and paragraph separators, unassigned and private-use code points.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\u2028\u2029]/gu;

/** JSON's escape of a character (a surrogate pair above U+FFFF), so an escaped JSON text stays valid JSON. */
function escapeChar(char: string): string {
  let escaped = '';
  for (let i = 0; i < char.length; i++) escaped += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return escaped;
}

/**
 * Untrusted text as it may be shown: every character in UNSAFE written as a JSON-style escape (`\u001b`), so an
 * id with ESC or a bidi override is named, not obeyed. `keepLines` leaves line feeds and tabs alone (whole
 * outputs); a single value escapes them too, so it cannot forge a line of its own.
 */
export function escapeUntrusted(text: string, options: { keepLines?: boolean } = {}): string {
  return text.replace(UNSAFE, (char) =>
    options.keepLines && (char === '\n' || char === '\t') ? char : escapeChar(char),
  );
}
