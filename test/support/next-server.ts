// Starts the production server (`npm start`'s dist/server.mjs on the build in .next) on a free port against a
// given database, and stops it with its whole process group: used by the reliability suite and by the benchmarks,
// never left running. It is the server production runs, so what the suites measure is what ships.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export type NextServer = {
  url: string;
  /** The process group's id (the server's node process leads it). */
  pgid: number;
  stop(): Promise<void>;
};

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function startNextServer(env: NodeJS.ProcessEnv): Promise<NextServer> {
  if (!existsSync('.next/BUILD_ID') || !existsSync('dist/server.mjs'))
    throw new Error('No production build in .next and dist/server.mjs: run `npm run build` first.');
  const port = await freePort();
  const server: ChildProcess = spawn(
    process.execPath,
    ['dist/server.mjs', '-p', String(port), '-H', '127.0.0.1'],
    {
      env: { ...env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    },
  );
  let log = '';
  server.stderr?.on('data', (chunk) => {
    log = (log + chunk).slice(-20_000);
  });
  const stop = async () => {
    if (server.exitCode !== null || !server.pid) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {}
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {}
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/login`)).ok) break;
    } catch {}
    if (Date.now() > deadline || server.exitCode !== null) {
      await stop();
      throw new Error(`The production server did not come up on ${url}:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, pgid: server.pid ?? 0, stop };
}
