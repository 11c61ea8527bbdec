// A shipped command run as a whole process by the bench: timed, its output kept, its own peak memory read at exit
// (report-rss.cjs, preloaded: getrusage's maxrss), without blocking the bench (local servers may live here).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { runProcess } from '../test/support/process';

export type ProcessRun = { ms: number; stdout: string; peakRssMiB: number };

/** Runs `node <args>` as a whole process, times it and reads its own peak RSS; a non-zero exit stops the bench. */
export async function measuredProcess(args: string[], env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  const dir = mkdtempSync(join(os.tmpdir(), 'mr-bench-rss-'));
  const rssFile = join(dir, 'rss');
  try {
    const started = performance.now();
    const run = await runProcess(process.execPath, ['--require', './bench/report-rss.cjs', ...args], {
      env: { ...env, BENCH_RSS_FILE: rssFile },
      timeoutMs: 15 * 60_000,
    });
    const ms = performance.now() - started;
    if (run.code !== 0)
      throw new Error(
        `${args.join(' ')} exited ${run.code ?? run.signal}: ${(run.stderr || run.stdout).slice(0, 2000)}`,
      );
    return { ms, stdout: run.stdout, peakRssMiB: Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
