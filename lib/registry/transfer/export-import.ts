// Export and import of the registry's hand-made state, to move admin decisions between environments.
//
// An export lists every model with its status (and where it came from), the fields an admin overrode, the prices an
// admin set (a provider's or the catalog's are not carried: they never come back as an admin's) and the default
// flag; manual models whole. An import validates the whole file first (every problem with its JSON
// path, nothing written on any error), then in ONE transaction — serialised with seeds by the seed lock — applies
// admin-set statuses, overrides, prices and defaults to matching models, creates missing manual models, skips what
// config pins (reported), reports ids it does not know, and writes one audit event per changed model, actor
// `import`. Statuses that came from config or the default are not admin decisions: the target's own config decides.
// The groups and teams saved in the dashboard travel too (created or changed, never deleted; declared ones and keys
// never do: the target has its own ACCESS_PATH, and a secret does not leave the registry that made it).
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../../db/client';
import {
  type EditableField,
  type EditableValues,
  type Model,
  type ModelStatus,
  models,
  OVERRIDABLE_FIELDS,
  type OverridableField,
  providers,
  type StatusSource,
} from '../../../db/schema';
import { type Declared, knownProviders, loadAccessDeclarations } from '../access/declared';
import {
  type AccessImportReport,
  exportSavedAccess,
  importSavedAccess,
  savedAccessSchema,
} from '../access/edits';
import { type ChangeItem, type PlannedChange, planChanges } from '../changes/plan';
import { classifyItems, lockTargets, writeChanges, writeManualModels } from '../changes/write';
import { pinKey, registryPins } from '../config/pins';
import { decideStatus } from '../config/status';
import { RegistryError } from '../errors';
import { lockSeeds } from '../locks';
import { fieldSchemas, modelIdSchema, plainText, providerIdSchema } from '../model/fields';
import { livePrice } from '../model/prices';
import type { ModelDefaults } from '../types';
import { readObjectStreamingArray } from './json-stream';

const EXPORT_FORMAT = 'model-registry-export';
const EXPORT_VERSION = 1;
/**
 * Largest file an import reads: above any real registry (100,000 models ≈ 35 MB). The import streams it, so this
 * bounds what a refused file costs (read whole, once, to list its problems), not a valid file's memory.
 */
const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** The overridable fields and their shapes (also a manual model's fields): the registry's one rule per field. */
const fieldShapes = {
  displayName: fieldSchemas.displayName,
  description: fieldSchemas.description,
  type: fieldSchemas.type,
  capabilities: fieldSchemas.capabilities,
  contextLength: fieldSchemas.contextLength,
  aliases: fieldSchemas.aliases,
  deprecation: fieldSchemas.deprecation,
  deprecationReplacement: fieldSchemas.deprecationReplacement,
} satisfies Record<OverridableField, z.ZodType>;
const isoDate = z.iso.datetime({ offset: true });

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
const price = fieldSchemas.inputPricePerMtok;

const entrySchema = z
  .strictObject({
    provider: providerIdSchema,
    modelId: modelIdSchema,
    source: z.enum(['provider', 'manual']),
    status: fieldSchemas.status,
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

const MAX_ENTRIES = 200_000;
const fileMembers = {
  format: z.literal(EXPORT_FORMAT, { error: `must be "${EXPORT_FORMAT}"` }),
  version: z.number().int(),
  exportedAt: isoDate.optional(),
  /** The groups and teams saved in the dashboard (access/edits.ts); absent in files written before them. */
  access: savedAccessSchema.optional(),
};

/** The checks that span the whole file: its version, and no model listed twice. */
function checkFile(file: { version: number; models: readonly ExportEntry[] }, ctx: z.RefinementCtx): void {
  if (file.version !== EXPORT_VERSION)
    ctx.addIssue({
      code: 'custom',
      path: ['version'],
      message: `format version ${file.version} is not one this registry reads (it reads ${EXPORT_VERSION})`,
    });
  // By provider, then id: no `provider/id` string is built for each of 100,000 entries.
  const seen = new Map<string, Map<string, number>>();
  file.models.forEach((entry, index) => {
    let ids = seen.get(entry.provider);
    if (!ids) {
      ids = new Map();
      seen.set(entry.provider, ids);
    }
    const first = ids.get(entry.modelId);
    if (first !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['models', index, 'modelId'],
        message: `${entry.provider}/${entry.modelId} is listed twice (also at models[${first}])`,
      });
    else ids.set(entry.modelId, index);
  });
}

export const exportFileSchema = z
  .strictObject({ ...fileMembers, models: z.array(entrySchema).max(MAX_ENTRIES) })
  .superRefine(checkFile);
/** The same file whose entries were each checked by entrySchema as they were read (readExportFile). */
const checkedEntriesFileSchema = z
  .strictObject({ ...fileMembers, models: z.array(z.custom<ExportEntry>()).max(MAX_ENTRIES) })
  .superRefine(checkFile);
export type ExportFile = z.output<typeof exportFileSchema>;

/** `models[3].overrides.type`: where a problem is, the way people read JSON. */
function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path)
    out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(the file)';
}

const tooLarge = (name: string) =>
  new RegistryError('input', `${name} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: not an export.`);
const cannotRead = (path: string, error: unknown) =>
  new RegistryError('input', `cannot read ${path}: ${(error as Error).message}`, { cause: error });

/** Parses and validates a file's text; every problem listed with its JSON path. Throws RegistryError 'input'. */
export function parseExportFile(text: string, name = 'the file'): ExportFile {
  if (Buffer.byteLength(text) > MAX_IMPORT_BYTES) throw tooLarge(name);
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

/**
 * Reads and validates an export file from disk as parseExportFile does its text, without holding the text or a
 * second copy of the entries: each entry is parsed and checked as it streams in, only its checked form is kept. Any
 * problem (or a file written in a way the streamed read cannot split) sends it to parseExportFile over the whole text,
 * which lists every problem with its JSON path; nothing is ever written before this returns.
 */
export async function readExportFile(path: string): Promise<ExportFile> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw cannotRead(path, error);
  }
  if (size > MAX_IMPORT_BYTES) throw tooLarge(path);
  let entries: ExportEntry[] = [];
  let others: Record<string, unknown> | undefined;
  try {
    others = await readObjectStreamingArray(
      createReadStream(path, { highWaterMark: 1024 * 1024 }),
      'models',
      (value) => {
        const entry = entries.length < MAX_ENTRIES ? entrySchema.safeParse(value) : undefined;
        if (!entry?.success) return false;
        entries.push(entry.data);
        return true;
      },
    );
  } catch (error) {
    throw cannotRead(path, error);
  }
  if (others) {
    const file = checkedEntriesFileSchema.safeParse({ ...others, models: entries });
    if (file.success) return file.data;
  }
  entries = [];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw cannotRead(path, error);
  }
  return parseExportFile(text, path);
}

const dateOrNull = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function fieldValue(row: Model, field: OverridableField): unknown {
  const value = row[field as keyof Model];
  return field === 'deprecation' ? dateOrNull(value as Date | null) : value;
}

/** A row's prices as a file carries them: an admin's, or none (null, null). */
function adminPrices(row: Model): { inputPricePerMtok: string | null; outputPricePerMtok: string | null } {
  const live = livePrice(row);
  return live.source === 'admin'
    ? { inputPricePerMtok: live.input, outputPricePerMtok: live.output }
    : { inputPricePerMtok: null, outputPricePerMtok: null };
}

/**
 * A file's prices as an edit: a pair with a price is an admin's; (null, null) is "no admin price", which leaves the
 * target's price alone (files written before prices had sources carry it for every unpriced model).
 */
function importedPrices(entry: ExportEntry): Partial<EditableValues> {
  if (entry.inputPricePerMtok === null && entry.outputPricePerMtok === null) return {};
  return { inputPricePerMtok: entry.inputPricePerMtok, outputPricePerMtok: entry.outputPricePerMtok };
}

/** One model as an export lists it. */
function exportEntry(row: Model): ExportEntry {
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
    // Only an admin's prices travel: a provider's or the catalog's belong to the target's own seeds.
    ...adminPrices(row),
    overrides,
    ...(row.source === 'manual'
      ? {
          manual: Object.fromEntries(
            OVERRIDABLE_FIELDS.map((f) => [f, fieldValue(row, f)]),
          ) as ExportEntry['manual'],
        }
      : {}),
  } as ExportEntry;
}

export async function exportRegistry(db: Database, now = new Date()): Promise<ExportFile> {
  return db.transaction(
    async (tx) => {
      const access = await exportSavedAccess(tx);
      const rows = await tx.select().from(models).orderBy(models.provider, models.modelId);
      return {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exportedAt: now.toISOString(),
        access,
        models: rows.map(exportEntry),
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** Models an export reads and writes at a time: its memory is a page's, whatever the registry's size. */
const EXPORT_PAGE = 2_000;
const PAGE_OPEN = '{\n  "models": [\n';
const PAGE_CLOSE = '\n  ]\n}';

/**
 * The export as models:export writes it — exactly `JSON.stringify(exportRegistry(db), null, 2)` and a newline —
 * handed to `write` a page of models at a time, read in one snapshot (a repeatable-read transaction) so the pages
 * agree with each other. Returns how many models it wrote.
 */
export async function writeExport(
  db: Database,
  write: (text: string) => Promise<void>,
  options: { now?: Date; pageSize?: number } = {},
): Promise<number> {
  const exportedAt = (options.now ?? new Date()).toISOString();
  const pageSize = options.pageSize ?? EXPORT_PAGE;
  return db.transaction(
    async (tx) => {
      // The members before `models`, without the closing line: `models` comes last.
      const access = await exportSavedAccess(tx);
      const head = JSON.stringify(
        { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt, access },
        null,
        2,
      ).slice(0, -2);
      let count = 0;
      let after: Model | undefined;
      for (;;) {
        const rows = await tx
          .select()
          .from(models)
          .where(
            after && sql`(${models.provider}, ${models.modelId}) > (${after.provider}, ${after.modelId})`,
          )
          .orderBy(models.provider, models.modelId)
          .limit(pageSize);
        if (rows.length === 0) break;
        // The page's entries indented as the whole file's: stringified where they stand, under `models`.
        const page = JSON.stringify({ models: rows.map(exportEntry) }, null, 2);
        const entries = page.slice(PAGE_OPEN.length, -PAGE_CLOSE.length);
        await write(`${count === 0 ? `${head},${PAGE_OPEN.slice(1)}` : ',\n'}${entries}`);
        count += rows.length;
        after = rows[rows.length - 1];
        if (rows.length < pageSize) break;
      }
      await write(count === 0 ? `${head},\n  "models": []\n}\n` : '\n  ]\n}\n');
      return count;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
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
  /** The saved groups and teams the file carried (null: it carried none). */
  access: AccessImportReport | null;
};

/** Whether an import wrote anything a gateway's config may show: a model, or an access group (not only teams). */
export function importWroteModelsOrGroups(report: ImportReport): boolean {
  if (report.dryRun) return false;
  const groups = report.access ? report.access.groups.created + report.access.groups.changed : 0;
  return report.changed + report.created + groups > 0;
}

/** What an entry asks of its model's fields: a manual model's fields whole, or the overrides, and an admin's prices. */
function requestedFields(entry: ExportEntry): Partial<EditableValues> {
  return { ...(entry.manual ?? entry.overrides), ...importedPrices(entry) };
}

/**
 * The editable fields some entry sets: all a match needs read of the registry's rows (an import of 100,000 statuses
 * reads no descriptions, provider values or prices, and the planner carries none of them).
 */
function touchedFields(entries: readonly ExportEntry[]): EditableField[] {
  const fields = new Set<EditableField>();
  for (const entry of entries) {
    for (const field in entry.manual ?? entry.overrides) fields.add(field as EditableField);
    if (entry.inputPricePerMtok !== null || entry.outputPricePerMtok !== null)
      fields.add('inputPricePerMtok').add('outputPricePerMtok');
  }
  return [...fields];
}

/** The registry's rows by provider, then model id: no `provider/id` string is built per row or entry. */
function rowIndex<T extends { provider: string; modelId: string }>(rows: readonly T[]) {
  const byProvider = new Map<string, Map<string, T>>();
  for (const row of rows) {
    let ids = byProvider.get(row.provider);
    if (!ids) {
      ids = new Map();
      byProvider.set(row.provider, ids);
    }
    ids.set(row.modelId, row);
  }
  return (provider: string, modelId: string): T | undefined => byProvider.get(provider)?.get(modelId);
}

type Create = {
  entry: ExportEntry & { manual: NonNullable<ExportEntry['manual']> };
  status: { status: ModelStatus; source: StatusSource; setBy: string };
};

/**
 * This adapter chooses the targets (the file's entries matched to the registry's rows) and the `skip` policy: a
 * status that config pins the other way is not applied and is reported, the rest of the entry is. The change
 * pipeline plans and writes; new manual models are inserted in one statement with their `created` events.
 */
export async function importRegistry(
  db: Database,
  config: ModelDefaults,
  file: ExportFile,
  options: {
    dryRun?: boolean;
    actor?: string;
    now?: Date;
    /** This registry's declared groups and teams (ACCESS_PATH), and the providers a rule may name. */
    access?: { declared: Declared; providerIds: ReadonlySet<string> };
  } = {},
): Promise<ImportReport> {
  const actor = options.actor ?? 'import';
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    // Serialised with seeds and deploys: an import never interleaves with a seed's plan-and-apply.
    await lockSeeds(tx);
    const known = new Set((await tx.select({ id: providers.id }).from(providers)).map((p) => p.id));
    const rows = await lockTargets(tx, undefined, touchedFields(file.models));
    const rowOf = rowIndex(rows);
    const newManual = file.models
      .filter((e) => e.source === 'manual' && !rowOf(e.provider, e.modelId))
      .map((e) => ({
        provider: e.provider,
        modelId: e.modelId,
        source: 'manual' as const,
        groupName: null,
        aliases: [],
        deprecation: null,
      }));
    const pins = (await registryPins(tx, config, now, newManual)).pins;

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
      access: null,
    };
    const items: ChangeItem[] = [];
    const creates: Create[] = [];
    for (const entry of file.models) {
      const row = rowOf(entry.provider, entry.modelId);
      const adminStatus = entry.statusSource === 'admin' || entry.source === 'manual';
      if (!adminStatus) report.statusLeftToConfig++;
      if (!row) {
        const key = `${entry.provider}/${entry.modelId}`;
        if (entry.source !== 'manual' || !entry.manual) report.unknown.push(key);
        else if (!known.has(entry.provider)) report.unknown.push(`${key} (no provider ${entry.provider})`);
        else {
          const pin = pins.get(pinKey(entry.provider, entry.modelId));
          let status = decideStatus(pin, entry.status, actor);
          if ('refusal' in status) {
            report.pinnedSkipped.push({
              modelId: entry.modelId,
              reason: `${status.refusal}; created as ${pin?.status}`,
            });
            status = { status: pin?.status ?? entry.status, source: 'config', setBy: actor };
          }
          creates.push({ entry: { ...entry, manual: entry.manual }, status });
        }
        continue;
      }
      items.push({
        target: row,
        request: {
          fields: requestedFields(entry),
          isDefault: entry.isDefault,
          status: adminStatus ? entry.status : undefined,
        },
      });
    }

    // Entries asking the same of models alike are planned once and written together (an import of 100,000
    // statuses plans a handful of classes): the same plan as entry by entry.
    const classes = classifyItems(items, new Set(pins.keys()));
    const membersOf = (targets: readonly { id: number }[]) =>
      targets.flatMap((t) => classes.members.get(t.id) ?? [t.id]);
    const plan = planChanges({
      items: classes.items,
      pins,
      policy: 'skip',
      actor,
      currentDefaults: rows.filter((r) => r.isDefault),
      newDefaults: creates
        .filter((c) => c.entry.isDefault)
        .map((c) => ({ modelId: c.entry.modelId, type: c.entry.manual.type })),
    });
    if (plan.refused.length > 0) {
      throw new RegistryError(
        'input',
        `The file cannot be imported: ${[...new Set(plan.refused.map((r) => r.reason))].join('; ')}. Nothing was imported.`,
      );
    }
    report.pinnedSkipped.push(...plan.skipped.map(({ modelId, reason }) => ({ modelId, reason })));
    const matched = new Set(items.map((i) => i.target.id));
    // Each changed model's change (its class's), listed in the file's order as entry by entry, then any model
    // a change moved the default from.
    const changeOf = new Map<number, PlannedChange>();
    for (const c of plan.changes) for (const id of membersOf([c.target])) changeOf.set(id, c);
    report.changed = changeOf.size;
    report.created = creates.length;
    report.unchanged = matched.size - [...matched].filter((id) => changeOf.has(id)).length;
    const listed = [
      ...items.filter((i) => changeOf.has(i.target.id)).map((i) => i.target),
      ...plan.changes.filter((c) => !matched.has(c.target.id)).map((c) => c.target),
    ];
    for (const target of listed.slice(0, 200)) {
      const c = changeOf.get(target.id) as PlannedChange;
      report.changes.push({
        model: `${target.provider}/${target.modelId}`,
        action: c.statusChanged && c.changed.length === 1 ? 'status_changed' : 'updated',
        fields: c.changed,
      });
    }
    for (const c of creates.slice(0, Math.max(0, 200 - report.changes.length)))
      report.changes.push({ model: `${c.entry.provider}/${c.entry.modelId}`, action: 'created', fields: [] });
    if (file.access) {
      const access = options.access ?? {
        declared: loadAccessDeclarations(),
        providerIds: knownProviders(process.env),
      };
      report.access = await importSavedAccess(tx, access.declared, file.access, {
        actor,
        providerIds: access.providerIds,
        dryRun: report.dryRun,
        now,
      });
    }
    if (report.dryRun) return report;

    await writeChanges(tx, plan.changes, actor, now, {}, classes.members);
    await writeManualModels(
      tx,
      creates.map(({ entry, status }) => ({
        provider: entry.provider,
        modelId: entry.modelId,
        fields: {
          ...entry.manual,
          inputPricePerMtok: entry.inputPricePerMtok,
          outputPricePerMtok: entry.outputPricePerMtok,
        },
        status,
        isDefault: entry.isDefault,
      })),
      actor,
      now,
    );
    return report;
  });
}
