// A shipped command run as a whole process by the bench: timed, its output kept, its own peak memory read at exit
// (report-rss.cjs, preloaded: getrusage's maxrss), without blocking the bench (local servers may live here).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

export type ProcessRun = { ms: number; stdout: string; peakRssMiB: number };

/** Runs `node <args>` as a whole process, times it and reads its own peak RSS; a non-zero exit stops the bench. */
export function measuredProcess(args: string[], env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  const dir = mkdtempSync(join(os.tmpdir(), 'mr-bench-rss-'));
  const rssFile = join(dir, 'rss');
  return new Promise<ProcessRun>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', './bench/report-rss.cjs', ...args], {
      env: { ...env, BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) {
        reject(new Error(`${args.join(' ')} exited ${code}: ${(stderr || stdout).slice(0, 2000)}`));
        return;
      }
      try {
        resolve({ ms, stdout, peakRssMiB: Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024) });
      } catch (error) {
        reject(error);
      }
    });
  }).finally(() => rmSync(dir, { recursive: true, force: true }));
}
