// Export and import of the registry's hand-made state, to move admin decisions between environments.
//
// An export lists every model with its status (and where it came from), the fields an admin overrode, prices and
// the default flag; manual models whole. An import validates the whole file first (every problem with its JSON
// path, nothing written on any error), then in ONE transaction — serialised with seeds by the seed lock — applies
// admin-set statuses, overrides, prices and defaults to matching models, creates missing manual models, skips what
// config pins (reported), reports ids it does not know, and writes one audit event per changed model, actor
// `import`. Statuses that came from config or the default are not admin decisions: the target's own config decides.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { rowsOf } from '../../db/driver';
import { type Model, models, type OverridableField, providers } from '../../db/schema';
import { type EventRow, insertEvents } from './apply';
import { RegistryError } from './errors';
import { plainText, priceSchema } from './fields';
import { describePin } from './groups';
import { samePrice } from './model-edit';
import { registryPins } from './pins';
import { OVERRIDABLE_FIELDS, sameValue } from './plan';
import { SEED_LOCK_KEY } from './seed';
import { MODEL_TYPES, type ModelDefaults } from './types';

export const EXPORT_FORMAT = 'model-registry-export';
export const EXPORT_VERSION = 1;
/** Largest file an import reads: far above any real registry (10,000 models ≈ 5 MB). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const id = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'an id of letters, digits and . _ : / -');
const capability = z.string().regex(/^[a-z0-9_]{1,40}$/, 'a lower-case capability name');
const isoDate = z.iso.datetime({ offset: true });

/** The overridable fields and their shapes (also a manual model's fields). */
const fieldShapes = {
  displayName: plainText().trim().min(1).max(200),
  description: plainText().max(2000).nullable(),
  type: z.enum(MODEL_TYPES),
  capabilities: z.array(capability).max(40),
  contextLength: z.number().int().min(1).max(100_000_000).nullable(),
  aliases: z.array(id).max(50),
  deprecation: isoDate.nullable(),
  deprecationReplacement: id.nullable(),
} satisfies Record<OverridableField, z.ZodType>;

const overridesSchema = z.strictObject(
  Object.fromEntries(Object.entries(fieldShapes).map(([k, v]) => [k, v.optional()])) as {
    [K in OverridableField]: z.ZodOptional<(typeof fieldShapes)[K]>;
  },
);
const manualSchema = z.strictObject({
  ...fieldShapes,
  description: fieldShapes.description.default(null),
  capabilities: fieldShapes.capabilities.default([]),
  contextLength: fieldShapes.contextLength.default(null),
  aliases: fieldShapes.aliases.default([]),
  deprecation: fieldShapes.deprecation.default(null),
  deprecationReplacement: fieldShapes.deprecationReplacement.default(null),
});
const price = z.union([z.string(), z.null()]).pipe(priceSchema);

const entrySchema = z
  .strictObject({
    provider: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'a provider id like "mistral"'),
    modelId: id,
    source: z.enum(['provider', 'manual']),
    status: z.enum(['active', 'inactive']),
    statusSource: z.enum(['config', 'admin', 'default']),
    statusSetBy: plainText().max(200).optional(),
    retired: z.boolean().optional(),
    isDefault: z.boolean().default(false),
    inputPricePerMtok: price.default(null),
    outputPricePerMtok: price.default(null),
    overrides: overridesSchema.default({}),
    manual: manualSchema.optional(),
  })
  .superRefine((entry, ctx) => {
    if (entry.source === 'manual' && !entry.manual)
      ctx.addIssue({
        code: 'custom',
        path: ['manual'],
        message: 'a manual model needs its fields under "manual"',
      });
    if (entry.source === 'provider' && entry.manual)
      ctx.addIssue({ code: 'custom', path: ['manual'], message: 'only manual models carry "manual" fields' });
  });
export type ExportEntry = z.output<typeof entrySchema>;

export const exportFileSchema = z
  .strictObject({
    format: z.literal(EXPORT_FORMAT, { error: `must be "${EXPORT_FORMAT}"` }),
    version: z.number().int(),
    exportedAt: isoDate.optional(),
    models: z.array(entrySchema).max(200_000),
  })
  .superRefine((file, ctx) => {
    if (file.version !== EXPORT_VERSION)
      ctx.addIssue({
        code: 'custom',
        path: ['version'],
        message: `format version ${file.version} is not one this registry reads (it reads ${EXPORT_VERSION})`,
      });
    const seen = new Map<string, number>();
    file.models.forEach((entry, index) => {
      const key = `${entry.provider}/${entry.modelId}`;
      const first = seen.get(key);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['models', index, 'modelId'],
          message: `${key} is listed twice (also at models[${first}])`,
        });
      else seen.set(key, index);
    });
  });
export type ExportFile = z.output<typeof exportFileSchema>;

/** `models[3].overrides.type`: where a problem is, the way people read JSON. */
function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path)
    out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(the file)';
}

/** Parses and validates a file's text; every problem listed with its JSON path. Throws RegistryError 'input'. */
export function parseExportFile(text: string, name = 'the file'): ExportFile {
  if (Buffer.byteLength(text) > MAX_IMPORT_BYTES)
    throw new RegistryError(
      'input',
      `${name} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: not an export.`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new RegistryError('input', `${name} is not JSON: ${(error as Error).message}`);
  }
  const parsed = exportFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const lines = issues.slice(0, 50).map((issue) => `  - ${jsonPath(issue.path)}: ${issue.message}`);
    if (issues.length > 50) lines.push(`  … and ${issues.length - 50} more`);
    throw new RegistryError(
      'input',
      `${name} is not a valid registry export; nothing was imported:\n${lines.join('\n')}`,
    );
  }
  return parsed.data;
}

const dateOrNull = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function fieldValue(row: Model, field: OverridableField): unknown {
  const value = row[field as keyof Model];
  return field === 'deprecation' ? dateOrNull(value as Date | null) : value;
}

export async function exportRegistry(db: Database, now = new Date()): Promise<ExportFile> {
  const rows = await db.select().from(models).orderBy(models.provider, models.modelId);
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    models: rows.map((row) => {
      const overrides: Record<string, unknown> = {};
      if (row.source === 'provider') for (const f of row.overriddenFields) overrides[f] = fieldValue(row, f);
      return {
        provider: row.provider,
        modelId: row.modelId,
        source: row.source,
        status: row.status,
        statusSource: row.statusSource,
        statusSetBy: row.statusSetBy,
        retired: row.retiredAt !== null,
        isDefault: row.isDefault,
        inputPricePerMtok: row.inputPricePerMtok === null ? null : String(Number(row.inputPricePerMtok)),
        outputPricePerMtok: row.outputPricePerMtok === null ? null : String(Number(row.outputPricePerMtok)),
        overrides,
        ...(row.source === 'manual'
          ? {
              manual: Object.fromEntries(
                OVERRIDABLE_FIELDS.map((f) => [f, fieldValue(row, f)]),
              ) as ExportEntry['manual'],
            }
          : {}),
      } as ExportEntry;
    }),
  };
}

export type ImportReport = {
  dryRun: boolean;
  entries: number;
  changed: number;
  created: number;
  unchanged: number;
  /** Admin-set statuses that config now pins the other way: not applied. */
  pinnedSkipped: { modelId: string; reason: string }[];
  /** Entries for models this registry does not have (provider models are never created by an import). */
  unknown: string[];
  /** Statuses that came from config or the default in the source: the target's config decides them. */
  statusLeftToConfig: number;
  /** What would change / changed, per model (first 200). */
  changes: { model: string; action: 'created' | 'updated' | 'status_changed'; fields: string[] }[];
};

type Work = {
  row: Model;
  set: Record<string, unknown>;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  overridden: Set<OverridableField>;
};

const COLUMN: Record<string, string> = {
  displayName: 'display_name',
  description: 'description',
  type: 'type',
  capabilities: 'capabilities',
  contextLength: 'context_length',
  aliases: 'aliases',
  deprecation: 'deprecation',
  deprecationReplacement: 'deprecation_replacement',
  status: 'status',
  isDefault: 'is_default',
  inputPricePerMtok: 'input_price_per_mtok',
  outputPricePerMtok: 'output_price_per_mtok',
};

export async function importRegistry(
  db: Database,
  config: ModelDefaults,
  file: ExportFile,
  options: { dryRun?: boolean; actor?: string; now?: Date } = {},
): Promise<ImportReport> {
  const actor = options.actor ?? 'import';
  const now = options.now ?? new Date();
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    // Serialised with seeds and deploys: an import never interleaves with a seed's plan-and-apply.
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY}::bigint)`);
    const known = new Set((await tx.select({ id: providers.id }).from(providers)).map((p) => p.id));
    const rows = await tx.select().from(models).for('update');
    const byKey = new Map(rows.map((r) => [`${r.provider}/${r.modelId}`, r]));
    const candidates = file.models
      .filter((e) => e.source === 'manual' && !byKey.has(`${e.provider}/${e.modelId}`))
      .map((e) => ({
        modelId: e.modelId,
        groupName: null,
        aliases: e.manual?.aliases ?? [],
        deprecation: null,
        deprecationReplacement: null,
      }));
    const pins = (await registryPins(tx, config, now, candidates)).pins;

    const report: ImportReport = {
      dryRun: options.dryRun ?? false,
      entries: file.models.length,
      changed: 0,
      created: 0,
      unchanged: 0,
      pinnedSkipped: [],
      unknown: [],
      statusLeftToConfig: 0,
      changes: [],
    };
    const work = new Map<number, Work>();
    const workOf = (row: Model): Work => {
      let w = work.get(row.id);
      if (!w) {
        w = { row, set: {}, before: {}, after: {}, overridden: new Set(row.overriddenFields) };
        work.set(row.id, w);
      }
      return w;
    };
    const put = (w: Work, field: string, value: unknown) => {
      const current =
        field in w.set
          ? w.set[field]
          : field === 'deprecation'
            ? fieldValue(w.row, 'deprecation')
            : w.row[field as keyof Model];
      const same =
        field === 'inputPricePerMtok' || field === 'outputPricePerMtok'
          ? samePrice(current as string | null, value as string | null)
          : sameValue(current, value);
      if (same) return;
      if (!(field in w.before)) w.before[field] = current;
      w.after[field] = value;
      w.set[field] = value;
    };
    const matched = new Set<number>();
    const creates: (ExportEntry & { manual: NonNullable<ExportEntry['manual']>; pinnedStatus?: boolean })[] =
      [];

    for (const entry of file.models) {
      const key = `${entry.provider}/${entry.modelId}`;
      const row = byKey.get(key);
      const pin = pins.get(entry.modelId);
      const adminStatus = entry.statusSource === 'admin' || entry.source === 'manual';
      if (!adminStatus) report.statusLeftToConfig++;
      if (!row) {
        if (entry.source !== 'manual' || !entry.manual) {
          report.unknown.push(key);
          continue;
        }
        if (!known.has(entry.provider)) {
          report.unknown.push(`${key} (no provider ${entry.provider})`);
          continue;
        }
        if (pin && pin.status !== entry.status) {
          report.pinnedSkipped.push({
            modelId: entry.modelId,
            reason: `${describePin(pin)}; created as ${pin.status}`,
          });
          creates.push({ ...entry, manual: entry.manual, status: pin.status, pinnedStatus: true });
        } else creates.push({ ...entry, manual: entry.manual, pinnedStatus: Boolean(pin) });
        continue;
      }
      matched.add(row.id);
      const w = workOf(row);
      const fields: Partial<Record<OverridableField, unknown>> = entry.manual ?? entry.overrides;
      for (const [field, value] of Object.entries(fields) as [OverridableField, unknown][]) {
        if (value === undefined) continue;
        put(w, field, value);
        if (row.source === 'provider') {
          const providerValue = row.providerValues ? row.providerValues[field] : undefined;
          if (!sameValue(providerValue, value)) w.overridden.add(field);
        }
      }
      put(w, 'inputPricePerMtok', entry.inputPricePerMtok);
      put(w, 'outputPricePerMtok', entry.outputPricePerMtok);
      put(w, 'isDefault', entry.isDefault);
      if (adminStatus && entry.status !== row.status) {
        if (pin && pin.status !== entry.status)
          report.pinnedSkipped.push({ modelId: entry.modelId, reason: describePin(pin) });
        else put(w, 'status', entry.status);
      }
    }

    // One default per type, as the rows will be: the file's defaults win over the target's.
    const finalType = (r: Model) => (work.get(r.id)?.set.type as string | undefined) ?? r.type;
    const finalDefault = (r: Model) => (work.get(r.id)?.set.isDefault as boolean | undefined) ?? r.isDefault;
    const fileDefaults = new Map<string, string[]>();
    for (const r of rows)
      if (work.get(r.id)?.set.isDefault === true)
        fileDefaults.set(finalType(r), [...(fileDefaults.get(finalType(r)) ?? []), r.modelId]);
    for (const c of creates)
      if (c.isDefault)
        fileDefaults.set(c.manual.type, [...(fileDefaults.get(c.manual.type) ?? []), c.modelId]);
    for (const [type, named] of fileDefaults) {
      if (named.length > 1)
        throw new RegistryError(
          'input',
          `The file makes ${named.join(' and ')} the default ${type} model; a type has one default. Nothing was imported.`,
        );
      for (const r of rows)
        if (finalDefault(r) && finalType(r) === type && r.modelId !== named[0])
          put(workOf(r), 'isDefault', false);
    }

    const updates = [...work.values()].filter(
      (w) =>
        Object.keys(w.set).length > 0 ||
        !sameValue([...w.overridden].sort(), [...w.row.overriddenFields].sort()),
    );
    report.changed = updates.length;
    report.created = creates.length;
    report.unchanged = matched.size - updates.filter((u) => matched.has(u.row.id)).length;
    for (const u of updates.slice(0, 200)) {
      const fields = Object.keys(u.after);
      report.changes.push({
        model: `${u.row.provider}/${u.row.modelId}`,
        action: fields.length === 1 && fields[0] === 'status' ? 'status_changed' : 'updated',
        fields,
      });
    }
    for (const c of creates.slice(0, Math.max(0, 200 - report.changes.length)))
      report.changes.push({ model: `${c.provider}/${c.modelId}`, action: 'created', fields: [] });
    if (report.dryRun || (updates.length === 0 && creates.length === 0)) return report;

    const events: EventRow[] = [];
    if (updates.length > 0) {
      const values = updates.map((u) => {
        const next = (f: string) =>
          f in u.set
            ? u.set[f]
            : f === 'deprecation'
              ? fieldValue(u.row, 'deprecation')
              : u.row[f as keyof Model];
        return {
          id: u.row.id,
          ...Object.fromEntries(Object.entries(COLUMN).map(([f, col]) => [col, next(f)])),
          status_changed: 'status' in u.set,
          overridden_fields: [...u.overridden].sort(),
        };
      });
      const updated = rowsOf<{ id: number }>(
        await tx.execute(sql`
          update models m set
            display_name = r.display_name, description = r.description, type = r.type, capabilities = r.capabilities,
            context_length = r.context_length, aliases = r.aliases, deprecation = r.deprecation,
            deprecation_replacement = r.deprecation_replacement, status = r.status,
            status_source = case when r.status_changed then 'admin' else m.status_source end,
            status_set_by = case when r.status_changed then ${actor} else m.status_set_by end,
            status_set_at = case when r.status_changed then ${at}::timestamptz else m.status_set_at end,
            is_default = r.is_default, input_price_per_mtok = r.input_price_per_mtok,
            output_price_per_mtok = r.output_price_per_mtok, overridden_fields = r.overridden_fields,
            version = m.version + 1, updated_at = ${at}::timestamptz
          from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as r(id int, display_name text, description text,
            type text, capabilities text[], context_length int, aliases text[], deprecation timestamptz,
            deprecation_replacement text, status text, is_default boolean, input_price_per_mtok numeric,
            output_price_per_mtok numeric, status_changed boolean, overridden_fields text[])
          where m.id = r.id
          returning m.id`),
      );
      if (updated.length !== updates.length) throw new Error('import: a locked row vanished');
      for (const u of updates) {
        const statusOnly = Object.keys(u.after).length === 1 && 'status' in u.after;
        const overrides = sameValue([...u.overridden].sort(), [...u.row.overriddenFields].sort())
          ? [{}, {}]
          : [{ overriddenFields: u.row.overriddenFields }, { overriddenFields: [...u.overridden].sort() }];
        events.push({
          model_pk: u.row.id,
          provider: u.row.provider,
          model_id: u.row.modelId,
          actor,
          action: statusOnly ? 'status_changed' : 'updated',
          before: {
            ...u.before,
            ...('status' in u.after ? { statusSource: u.row.statusSource } : {}),
            ...overrides[0],
          },
          after: { ...u.after, ...('status' in u.after ? { statusSource: 'admin' } : {}), ...overrides[1] },
          seed_run_id: null,
        });
      }
    }
    if (creates.length > 0) {
      const values = creates.map((c) => ({
        provider: c.provider,
        model_id: c.modelId,
        display_name: c.manual.displayName,
        description: c.manual.description,
        type: c.manual.type,
        capabilities: c.manual.capabilities,
        context_length: c.manual.contextLength,
        aliases: c.manual.aliases,
        deprecation: c.manual.deprecation,
        deprecation_replacement: c.manual.deprecationReplacement,
        status: c.status,
        status_source: c.pinnedStatus ? 'config' : 'admin',
        status_set_by: c.pinnedStatus ? 'config' : actor,
        is_default: c.isDefault,
        input_price_per_mtok: c.inputPricePerMtok,
        output_price_per_mtok: c.outputPricePerMtok,
      }));
      const inserted = rowsOf<{ id: number; provider: string; model_id: string }>(
        await tx.execute(sql`
          insert into models (provider, model_id, display_name, description, type, capabilities, context_length,
            aliases, deprecation, deprecation_replacement, status, status_source, status_set_by, status_set_at,
            is_default, input_price_per_mtok, output_price_per_mtok, source, created_at, updated_at)
          select r.provider, r.model_id, r.display_name, r.description, r.type, r.capabilities, r.context_length,
            r.aliases, r.deprecation, r.deprecation_replacement, r.status, r.status_source, r.status_set_by,
            ${at}::timestamptz, r.is_default, r.input_price_per_mtok, r.output_price_per_mtok, 'manual',
            ${at}::timestamptz, ${at}::timestamptz
          from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as r(provider text, model_id text,
            display_name text, description text, type text, capabilities text[], context_length int, aliases text[],
            deprecation timestamptz, deprecation_replacement text, status text, status_source text,
            status_set_by text, is_default boolean, input_price_per_mtok numeric, output_price_per_mtok numeric)
          returning id, provider, model_id`),
      );
      const pk = new Map(inserted.map((r) => [`${r.provider}/${r.model_id}`, r.id]));
      for (const c of creates)
        events.push({
          model_pk: pk.get(`${c.provider}/${c.modelId}`) ?? null,
          provider: c.provider,
          model_id: c.modelId,
          actor,
          action: 'created',
          before: null,
          after: { ...c.manual, status: c.status, source: 'manual', isDefault: c.isDefault },
          seed_run_id: null,
        });
    }
    await insertEvents(tx, events);
    return report;
  });
}
