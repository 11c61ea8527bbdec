// npm run bench — the registry's speed where its users feel it, each figure beside an honest baseline measured in
// the same run on the same database (ratios are of medians). Prints a table and writes bench/results.json.
//   npx tsx bench/index.ts [--quick]     --quick: small N, one run each (CI), checks only that P3 wrote no row
//   npx tsx bench/index.ts --only P8,P9  those figures alone (P5 brings P6, P7 the 100,000-model P5), printed, no
//                                        results file written
// Needs the production build for P5/P6 (`npm run bench` builds first) and Postgres (DATABASE_URL, default local).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { build } from 'esbuild';
import postgres from 'postgres';
import modelDefaults from '../config/model-defaults';
import { type DbHandle, openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { models } from '../db/schema';
import { applyBulkEdit } from '../lib/registry/changes/bulk-edit';
import { normalizeMistralModelList } from '../lib/registry/providers/mistral-normalize';
import { runSeed } from '../lib/registry/sync/run';
import type { ProviderCatalog } from '../lib/registry/types';
import { syntheticCatalog } from '../test/support/synthetic-catalog';
import { naiveBulkStatus, naiveSeed, naiveSeedWithEvents } from './baselines';
import { copyFloor } from './floors';
import { benchHttp, benchModelsPage, PAGE_CASES, type Stats, stats } from './http';
import { benchMultiProviderSync, MULTI_PROVIDER } from './multi-provider';
import { benchBulkByFilter, benchImport, benchSeedProcess, setAll } from './scale';

const quick = process.argv.includes('--quick');
const FIGURE_IDS = Array.from({ length: 13 }, (_, i) => `P${i + 1}`);
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? (process.argv[onlyAt + 1] ?? '') : undefined;
const onlyIds = only?.split(',').map((id) => id.trim().toUpperCase());
if (onlyIds && (onlyIds.length === 0 || onlyIds.some((id) => !FIGURE_IDS.includes(id)))) {
  console.error(`--only takes figure ids separated by commas (P1 … P13, e.g. P8,P9), got '${only}'.`);
  process.exit(64);
}
const wanted = (id: string) => onlyIds === undefined || onlyIds.includes(id);
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUNS = quick ? 1 : 5;
const NAIVE_RUNS = quick ? 1 : 3;
const SEED_N = quick ? 500 : 5_000;
const BULK_N = quick ? 1_000 : 10_000;
const config = { ...modelDefaults, alwaysActive: [], alwaysInactive: [] };

type Figure = {
  id: string;
  figure: string;
  unit: string;
  ours: Stats;
  baseline?: { name: string; stats: Stats };
  floors?: { name: string; stats: Stats }[];
  ratio?: number;
  target: string;
  met: boolean;
  extra?: Record<string, number | string>;
};

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function repeat(runs: number, fn: () => Promise<number>, warmups = 1): Promise<number[]> {
  for (let i = 0; i < warmups; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(await fn());
  return out;
}

/** Samples this process's RSS while `fn` runs; returns the peak in MiB. */
async function peakRssDuring(fn: () => Promise<unknown>): Promise<number> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return Math.round(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024);
}

function catalogOf(count: number, variant = 0): ProviderCatalog {
  return normalizeMistralModelList(
    syntheticCatalog(count, variant),
    { kind: 'file', path: 'bench' },
    { kind: 'input', origin: 'the bench catalog' },
  );
}

async function withDatabase<T>(fn: (handle: DbHandle, url: string) => Promise<T>): Promise<T> {
  const name = `mr_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ env: { DATABASE_URL: url.toString() }, maxConnections: 4 });
  try {
    await migrateDatabase(handle);
    return await fn(handle, url.toString());
  } finally {
    await handle.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const truncate = (handle: DbHandle) =>
  handle.db.execute(sql`truncate model_events, seed_runs, models restart identity cascade`);

async function seed(handle: DbHandle, catalog: ProviderCatalog) {
  const report = await runSeed(handle.db, {
    trigger: 'cli',
    actor: 'cli',
    config,
    sourceLabel: 'bench',
    loadCatalog: async () => catalog,
  });
  if (report.outcome !== 'applied') throw new Error(`seed ${report.outcome}: ${report.detail}`);
  return report;
}

function processTimes(command: string, args: string[], env: NodeJS.ProcessEnv, runs: number): number[] {
  const once = () => {
    const started = performance.now();
    const result = spawnSync(command, args, { env, stdio: 'ignore' });
    const elapsed = performance.now() - started;
    if (result.status === null || result.status > 1)
      throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
    return elapsed;
  };
  once();
  return Array.from({ length: Math.max(runs * 2, 5) }, once);
}

const figures: Figure[] = [];
const started = Date.now();
let p3RowsWritten = -1;

await withDatabase(async (handle, url) => {
  if (!['P1', 'P2', 'P3', 'P4'].some(wanted)) return; // P1–P4 share this database
  if (wanted('P1')) await benchDeployGate(handle, url);
  if (wanted('P2')) await benchSeed(handle);
  if (wanted('P3')) await benchReseed(handle);
  if (wanted('P4')) await benchBulk(handle);
});

async function benchDeployGate(handle: DbHandle, url: string) {
  // P1: the deploy gate's question as a whole cold process, beside psql and two floors: any Node program, and the
  // same count through bare postgres.js bundled like the product's commands (what the stack itself costs).
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url };
  delete env.PGLITE_DIR;
  await seed(handle, catalogOf(44));
  const check = stats(processTimes(process.execPath, ['dist/cli/models-check.mjs'], env, RUNS));
  const psql = stats(processTimes('psql', [url, '-tAc', 'select count(*) from models'], env, RUNS));
  const node = stats(processTimes(process.execPath, ['-e', '0'], env, RUNS));
  const floorDir = mkdtempSync(join(os.tmpdir(), 'mr-bench-'));
  let bare: Stats;
  try {
    const bareScript = join(floorDir, 'floor-check.mjs');
    await build({
      entryPoints: ['bench/floor-check.ts'],
      outfile: bareScript,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      logLevel: 'warning',
    });
    bare = stats(processTimes(process.execPath, [bareScript], env, RUNS));
  } finally {
    rmSync(floorDir, { recursive: true, force: true });
  }
  const p1Ratio = check.median / psql.median;
  figures.push({
    id: 'P1',
    figure: 'models:check, cold process',
    unit: 'ms',
    ours: check,
    baseline: { name: 'psql -tAc', stats: psql },
    floors: [
      { name: 'node -e 0', stats: node },
      { name: 'bare postgres.js count, bundled', stats: bare },
    ],
    ratio: p1Ratio,
    target: '≤ 2.5× psql',
    met: p1Ratio <= 2.5,
    extra: { overBarePostgresJsMs: Math.round((check.median - bare.median) * 10) / 10 },
  });
}

async function benchSeed(handle: DbHandle) {
  // P2: 5,000 new provider cards into an empty table through the real seed path, beside one upsert per model.
  const catalog = catalogOf(SEED_N);
  let seedPeak = 0;
  const ours = await repeat(RUNS, async () => {
    await truncate(handle);
    let elapsed = 0;
    seedPeak = Math.max(
      seedPeak,
      await peakRssDuring(async () => (elapsed = await time(() => seed(handle, catalog)))),
    );
    return elapsed;
  });
  const naive = await repeat(
    NAIVE_RUNS,
    async () => {
      await truncate(handle);
      return time(() => naiveSeed(handle.db, catalog));
    },
    0,
  );
  // The same naive loop doing the work the seed does for each model (its row and its audit event), so the
  // ratio is also shown for equal work, beside the one the target names.
  const naiveEqual = await repeat(
    NAIVE_RUNS,
    async () => {
      await truncate(handle);
      return time(() => naiveSeedWithEvents(handle.db, catalog));
    },
    0,
  );
  const p2 = stats(ours);
  const p2Naive = stats(naive);
  const p2NaiveEqual = stats(naiveEqual);
  const p2Ratio = p2Naive.median / p2.median;
  figures.push({
    id: 'P2',
    figure: `seed ${SEED_N.toLocaleString('en-US')} new cards`,
    unit: 'ms',
    ours: p2,
    baseline: { name: 'one upsert per model', stats: p2Naive },
    ratio: p2Ratio,
    target: '≤ 1 s and ≥ 25× faster than naive',
    met: p2.median <= 1000 && p2Ratio >= 25,
    extra: {
      peakRssMiB: seedPeak,
      naiveWithEventsMedianMs: Math.round(p2NaiveEqual.median),
      ratioWithEvents: Math.round((p2NaiveEqual.median / p2.median) * 10) / 10,
    },
  });
}

async function benchReseed(handle: DbHandle) {
  const catalog = catalogOf(SEED_N);

  // P3: the same catalog again, unchanged: no model row may be written.
  await truncate(handle);
  await seed(handle, catalog);
  const versionSum = async () =>
    Number(
      (await handle.db.select({ v: sql<string>`coalesce(sum(${models.version}), 0)::text` }).from(models))[0]
        ?.v,
    );
  const before = await versionSum();
  let written = 0;
  const p3 = stats(
    await repeat(RUNS, async () => {
      let report: Awaited<ReturnType<typeof seed>> | undefined;
      const elapsed = await time(async () => {
        report = await seed(handle, catalog);
      });
      const c = report?.counts;
      written +=
        (c?.added ?? 0) +
        (c?.updated ?? 0) +
        (c?.statusChanged ?? 0) +
        (c?.retired ?? 0) +
        (c?.restored ?? 0);
      return elapsed;
    }),
  );
  written += (await versionSum()) - before;
  p3RowsWritten = written;
  figures.push({
    id: 'P3',
    figure: `re-seed ${SEED_N.toLocaleString('en-US')} unchanged`,
    unit: 'ms',
    ours: p3,
    target: '0 rows written, ≤ 0.3 s',
    met: written === 0 && p3.median <= 300,
    extra: { rowsWritten: written },
  });
}

async function benchBulk(handle: DbHandle) {
  // P4: bulk status edit of 10,000 models with audit events, through the server action's registry call.
  await truncate(handle);
  await seed(handle, catalogOf(BULK_N));
  let status: 'active' | 'inactive' = 'inactive'; // new models are inactive: the first edit activates them all
  const flip = () => (status = status === 'active' ? 'inactive' : 'active');
  const p4 = stats(
    await repeat(RUNS, async () => {
      const next = flip();
      let changed = 0;
      const elapsed = await time(async () => {
        changed = (
          await applyBulkEdit(handle.db, config, {
            target: { kind: 'filter', filter: {} },
            changes: { status: next },
            actor: 'admin:bench@bench.test',
          })
        ).changed;
      });
      if (changed !== BULK_N) throw new Error(`P4 changed ${changed}, expected ${BULK_N}`);
      return elapsed;
    }),
  );
  const p4Naive = stats(
    await repeat(
      NAIVE_RUNS,
      async () => {
        const next = flip();
        const rows = await handle.db
          .select({
            id: models.id,
            provider: models.provider,
            modelId: models.modelId,
            status: models.status,
          })
          .from(models);
        return time(() => naiveBulkStatus(handle.db, rows, next));
      },
      0,
    ),
  );
  figures.push({
    id: 'P4',
    figure: `bulk status edit of ${BULK_N.toLocaleString('en-US')} with audit`,
    unit: 'ms',
    ours: p4,
    baseline: { name: 'one UPDATE + INSERT per model', stats: p4Naive },
    ratio: p4Naive.median / p4.median,
    target: '≤ 0.5 s',
    met: p4.median <= 500,
  });
}

// P5 and P6, over HTTP against the production build. P5 times each page view at 10,000 models and, in the full run,
// again at 100,000, where P7 sends 40 viewers at once (the quick run sends them to its small registry).
const VIEWERS = { count: 40, rounds: quick ? 1 : 5 };
const http =
  wanted('P5') || wanted('P6') || (quick && (wanted('P7') || wanted('P13')))
    ? await benchHttp({
        adminUrl: ADMIN_URL,
        quick,
        viewers: quick && wanted('P7') ? VIEWERS : undefined,
        teamKeys: quick && wanted('P13'),
      })
    : null;
const bigPage =
  (wanted('P5') || wanted('P7') || wanted('P11') || wanted('P13')) && !quick
    ? await benchModelsPage({
        adminUrl: ADMIN_URL,
        models: 100_000,
        runs: 20,
        viewers: wanted('P7') ? VIEWERS : undefined,
        consumerSeconds: wanted('P11') ? 5 : undefined,
        teamKeySeconds: wanted('P13') ? 5 : undefined,
      })
    : null;
for (const page of [http?.p5, bigPage]) {
  if (!page || !wanted('P5')) continue;
  for (const view of PAGE_CASES) {
    const total = page.totalMs[view.name];
    const ttfb = page.ttfbMs[view.name];
    figures.push({
      id: 'P5',
      figure: `Models page, ${page.models.toLocaleString('en-US')} models, ${view.name} (last byte; TTFB ${Math.round(ttfb.median)} ms)`,
      unit: 'ms',
      ours: total,
      target: 'whole response p50 ≤ 150 ms',
      met: total.median <= 150,
      extra: {
        models: page.models,
        view: view.name,
        ttfbMedianMs: Math.round(ttfb.median * 10) / 10,
        found: page.found[view.name],
        bytes: page.bytes[view.name],
        serverPeakRssMiB: page.peakRssMiB,
      },
    });
  }
}
// The page's weight: one Models page of 50 rows as sent (its HTML with the RSC payload inline), uncompressed.
const weighed = bigPage ?? http?.p5;
if (weighed && wanted('P5')) {
  const kB = weighed.bytes['filter + page'] / 1000;
  figures.push({
    id: 'page',
    figure: `one Models page of 50 rows, HTML with its RSC payload, uncompressed (${weighed.models.toLocaleString('en-US')} models)`,
    unit: 'kB',
    ours: stats([kB]),
    target: '≤ 100 kB (compression stays on)',
    met: kB <= 100,
    extra: Object.fromEntries(PAGE_CASES.map((v) => [v.name, weighed.bytes[v.name]])),
  });
}
const crowdAt = bigPage?.crowd
  ? { models: bigPage.models, ...bigPage.crowd }
  : http?.p7
    ? { models: http.models, ...http.p7 }
    : null;
if (crowdAt) {
  const ratio = crowdAt.p95Ms.median / crowdAt.staticP95Ms.median;
  figures.push({
    id: 'P7',
    figure: `${crowdAt.viewers} viewers load the Models page at once, ${crowdAt.models.toLocaleString('en-US')} models, a new selective search each round (p95 of each round)`,
    unit: 'ms',
    ours: crowdAt.p95Ms,
    floors: [
      {
        name: `the same crowd on a static file of the page's ${Math.round(crowdAt.pageBytes / 1000)} kB`,
        stats: crowdAt.staticP95Ms,
      },
    ],
    ratio,
    target: 'p95 ≤ 1 s and ≤ 2.5× the static floor, server peak RSS ≤ 600 MB',
    met: crowdAt.p95Ms.median <= 1000 && ratio <= 2.5 && crowdAt.peakRssMiB <= 600,
    extra: {
      serverPeakRssMiB: crowdAt.peakRssMiB,
      slowestMs: Math.round(crowdAt.allMs.max),
      pageBytes: crowdAt.pageBytes,
    },
  });
}
const p6Ratio = http ? http.p6Rps.median / http.p6BaselineRps.median : 0;
if (http && wanted('P6'))
  figures.push({
    id: 'P6',
    figure: `GET /api/v1/models, 32 connections (${http.activeModels} offered)`,
    unit: 'req/s',
    ours: http.p6Rps,
    baseline: { name: 'node:http + postgres.js', stats: http.p6BaselineRps },
    ratio: p6Ratio,
    target: '≥ 1.0× baseline',
    met: p6Ratio >= 1,
  });

// P13: the consumer list with a team key (1,000 keys, 200 teams, 50 groups) beside the list without one, in the
// same run on the same server: 100,000 models in the full run, the quick run's small registry otherwise.
const p13 = bigPage?.p13 ?? http?.p13;
if (p13 && wanted('P13')) {
  const ratio = p13.keyRps.median / p13.openRps.median;
  figures.push({
    id: 'P13',
    figure: `GET /api/v1/models with a team key, ${p13.models.toLocaleString('en-US')} models (1 in 20 offered), 1,000 keys, 200 teams, 50 groups`,
    unit: 'req/s',
    ours: p13.keyRps,
    baseline: { name: 'the same list without a key', stats: p13.openRps },
    ratio,
    target: '≥ 0.8× without a key',
    met: ratio >= 0.8,
    extra: {
      teamModels: p13.teamModels,
      offered: p13.offered,
      platformKeyRps: Math.round(p13.platformRps.median),
      platformKeyRatio: Math.round((p13.platformRps.median / p13.openRps.median) * 100) / 100,
    },
  });
}

// P8: a bulk status edit of every model matching a filter, 100,000 of them, and the statements it sends.
const SCALE_N = quick ? 2_000 : 100_000;
if (wanted('P8'))
  await withDatabase(async (_handle, url) => {
    const p8 = await benchBulkByFilter({
      url,
      count: SCALE_N,
      small: quick ? 200 : 1_000,
      runs: quick ? 1 : 3,
      seedModels: (handle, n) => seed(handle, catalogOf(n)),
      reset: truncate,
    });
    const constant = p8.statements.small === p8.statements.large;
    figures.push({
      id: 'P8',
      figure: `bulk status edit of ${SCALE_N.toLocaleString('en-US')} by filter, with audit`,
      unit: 'ms',
      ours: p8.ms,
      floors: [{ name: 'the same rows by hand: one UPDATE, one INSERT of the events', stats: p8.floorMs }],
      ratio: p8.ms.median / p8.floorMs.median,
      target: '≤ 1.5 s, statement count constant',
      met: p8.ms.median <= 1500 && constant,
      extra: { statementsSmall: p8.statements.small, statementsLarge: p8.statements.large },
    });
  });

// P9: the shipped import command applying an export of 100,000 models, each entry a change.
if (wanted('P9'))
  await withDatabase(async (handle, url) => {
    await seed(handle, catalogOf(SCALE_N));
    const p9 = await benchImport({ handle, url, count: SCALE_N, runs: quick ? 1 : 3 });
    const floor = copyFloor(url, ['models'], quick ? 1 : 3);
    const ratio = p9.ms.median / floor.ms.median;
    figures.push({
      id: 'P9',
      figure: `models:import of an export of ${SCALE_N.toLocaleString('en-US')} (${p9.fileMiB} MiB), whole process`,
      unit: 'ms',
      ours: p9.ms,
      floors: [
        { name: `psql \\copy of its ${floor.rows[0]?.toLocaleString('en-US')} rows`, stats: floor.ms },
      ],
      ratio,
      target: '≤ 3 s and ≤ 3× psql \\copy, peak RSS ≤ 350 MB',
      met: p9.ms.median <= 3000 && ratio <= 3 && p9.peakRssMiB.max <= 350,
      extra: {
        peakRssMiB: p9.peakRssMiB.max,
        fileMiB: p9.fileMiB,
        floorMedianMs: Math.round(floor.ms.median),
      },
    });
  });

// P10: the shipped seed command adding 50,000 new cards from the provider's HTTP answer.
const SEED_PROCESS_N = quick ? 1_000 : 50_000;
if (wanted('P10'))
  await withDatabase(async (handle, url) => {
    const p10 = await benchSeedProcess({
      url,
      count: SEED_PROCESS_N,
      runs: quick ? 1 : 3,
      reset: () => truncate(handle),
    });
    // The last run's models and their events, as Postgres's own bulk path writes them.
    const floor = copyFloor(url, ['models', 'model_events'], quick ? 1 : 3);
    const ratio = p10.ms.median / floor.ms.median;
    figures.push({
      id: 'P10',
      figure: `models:seed of ${SEED_PROCESS_N.toLocaleString('en-US')} new cards over HTTP, whole process`,
      unit: 'ms',
      ours: p10.ms,
      floors: [
        {
          name: `psql \\copy of its ${floor.rows[0]?.toLocaleString('en-US')} rows and ${floor.rows[1]?.toLocaleString('en-US')} events`,
          stats: floor.ms,
        },
      ],
      ratio,
      target: '≤ 3 s and ≤ 3× psql \\copy, peak RSS ≤ 400 MB',
      met: p10.ms.median <= 3000 && ratio <= 3 && p10.peakRssMiB.max <= 400,
      extra: { peakRssMiB: p10.peakRssMiB.max, floorMedianMs: Math.round(floor.ms.median) },
    });
  });

// P11: the curve — P2, P4, P5 and P6 at 1,000, 10,000 and 100,000 models, printed side by side as the cost per
// model (per page for P5: a page shows 50 rows whatever the size). Met when the cost at the largest size is at most
// 1.5× the cost at the smallest (noise, not growth).
type CurvePoint = { models: number; value: number };
const curves: { figure: string; unit: string; points: CurvePoint[] }[] = [];
if (wanted('P11')) {
  const sizes = quick ? [500, 2_000] : [1_000, 10_000, 100_000];
  const seedCost: CurvePoint[] = [];
  const bulkCost: CurvePoint[] = [];
  await withDatabase(async (handle) => {
    for (const n of sizes) {
      const catalog = catalogOf(n);
      const runs = quick || n >= 100_000 ? 1 : 3;
      const seedMs = stats(
        await repeat(
          runs,
          async () => {
            await truncate(handle);
            return time(() => seed(handle, catalog));
          },
          n >= 100_000 ? 0 : 1,
        ),
      );
      seedCost.push({ models: n, value: (seedMs.median * 1000) / n });
      let status: 'active' | 'inactive' = 'inactive';
      const bulkMs = stats(
        await repeat(runs, async () => {
          status = status === 'active' ? 'inactive' : 'active';
          const next = status;
          return time(() => setAll(handle, next));
        }),
      );
      bulkCost.push({ models: n, value: (bulkMs.median * 1000) / n });
    }
  });
  curves.push({ figure: 'P2 seed, new cards', unit: 'µs/model', points: seedCost });
  curves.push({ figure: 'P4 bulk status edit', unit: 'µs/model', points: bulkCost });
  if (!quick) {
    const small = await benchModelsPage({
      adminUrl: ADMIN_URL,
      models: sizes[0] as number,
      runs: 20,
      consumerSeconds: 5,
    });
    const pagePoints = [small, http && { models: http.models, totalMs: http.p5.totalMs }, bigPage].filter(
      (p): p is NonNullable<typeof p> => Boolean(p),
    );
    curves.push({
      figure: 'P5 Models page, filter + page',
      unit: 'ms/page',
      points: pagePoints.map((p) => ({ models: p.models, value: p.totalMs['filter + page'].median })),
    });
    const consumerPoints = [
      small.consumer && { models: small.models, offered: small.consumer.offered, rps: small.consumer.rps },
      http && { models: http.models, offered: http.activeModels, rps: http.p6Rps.median },
      bigPage?.consumer && {
        models: bigPage.models,
        offered: bigPage.consumer.offered,
        rps: bigPage.consumer.rps,
      },
    ].filter((p): p is NonNullable<typeof p> => Boolean(p));
    curves.push({
      figure: 'P6 consumer list, 1 in 20 offered',
      unit: 'µs/offered model',
      points: consumerPoints.map((p) => ({ models: p.models, value: 1e6 / (p.rps * p.offered) })),
    });
  }
  for (const curve of curves) {
    const first = curve.points[0]?.value ?? 0;
    const last = curve.points.at(-1)?.value ?? 0;
    const growth = first > 0 ? last / first : 0;
    figures.push({
      id: 'P11',
      figure: `curve: ${curve.figure} at ${curve.points.map((p) => p.models.toLocaleString('en-US')).join(' / ')} (lowest / median / highest cost per model)`,
      unit: curve.unit,
      ours: stats(curve.points.map((p) => p.value)),
      target: 'largest size ≤ 1.5× smallest, per model',
      met: growth <= 1.5,
      extra: Object.fromEntries([
        ['unit', curve.unit],
        ['growth', Math.round(growth * 100) / 100],
        ...curve.points.map((p) => [`at${p.models}`, Math.round(p.value * 100) / 100]),
      ]),
    });
  }
}

// P12: six providers synced by the shipped command as a whole process, one answering after 5 s; the wall time
// beside the slowest provider's delay and the sum of the delays. --quick runs it once and judges nothing.
if (wanted('P12'))
  await withDatabase(async (handle, url) => {
    const slowest = Math.max(...MULTI_PROVIDER.delaysMs);
    const sum = MULTI_PROVIDER.delaysMs.reduce((a, b) => a + b, 0);
    const p12 = stats(
      await benchMultiProviderSync({
        databaseUrl: url,
        runs: RUNS,
        warmups: quick ? 0 : 1,
        reset: () => truncate(handle),
      }),
    );
    figures.push({
      id: 'P12',
      figure: `models:seed of ${MULTI_PROVIDER.providers} providers × ${MULTI_PROVIDER.cardsEach} cards, slowest answers in ${slowest / 1000} s`,
      unit: 'ms',
      ours: p12,
      target: `≤ slowest + 1 s (${slowest + 1000} ms), not the sum (${sum} ms)`,
      met: p12.median <= slowest + 1000,
      extra: { slowestDelayMs: slowest, sumOfDelaysMs: sum, overSlowestMs: Math.round(p12.median - slowest) },
    });
  });

const fmt = (s: Stats, unit: string) => {
  const digits = unit === 'ms' || unit === 'req/s' ? 0 : 1;
  return `${s.min.toFixed(digits)} / ${s.median.toFixed(digits)} / ${s.max.toFixed(digits)}`;
};
const peakOf = (f: Figure) => f.extra?.peakRssMiB ?? f.extra?.serverPeakRssMiB;
const rows = figures.map((f) => [
  f.id,
  f.figure,
  `${fmt(f.ours, f.unit)} ${f.unit}`,
  peakOf(f) !== undefined ? `${peakOf(f)} MiB` : '—',
  f.baseline
    ? `${f.baseline.name}: ${fmt(f.baseline.stats, f.unit)}`
    : f.floors?.[0]
      ? `floor, ${f.floors[0].name}: ${fmt(f.floors[0].stats, f.unit)}`
      : '—',
  f.ratio !== undefined ? `${f.ratio.toFixed(1)}×` : '—',
  f.target,
  f.met ? 'met' : 'MISSED',
]);
const header = [
  'id',
  'figure',
  'ours min / median / max',
  'peak RSS',
  'baseline min / median / max',
  'ratio',
  'target',
  '',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
console.log(line(header));
console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
for (const row of rows) console.log(line(row));
console.log();
for (const f of figures)
  for (const floor of f.floors ?? [])
    console.log(`${f.id} floor: ${floor.name} ${fmt(floor.stats, f.unit)} ${f.unit}.`);
const p2Extra = figures.find((f) => f.id === 'P2')?.extra;
if (p2Extra) {
  console.log(
    `P2 for equal work (one upsert and one audit insert per model): ${p2Extra.naiveWithEventsMedianMs} ms, ${p2Extra.ratioWithEvents}×.`,
  );
  console.log(
    `P2 seed peak RSS ${p2Extra.peakRssMiB} MiB (bench process); P5 server peak RSS ${http?.p5.peakRssMiB} MiB at ${http?.p5.models.toLocaleString('en-US')} models${bigPage ? `, ${bigPage.peakRssMiB} MiB at ${bigPage.models.toLocaleString('en-US')}` : ''}.`,
  );
}
for (const curve of curves) {
  const points = curve.points.map((p) => `${p.models.toLocaleString('en-US')}: ${p.value.toFixed(2)}`);
  console.log(`P11 curve, ${curve.figure} (${curve.unit}): ${points.join(' · ')}.`);
}
const p12Extra = figures.find((f) => f.id === 'P12')?.extra;
if (p12Extra) {
  console.log(
    `P12: median ${p12Extra.overSlowestMs} ms over the slowest provider's delay (${p12Extra.slowestDelayMs} ms); the delays sum to ${p12Extra.sumOfDelaysMs} ms.`,
  );
}
const p13Extra = figures.find((f) => f.id === 'P13')?.extra;
if (p13Extra) {
  console.log(
    `P13: the team key sees ${p13Extra.teamModels} of ${p13Extra.offered} offered models; a platform key (the whole list, as without a key) ${p13Extra.platformKeyRps} req/s, ${p13Extra.platformKeyRatio}× the list without a key.`,
  );
}
console.log(
  `Finished in ${((Date.now() - started) / 1000).toFixed(0)} s${quick ? ' (quick: small N, one run)' : ''}.`,
);

const results = {
  date: new Date().toISOString(),
  quick,
  machine: {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    postgres: execFileSync('psql', [ADMIN_URL, '-tAc', 'show server_version'], { encoding: 'utf8' }).trim(),
  },
  figures,
  curves,
};
if (only) console.log(`--only ${only}: no results file written.`);
else if (!quick) writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
else writeFileSync('bench/results.quick.json', `${JSON.stringify(results, null, 2)}\n`);

if (quick && wanted('P3') && p3RowsWritten !== 0) {
  console.error(`P3: an unchanged re-seed wrote ${p3RowsWritten} rows; it must write none.`);
  process.exit(1);
}
