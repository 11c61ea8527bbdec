// Every editable field's rule, once: one zod schema per field, shared by the forms, the server actions, the CLI
// and the import parser; the one model-id rule; and their form encodings (strings, empty meaning none). Pure zod, no
// database imports, so a client component can use them without pulling the server into its bundle.
import { z } from 'zod';
import { MODEL_TYPE_LABELS, MODEL_TYPES } from '../types';

/**
 * The one model-id rule, for provider cards, manual models, imports, the CLI and the API: 1–256 printable
 * characters; no whitespace, control, format (bidi overrides, zero-width) or unassigned characters.
 */
const MODEL_ID = /^[^\p{C}\p{Z}\s]{1,256}$/u;
export const MODEL_ID_RULE =
  'A model id is 1 to 256 printable characters, without spaces, control or bidi-override characters.';
export function isModelId(text: string): boolean {
  return MODEL_ID.test(text);
}
export const modelIdSchema = z.string().regex(MODEL_ID, MODEL_ID_RULE);

/** Postgres's int4 maximum: the largest id or version a row can have. */
const INT4_MAX = 2_147_483_647;
const ROW_NUMBER_RULE = `A whole number from 1 to ${INT4_MAX}.`;
/**
 * A row's id or version as forms and JSON send it (text or number). Bounded to int4, so a number no row can have
 * is refused as invalid instead of reaching Postgres as an out-of-range parameter.
 */
export const rowNumberSchema = z.coerce
  .number({ error: ROW_NUMBER_RULE })
  .int(ROW_NUMBER_RULE)
  .positive(ROW_NUMBER_RULE)
  .max(INT4_MAX, ROW_NUMBER_RULE);

export const providerIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,49}$/,
    'A provider id is lower-case letters, digits, _ and - (like "mistral").',
  );

export const capabilitySchema = z
  .string()
  .regex(/^[a-z0-9_]{1,40}$/, 'Capabilities are lower-case words like vision or function_calling.');

/** True when `text` has no control character but tab, line feed and carriage return (Postgres cannot even store NUL). */
function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127) return false;
  }
  return true;
}

/** A string of plain text: what every free-text field the registry stores must be. */
export const plainText = () => z.string().refine(isPlainText, 'Control characters are not allowed.');

const PRICE = /^\d{1,8}(\.\d{1,6})?$/;
const PRICE_RULE = 'Price must be a number like 2.5 (0 or more, up to 6 decimals), or empty for none.';
const CONTEXT_RULE = 'Context length must be a whole number of tokens, at least 1 (or empty if unknown).';

/** One schema per editable field, for values as JSON carries them (import files, server actions, the CLI). */
export const fieldSchemas = {
  displayName: plainText().trim().min(1, 'A display name is required.').max(200, 'At most 200 characters.'),
  description: plainText().max(2000, 'At most 2000 characters.').nullable(),
  type: z.enum(MODEL_TYPES, { error: 'Choose a model type.' }),
  capabilities: z
    .array(capabilitySchema)
    .max(40, 'At most 40 capabilities.')
    .transform((v) => [...new Set(v)].sort()),
  contextLength: z
    .number({ error: CONTEXT_RULE })
    .int(CONTEXT_RULE)
    .min(1, CONTEXT_RULE)
    .max(100_000_000, 'Context length must be at most 100,000,000 tokens.')
    .nullable(),
  aliases: z.array(modelIdSchema).max(50, 'At most 50 aliases.'),
  deprecation: z.iso
    .datetime({ offset: true, error: 'An ISO-8601 date and time, like 2026-03-31T00:00:00Z.' })
    .nullable(),
  deprecationReplacement: modelIdSchema.nullable(),
  inputPricePerMtok: z.string().trim().regex(PRICE, PRICE_RULE).nullable(),
  outputPricePerMtok: z.string().trim().regex(PRICE, PRICE_RULE).nullable(),
  status: z.enum(['active', 'inactive'], { error: 'Choose active or inactive.' }),
} as const;

/** Form text → the value: empty means none; a number's text becomes the number (anything else is refused as text). */
const fromFormText = (numeric: boolean) => (v: unknown) => {
  if (v === '' || v === null) return null;
  if (numeric && typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return v;
};

/** A context length as the forms send it: empty means "unknown". */
export const contextLengthSchema = z.preprocess(fromFormText(true), fieldSchemas.contextLength);

/** A price per 1M tokens as the forms send it: empty or null means "none". */
export const priceSchema = z.preprocess(fromFormText(false), fieldSchemas.inputPricePerMtok);

/** A capabilities list as a form sends it: comma-separated text or repeated values. */
export const capabilitiesFormSchema = z
  .union([z.array(z.string()), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((c) => c.trim()).filter(Boolean))
  .pipe(fieldSchemas.capabilities);

/** A description as a form sends it: trimmed, empty means none. */
export const descriptionFormSchema = plainText()
  .trim()
  .transform((v) => v || null)
  .pipe(fieldSchemas.description);

/** What a bulk edit may change. Absent fields are left alone; at least one must be present. */
export const bulkChangesSchema = z
  .object({
    status: fieldSchemas.status.optional(),
    /** "Default off": none of the targets stays the default model of its type. */
    clearDefault: z.literal(true).optional(),
    inputPricePerMtok: priceSchema.optional(),
    outputPricePerMtok: priceSchema.optional(),
    type: fieldSchemas.type.optional(),
    /** "Mark reviewed": the models awaiting review leave the queue (config/review.ts); the others are left alone. */
    reviewed: z.literal(true).optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'Choose at least one field to change.');
export type BulkChanges = z.output<typeof bulkChangesSchema>;

/** "inactive, not default, input price 1.5": how the dialog and the result toast name a bulk change. */
export function describeBulkChanges(changes: BulkChanges): string {
  const parts: string[] = [];
  if (changes.status) parts.push(changes.status);
  if (changes.clearDefault) parts.push('not default');
  if (changes.inputPricePerMtok !== undefined)
    parts.push(
      changes.inputPricePerMtok === null ? 'no input price' : `input price ${changes.inputPricePerMtok}`,
    );
  if (changes.outputPricePerMtok !== undefined)
    parts.push(
      changes.outputPricePerMtok === null ? 'no output price' : `output price ${changes.outputPricePerMtok}`,
    );
  if (changes.type) parts.push(`type ${MODEL_TYPE_LABELS[changes.type]}`);
  if (changes.reviewed) parts.push('reviewed');
  return parts.join(', ');
}

/** One field's two values are the same: arrays (capabilities, aliases) element by element, the rest by identity. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}
