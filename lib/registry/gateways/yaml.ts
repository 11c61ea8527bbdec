// The gateways' YAML: one emitter (the `yaml` library) with fixed options, so the same input is the same bytes; a
// header of comments; and prices as exact decimals. LiteLLM reads its config with PyYAML, whose floats need a
// dot (`2e-6` would be read as a string), and a price per token computed in floating point is noise
// (0.15 / 1e6 = 1.4999999999999999e-7): so a price per million tokens is shifted six places as text.
import { createHash } from 'node:crypto';
import { Document } from 'yaml';

/** A decimal number written as its digits. */
export class Decimal {
  constructor(readonly text: string) {}
}

const decimalTag = {
  identify: (value: unknown) => value instanceof Decimal,
  tag: 'tag:yaml.org,2002:float',
  default: true,
  resolve: (text: string) => Number(text),
  stringify: ({ value }: { value: unknown }) => (value as Decimal).text,
};

/** `perMtok` (a finite, non-negative price per million tokens) per token, exactly: 0.15 → 0.00000015. */
export function perToken(perMtok: number): Decimal {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(perMtok));
  if (!match) throw new Error(`perToken: not a non-negative finite number: ${perMtok}`);
  const [, whole = '', fraction = '', exponent = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponent) - 6;
  let text: string;
  if (point <= 0) text = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) text = `${digits}${'0'.repeat(point - digits.length)}.0`;
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  const [int = '0', frac = '0'] = text.split('.');
  return new Decimal(`${int.replace(/^0+(?=\d)/, '')}.${frac.replace(/(?<=\d)0+$/, '')}`);
}

/** A config before it is written: its header's lines (comments) and the value the YAML says. */
export type GatewayDocument = { header: readonly string[]; value: unknown };

/** The document as YAML: the header (each line a comment), then the value, ending in one newline. */
export function renderYaml({ header, value }: GatewayDocument): string {
  const doc = new Document(value, { customTags: [decimalTag] });
  const body = doc.toString({ lineWidth: 0, indentSeq: true });
  return `${header.map((line) => `# ${line}`.trimEnd()).join('\n')}\n${body}`;
}

/**
 * The document's value by its content: equal exactly when the YAML after the header is (the emitter is
 * deterministic), without writing it (which is most of a config's cost: seconds at 100,000 models).
 */
export function valueFingerprint({ value }: GatewayDocument): string {
  // A decimal as a key no config holds (a control character), so it is never mistaken for a string.
  const json = JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Decimal ? { '\u0000decimal': v.text } : v,
  );
  return createHash('sha256').update(json).digest('base64url');
}

/** A config's text without its leading comment lines: what a check compares (the header names the revision). */
export function withoutHeader(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let start = 0;
  while (start < lines.length && /^\s*(#.*)?$/.test(lines[start] ?? '')) start++;
  return lines.slice(start).join('\n');
}
