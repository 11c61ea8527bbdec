// The Access page's group and team forms, as FormData carries them (pure): lists as repeated checkboxes or as one
// id per line, each field checked with the declarations' own element schemas (rules.ts) so an error lands on its
// field, then shaped as the group or team the registry checks again (edits.ts).
import { z } from 'zod';
import { capabilitySchema, isModelId, providerIdSchema } from '../model/fields';
import { MODEL_TYPES } from '../types';
import { type GroupInput, slugSchema, type TeamInput } from './rules';

/** A checkbox group: absent is none, one box is a string, several an array. */
const checked = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(item));

/** A textarea of model ids or patterns: one per line (commas too), blanks dropped, each checked. */
const idLines = (rule: string) =>
  z
    .string()
    .optional()
    .transform((text) => [
      ...new Set(
        (text ?? '')
          .split(/[\n,]/)
          .map((line) => line.trim())
          .filter(Boolean),
      ),
    ])
    .superRefine((ids, ctx) => {
      const bad = ids.filter((id) => !isModelId(id));
      if (bad.length) ctx.addIssue({ code: 'custom', message: `${bad.slice(0, 3).join(', ')}: ${rule}` });
    });

const modeSchema = z.enum(['create', 'change']);
const nameField = z
  .string()
  .trim()
  .min(1, 'Give it a name people recognise.')
  .max(100, 'At most 100 characters.');

export const groupFormSchema = z
  .object({
    mode: modeSchema,
    slug: slugSchema,
    name: nameField,
    description: z.string().trim().max(500, 'At most 500 characters.').optional(),
    providers: checked(providerIdSchema),
    ids: idLines('an id pattern is a model id in which * stands for any run of characters (openai/gpt-4*).'),
    types: checked(z.enum(MODEL_TYPES)),
    capabilities: checked(capabilitySchema),
    deprecated: z.enum(['any', 'announced', 'none']).default('any'),
    include: idLines('name a model by the id the consumer API gives it.'),
    exclude: idLines('name a model by the id the consumer API gives it.'),
  })
  .transform((form): { mode: 'create' | 'change'; group: GroupInput } => {
    const match: NonNullable<GroupInput['match']> = {
      ...(form.providers.length ? { providers: [...new Set(form.providers)] } : {}),
      ...(form.ids.length ? { ids: form.ids } : {}),
      ...(form.types.length ? { types: [...new Set(form.types)] } : {}),
      ...(form.capabilities.length ? { capabilities: [...new Set(form.capabilities)] } : {}),
      ...(form.deprecated === 'any' ? {} : { deprecated: form.deprecated === 'announced' }),
    };
    return {
      mode: form.mode,
      group: {
        slug: form.slug,
        name: form.name,
        ...(form.description ? { description: form.description } : {}),
        ...(Object.keys(match).length ? { match } : {}),
        include: form.include,
        exclude: form.exclude,
      },
    };
  });

/** The group form for a preview: the rule alone matters, so a slug or name not typed yet stands in as one. */
export const groupRuleFormSchema = z.preprocess((raw) => {
  const form = { ...(raw as Record<string, unknown>) };
  if (typeof form.slug !== 'string' || !form.slug.trim()) form.slug = 'preview';
  if (typeof form.name !== 'string' || !form.name.trim()) form.name = 'Preview';
  return form;
}, groupFormSchema);

export const teamFormSchema = z
  .object({
    mode: modeSchema,
    slug: slugSchema,
    name: nameField,
    groups: checked(slugSchema).refine((groups) => groups.length > 0, 'Grant the team at least one group.'),
  })
  .transform((form): { mode: 'create' | 'change'; team: TeamInput } => ({
    mode: form.mode,
    team: { slug: form.slug, name: form.name, groups: [...new Set(form.groups)] },
  }));

/** A saved group or team named by its slug (delete). */
export const slugRefSchema = z.object({ slug: slugSchema });
