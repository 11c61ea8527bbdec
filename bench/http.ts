// P5 and P6: what people and services feel over HTTP, against the production server (`npm start`).
//   P5 — the Model Management page with 10,000 models, a filter and a page: time to first byte, signed in.
//   P6 — GET /api/v1/models requests/s with 32 connections, beside a bare node:http + postgres.js server that
//        returns the same JSON from the same database on the same machine.
// The database is a fresh one on the Postgres server, dropped afterwards; no server is left running.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { encode } from 'next-auth/jwt';
import postgres from 'postgres';
import { freePort, startNextServer } from '../test/support/next-server';
import { syntheticCatalog } from '../test/support/synthetic-catalog';

export type Stats = { min: number; median: number; max: number; runs: number };

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const median =
    sorted.length % 2
      ? (sorted[(sorted.length - 1) / 2] as number)
      : ((sorted[sorted.length / 2 - 1] as number) + (sorted[sorted.length / 2] as number)) / 2;
  return { min: sorted[0] ?? 0, median, max: sorted.at(-1) ?? 0, runs: sorted.length };
}

/** Peak resident memory (KiB) of the biggest process in a process group: next's server. */
function peakRssKib(pgid: number): number {
  let peak = 0;
  const pids = execFileSync('ps', ['-o', 'pid=', '-g', String(pgid)], { encoding: 'utf8' })
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {}
  }
  return peak;
}

async function throughput(url: string, seconds: number): Promise<number> {
  const result = await autocannon({ url, connections: 32, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load`);
  return result.requests.average;
}

export type HttpFigures = {
  models: number;
  activeModels: number;
  p5TtfbMs: Stats;
  p5PeakRssMiB: number;
  p6Rps: Stats;
  p6BaselineRps: Stats;
};

export async function benchHttp(options: { adminUrl: string; quick: boolean }): Promise<HttpFigures> {
  const models = options.quick ? 2_000 : 10_000;
  const active = Math.round(models / 20);
  const name = `mr_bench_http_${randomBytes(4).toString('hex')}`;
  const admin = postgres(options.adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(options.adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const secret = randomBytes(32).toString('base64url');
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: secret };
  for (const key of ['PGLITE_DIR', 'MISTRAL_API_KEY', 'MODEL_DEFAULTS_PATH', 'REGISTRY_API_TOKEN'])
    delete env[key];
  const catalogFile = join(tmpdir(), `${name}.json`);
  const stops: (() => Promise<void>)[] = [];
  try {
    writeFileSync(catalogFile, JSON.stringify(syntheticCatalog(models)));
    execFileSync(process.execPath, ['dist/cli/models-deploy.mjs', '--source', catalogFile], {
      env,
      stdio: 'ignore',
    });
    execFileSync(
      process.execPath,
      ['dist/cli/admin-create.mjs', '--email', 'bench@bench.test', '--role', 'admin'],
      {
        env,
        input: 'bench-password-123\n',
        stdio: ['pipe', 'ignore', 'inherit'],
      },
    );
    const db = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    // A consumer list of realistic size: one model in twenty offered.
    await db`update models set status = 'active' where id in (select id from models order by id limit ${active})`;
    const [user] = await db<{ id: number }[]>`select id from users where email = 'bench@bench.test'`;
    // The server-side session row a real sign-in opens (lib/auth/sessions.ts), named by the token.
    const sid = randomBytes(32).toString('base64url');
    await db`insert into sessions (id, user_id) values (${sid}, ${user?.id ?? 0})`;
    await db.end();

    const server = await startNextServer(env);
    stops.push(server.stop);
    const token = await encode({
      token: { sub: String(user?.id), role: 'admin', sid, signedInAt: Math.floor(Date.now() / 1000) },
      secret,
      salt: 'authjs.session-token',
      maxAge: 3600,
    });
    const page = `${server.url}/admin/models?q=synth&type=chat&status=inactive&page=3&perPage=50`;
    const ttfb = async () => {
      const started = performance.now();
      const response = await fetch(page, {
        headers: { Cookie: `authjs.session-token=${token}` },
        redirect: 'manual',
      });
      const elapsed = performance.now() - started;
      const body = await response.text();
      if (response.status !== 200 || !body.includes('Model Management'))
        throw new Error(`P5: the page answered ${response.status}, not the signed-in Model Management page`);
      return elapsed;
    };
    for (let i = 0; i < 10; i++) await ttfb();
    const ttfbs: number[] = [];
    for (let i = 0; i < (options.quick ? 10 : 50); i++) ttfbs.push(await ttfb());
    const p5PeakRssMiB = Math.round(peakRssKib(server.pgid) / 1024);

    const seconds = options.quick ? 2 : 10;
    const runs = options.quick ? 1 : 2;
    const api = `${server.url}/api/v1/models`;
    const check = (await (await fetch(api)).json()) as { data: unknown[] };
    if (check.data.length !== active)
      throw new Error(`P6: expected ${active} offered models, got ${check.data.length}`);
    await throughput(api, 1); // warm-up
    const ours: number[] = [];
    for (let i = 0; i < runs; i++) ours.push(await throughput(api, seconds));
    await server.stop();

    const port = await freePort();
    const baseline = spawn(process.execPath, ['bench/baseline-server.mjs'], {
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    stops.push(async () => {
      if (baseline.exitCode === null) baseline.kill('SIGTERM');
    });
    await new Promise<void>((resolve, reject) => {
      baseline.stdout?.once('data', () => resolve());
      baseline.once('exit', (code) => reject(new Error(`baseline server exited ${code}`)));
    });
    const baselineUrl = `http://127.0.0.1:${port}/api/v1/models`;
    const same = (await (await fetch(baselineUrl)).json()) as { data: unknown[] };
    if (JSON.stringify(same.data) !== JSON.stringify(check.data))
      throw new Error('P6: the baseline does not return the same JSON as the product');
    await throughput(baselineUrl, 1);
    const theirs: number[] = [];
    for (let i = 0; i < runs; i++) theirs.push(await throughput(baselineUrl, seconds));

    return {
      models,
      activeModels: active,
      p5TtfbMs: stats(ttfbs),
      p5PeakRssMiB,
      p6Rps: stats(ours),
      p6BaselineRps: stats(theirs),
    };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    rmSync(catalogFile, { force: true });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

// Run alone: `npx tsx bench/http.ts [--quick]`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchHttp({
    adminUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    quick: process.argv.includes('--quick'),
  });
  console.log(JSON.stringify(figures, null, 2));
}
