// Reads a large JSON object without holding its text: the elements of one top-level array are handed over one at a
// time as they are read (each parsed by JSON.parse itself), and the rest of the object — small — is parsed at the
// end. It accepts only what it can split with certainty; anything else (not JSON, not an object, no such array, an
// element that is not an object, a top-level key written with escapes or twice) answers `undefined`, and the caller
// parses the text whole, which names exactly what is wrong. So when it answers, the answer is JSON.parse's.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Where the reader is: in the rest of the object, in the array between elements, or inside an element. */
const REST = 0;
const BETWEEN = 1;
const ELEMENT = 2;
/** What may come next between elements. */
const ELEMENT_OR_END = 0;
const COMMA_OR_END = 1;
const ELEMENT_ONLY = 2;

/**
 * Reads the JSON object in `chunks`, calling `onElement` with each element (an object) of its top-level array
 * `key`, in order, as soon as it is read; returns the object's other members, or `undefined` (see above). When
 * `onElement` returns false, reading stops and the answer is `undefined`.
 */
export async function readObjectStreamingArray(
  chunks: AsyncIterable<Buffer>,
  key: string,
  onElement: (value: unknown, index: number) => boolean,
): Promise<Record<string, unknown> | undefined> {
  const keyBytes = Buffer.from(key);
  const rest: Buffer[] = [];
  let element: Buffer[] = [];
  let index = 0;
  let mode = REST;
  let next = ELEMENT_OR_END;
  let depth = 0;
  let inString = false;
  let escaped = false;
  // Top-level keys: the last structural byte at depth 1 ('{', ',' or ':') tells a key from a value.
  let last = 0;
  let inKey = false;
  let keyMatched = 0;
  let keyMatches = false;
  let isOurKey = false;
  let seen = 0;
  for await (const chunk of chunks) {
    let mark = 0;
    // The next backslash: a string in an element without one before its closing quote is skipped whole.
    let backslash = -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      // Inside an element (most of the text) only strings and brackets matter: whitespace is passed over first.
      if (mode === ELEMENT && !inString) {
        if (b <= 0x20) continue;
        if (b !== QUOTE) {
          if (b === OPEN_OBJECT || b === OPEN_ARRAY) depth++;
          else if ((b === CLOSE_OBJECT || b === CLOSE_ARRAY) && --depth === 2) {
            element.push(chunk.subarray(mark, i + 1));
            const bytes = element.length === 1 ? (element[0] as Buffer) : Buffer.concat(element);
            element = [];
            let value: unknown;
            try {
              value = JSON.parse(bytes.toString('utf8'));
            } catch {
              return undefined;
            }
            if (!onElement(value, index++)) return undefined;
            mode = BETWEEN;
            next = COMMA_OR_END;
            mark = i + 1;
          }
          continue;
        }
        if (backslash !== chunk.length && backslash <= i) {
          backslash = chunk.indexOf(BACKSLASH, i + 1);
          if (backslash === -1) backslash = chunk.length;
        }
        const close = chunk.indexOf(QUOTE, i + 1);
        if (close !== -1 && close < backslash) i = close;
        else {
          inString = true;
          inKey = false;
        }
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (b === QUOTE) {
          inString = false;
          if (inKey) {
            isOurKey = keyMatches && keyMatched === keyBytes.length;
            if (isOurKey && ++seen > 1) return undefined;
          }
        } else if (b === BACKSLASH) {
          escaped = true;
          // A key written with escapes might be `key` twice over: let the whole parse decide.
          if (inKey) return undefined;
        } else if (inKey && keyMatches) {
          if (b === keyBytes[keyMatched]) keyMatched++;
          else keyMatches = false;
        }
        continue;
      }
      if (mode === BETWEEN) {
        if (isSpace(b)) continue;
        if (b === OPEN_OBJECT && next !== COMMA_OR_END) {
          mode = ELEMENT;
          depth++;
          mark = i;
        } else if (b === COMMA && next === COMMA_OR_END) next = ELEMENT_ONLY;
        else if (b === CLOSE_ARRAY && next !== ELEMENT_ONLY) {
          mode = REST;
          depth--;
          mark = i;
        } else return undefined;
        continue;
      }
      if (b === QUOTE) {
        inString = true;
        inKey = mode === REST && depth === 1 && (last === OPEN_OBJECT || last === COMMA);
        keyMatched = 0;
        keyMatches = true;
      } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
        if (mode === REST && depth === 1 && b === OPEN_ARRAY && last === COLON && isOurKey) {
          rest.push(Buffer.from(chunk.subarray(mark, i + 1)));
          mode = BETWEEN;
          next = ELEMENT_OR_END;
        } else if (depth === 0) last = b;
        depth++;
      } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
      else if (mode === REST && depth === 1 && (b === COMMA || b === COLON)) last = b;
    }
    if (mode === REST) rest.push(Buffer.from(chunk.subarray(mark)));
    else if (mode === ELEMENT) element.push(chunk.subarray(mark));
  }
  if (mode !== REST || depth !== 0 || inString || seen !== 1) return undefined;
  let others: unknown;
  try {
    others = JSON.parse(Buffer.concat(rest).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof others !== 'object' || others === null || Array.isArray(others)) return undefined;
  const members = others as Record<string, unknown>;
  // Its place in the rest holds an empty array (checked, not assumed).
  const placeholder = members[key];
  if (!Array.isArray(placeholder) || placeholder.length !== 0) return undefined;
  delete members[key];
  return members;
}
