import { describe, expect, it } from 'vitest';
import { actionPayloadTooDeep, MAX_PAYLOAD_DEPTH, nestsDeeperThan } from './payload-depth';

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(nestsDeeperThan('[null,{"a":[1,2]}]', 3)).toBe(false);
    expect(nestsDeeperThan('[null,{"a":[[1]]}]', 3)).toBe(true);
    expect(nestsDeeperThan(`["${'['.repeat(500)}"]`, 2)).toBe(false);
    expect(nestsDeeperThan(`["a\\"${'{'.repeat(500)}"]`, 2)).toBe(false);
    expect(nestsDeeperThan('['.repeat(50_000), MAX_PAYLOAD_DEPTH)).toBe(true);
  });
});

describe('actionPayloadTooDeep', () => {
  const post = (body: BodyInit, type?: string) =>
    new Request('http://x/admin/models', {
      method: 'POST',
      body,
      headers: type ? { 'content-type': type } : {},
    });

  it('reads a text payload and a multipart payload, leaving the body for the action', async () => {
    const deep = `[null,${'['.repeat(1000)}${']'.repeat(1000)}]`;
    expect(await actionPayloadTooDeep(post(deep, 'text/plain;charset=UTF-8'))).toBe(true);
    const fine = post('[null,{"id":1}]', 'text/plain;charset=UTF-8');
    expect(await actionPayloadTooDeep(fine)).toBe(false);
    expect(await fine.text()).toBe('[null,{"id":1}]');

    const form = new FormData();
    form.set('1_description', '['.repeat(1000)); // a user's text, not JSON
    form.set('0', '["$K1"]');
    expect(await actionPayloadTooDeep(post(form))).toBe(false);
    form.set('2', '['.repeat(1000));
    expect(await actionPayloadTooDeep(post(form))).toBe(true);
  });
});
