// Form fields shared by the registry's edit rules and the dashboard's client components: pure zod, no database
// imports, so a client component can use them without pulling the server into its bundle.
import { z } from 'zod';
import { MODEL_TYPE_LABELS, MODEL_TYPES } from './types';

/** True when `text` has no control character but tab, line feed and carriage return (Postgres cannot even store NUL). */
export function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127) return false;
  }
  return true;
}

/** A string of plain text: what every free-text field the registry stores must be. */
export const plainText = () => z.string().refine(isPlainText, 'Control characters are not allowed.');

/** A context length as the forms send it: empty means "unknown". */
export const contextLengthSchema = z
  .union(
    [
      z.literal(''),
      z.coerce
        .number({
          error: 'Context length must be a whole number of tokens, at least 1 (or empty if unknown).',
        })
        .int('Context length must be a whole number of tokens, at least 1 (or empty if unknown).')
        .min(1, 'Context length must be a whole number of tokens, at least 1 (or empty if unknown).')
        .max(100_000_000, 'Context length must be at most 100,000,000 tokens.'),
    ],
    { error: 'Context length must be a whole number of tokens, at least 1 (or empty if unknown).' },
  )
  .transform((v) => (v === '' ? null : v));

/** A price per 1M tokens as the forms send it: empty or null means "none". */
export const priceSchema = z
  .union(
    [
      z.literal(''),
      z.null(),
      z
        .string()
        .trim()
        .regex(
          /^\d{1,8}(\.\d{1,6})?$/,
          'Price must be a number like 2.5 (0 or more, up to 6 decimals), or empty for none.',
        ),
    ],
    { error: 'Price must be a number like 2.5 (0 or more, up to 6 decimals), or empty for none.' },
  )
  .transform((v) => (v === '' || v === null ? null : v));

/** What a bulk edit may change. Absent fields are left alone; at least one must be present. */
export const bulkChangesSchema = z
  .object({
    status: z.enum(['active', 'inactive'], { error: 'Choose active or inactive.' }).optional(),
    /** "Default off": none of the targets stays the default model of its type. */
    clearDefault: z.literal(true).optional(),
    inputPricePerMtok: priceSchema.optional(),
    outputPricePerMtok: priceSchema.optional(),
    type: z.enum(MODEL_TYPES, { error: 'Choose a model type.' }).optional(),
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
  return parts.join(', ');
}
