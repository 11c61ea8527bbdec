// The floor of a bulk write: Postgres's own bulk path. `psql \copy` of the very rows a command wrote, from a file,
// into empty tables identical to the registry's (columns, defaults, indexes, constraints but foreign keys), as a
// whole psql process in one transaction. Whatever a command takes above this is ours: parsing its input, planning,
// and everything it does besides writing the rows.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { type Stats, stats } from './http';

/**
 * Copies every row of `tables` (as the registry holds them now) out to files, then times `runs` psql processes
 * that copy them into empty `like … including all` twins, emptied between runs. The twins are dropped afterwards.
 */
export function copyFloor(
  url: string,
  tables: readonly string[],
  runs: number,
): { ms: Stats; rows: number[] } {
  const dir = mkdtempSync(join(os.tmpdir(), 'mr-bench-floor-'));
  const psql = (...commands: string[]) =>
    execFileSync(
      'psql',
      [url, '-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1', '-1', ...commands.flatMap((c) => ['-c', c])],
      {
        encoding: 'utf8',
        env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
      },
    );
  const twin = (table: string) => `bench_floor_${table}`;
  try {
    const rows: number[] = [];
    for (const table of tables) {
      rows.push(Number(psql(`select count(*) from ${table}`).trim()));
      psql(
        `drop table if exists ${twin(table)}`,
        `create table ${twin(table)} (like ${table} including all)`,
        `\\copy ${table} to '${join(dir, table)}'`,
      );
    }
    const empty = `truncate ${tables.map(twin).join(', ')}`;
    const copies = tables.map((t) => `\\copy ${twin(t)} from '${join(dir, t)}'`);
    const once = () => {
      psql(empty);
      const started = performance.now();
      psql(...copies);
      return performance.now() - started;
    };
    once(); // warm-up
    return { ms: stats(Array.from({ length: runs }, once)), rows };
  } finally {
    try {
      psql(...tables.map((t) => `drop table if exists ${twin(t)}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
