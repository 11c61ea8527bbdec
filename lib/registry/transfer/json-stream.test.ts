// The streamed reader answers what JSON.parse answers, whatever the chunking, or nothing at all (then the caller
// parses the text whole): it never accepts a text JSON.parse refuses nor splits one into something else.
import { describe, expect, it } from 'vitest';
import { readObjectStreamingArray } from './json-stream';

/** The text as chunks of `size` bytes: boundaries fall inside strings, escapes, keys and multi-byte characters. */
async function* chunksOf(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function read(text: string, size: number) {
  const elements: unknown[] = [];
  const rest = await readObjectStreamingArray(chunksOf(text, size), 'models', (value, index) => {
    expect(index).toBe(elements.length);
    elements.push(value);
    return true;
  });
  return rest === undefined ? undefined : { ...rest, models: elements };
}

const tricky = {
  format: 'model-registry-export',
  note: { models: [1, 2], '}': '[' },
  version: 1,
  models: [
    { modelId: 'a', text: 'braces } ] { [ and "quotes" and \\ backslashes \\" in strings' },
    { modelId: 'é→😀', nested: { list: [{ deep: [[], {}] }], n: -1.5e3, t: true, f: false, z: null } },
    {},
    { modelId: 'esc\u0000\u001f\u2028', unicode: '\ud83d\ude00 \u00e9' },
  ],
  after: 'the array need not come last',
};

describe('readObjectStreamingArray', () => {
  it('reads what JSON.parse reads, chunk boundaries anywhere', async () => {
    for (const text of [
      JSON.stringify(tricky),
      JSON.stringify(tricky, null, 2),
      ` \n${JSON.stringify(tricky, null, '\t')}\r\n`,
    ]) {
      for (const size of [1, 2, 3, 7, 64, 1 << 20])
        expect(await read(text, size), `chunks of ${size}`).toEqual(JSON.parse(text));
    }
  });

  it('hands over every element, in order, and stops when asked', async () => {
    const text = JSON.stringify({ models: Array.from({ length: 50 }, (_, i) => ({ i })) });
    expect((await read(text, 5))?.models).toHaveLength(50);
    let seen = 0;
    const stopped = await readObjectStreamingArray(chunksOf(text, 5), 'models', () => ++seen < 10);
    expect(stopped).toBeUndefined();
    expect(seen).toBe(10);
  });

  it('answers nothing for any text JSON.parse refuses, or that it cannot split with certainty', async () => {
    const cases = [
      '{"models": [{"a": 1} {"b": 2}]}', // no comma between elements
      '{"models": [{"a": 1},]}', // trailing comma
      '{"models": [,{"a": 1}]}',
      '{"models": [{"a": 1},,{"b": 2}]}',
      '{"models": [{"a": 1}, 2]}', // an element that is not an object
      '{"models": [{"a": 1}, [1]]}',
      '{"models": [{"a": 1]}]}', // mismatched brackets inside an element
      '{"models": [{"a": 1}], "x": }',
      '{"models": [{"a": 1}]', // truncated
      '{"models": [{"a": "1}]}',
      '{"models": [{"a": 1}]} x', // trailing text
      '{"models": [{"a": 1}]}{}',
      '[{"models": []}]', // not an object
      '{"models": {"a": 1}}', // not an array
      '{"other": []}', // no such array
      '{"models": [], "models": [{"a": 1}]}', // the key twice
      '{"model\\u0073": [{"a": 1}], "models": []}', // a key written with escapes
      '\ufeff{"models": []}', // a byte-order mark (JSON.parse refuses it too)
    ];
    for (const text of cases) {
      for (const size of [1, 4, 1 << 20])
        expect(await read(text, size), `${text} in chunks of ${size}`).toBeUndefined();
    }
  });
});
