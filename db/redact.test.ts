import { describe, expect, it } from 'vitest';
import { redactUrl, redactUrls } from './redact';

describe('redactUrl', () => {
  it('hides userinfo and secret query parameters, keeps the rest as written', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/registry')).toBe('postgres://***@db:5432/registry');
    expect(redactUrl('http://user@host/x')).toBe('http://***@host/x');
    expect(redactUrl('https://gw/v1?api_key=abc&x=1&token=t0k#frag')).toBe(
      'https://gw/v1?api_key=***&x=1&token=***#frag',
    );
    expect(redactUrl('https://gw/?key=k&access_token=a&monkey=m')).toBe(
      'https://gw/?key=***&access_token=***&monkey=m',
    );
    expect(redactUrl('http://127.0.0.1:5432/db?sslmode=require')).toBe(
      'http://127.0.0.1:5432/db?sslmode=require',
    );
    expect(redactUrl('http://host/path@not-userinfo')).toBe('http://host/path@not-userinfo');
  });
});

describe('redactUrls', () => {
  it('redacts every URL in a message and nothing else', () => {
    expect(
      redactUrls(
        'Could not reach http://u:p@h:1/v1/models (cannot fetch http://u:p@h:1/v1/models). Key=value stays.',
      ),
    ).toBe(
      'Could not reach http://***@h:1/v1/models (cannot fetch http://***@h:1/v1/models). Key=value stays.',
    );
    expect(redactUrls('answered "https://gw/x?token=abc" with 404')).toBe(
      'answered "https://gw/x?token=***" with 404',
    );
  });

  it('keeps a JSON text valid JSON', () => {
    const message = 'got "http://h/?token=abc" and http://u:p@h/x\nnext \\ http://h/?key=k\\';
    const redacted = JSON.parse(redactUrls(JSON.stringify({ message }))) as { message: string };
    expect(redacted.message).toBe(
      'got "http://h/?token=***" and http://***@h/x\nnext \\ http://h/?key=***\\',
    );
  });
});
