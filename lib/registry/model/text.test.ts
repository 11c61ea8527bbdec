import { describe, expect, it } from 'vitest';
import { cleanText, escapeUntrusted } from './text';

describe('cleanText', () => {
  it('removes NUL and control characters, keeps tab, line feed and every printable character', () => {
    expect(cleanText('a\u0000b\u001b[2Jc\u0007\td\ne\r\u009b\u007f')).toEqual({
      text: 'ab[2Jc\td\ne',
      cleaned: true,
    });
    expect(cleanText('Mistral « large » 🚀\tok\n')).toEqual({
      text: 'Mistral « large » 🚀\tok\n',
      cleaned: false,
    });
  });
});

describe('escapeUntrusted', () => {
  it('writes controls, bidi and zero-width characters as escapes', () => {
    expect(escapeUntrusted('id\u001b[31m\u0007')).toBe('id\\u001b[31m\\u0007');
    expect(escapeUntrusted('a\u202eb\u2066c\u200bd\u009b')).toBe('a\\u202eb\\u2066c\\u200bd\\u009b');
    expect(escapeUntrusted('x\ny\tz')).toBe('x\\u000ay\\u0009z');
    expect(escapeUntrusted('x\ny\tz\r', { keepLines: true })).toBe('x\ny\tz\\u000d');
    expect(escapeUntrusted('tag\u{E0001}')).toBe('tag\\udb40\\udc01');
    expect(JSON.parse(escapeUntrusted(JSON.stringify({ id: 'a\u202e\u{E0001}\u0085' })))).toEqual({
      id: 'a\u202e\u{E0001}\u0085',
    });
    expect(escapeUntrusted('mistral-large-latest « 🚀 » é')).toBe('mistral-large-latest « 🚀 » é');
  });
});
