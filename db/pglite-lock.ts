// One process owns an embedded (PGlite) data directory at a time. Two processes on one directory silently lose
// data, so the second one must fail fast, saying who holds it and what to do instead.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';
import { DatabaseError } from './errors';

type LockOwner = { pid: number; host: string; command: string; since: string };

/** A lock younger than this is live unless its owner process is known to be gone. */
const STALE_MS = 20_000;

function describeCommand(): string {
  const argv = process.argv.slice(1).map((arg) => arg.replace(/^.*node_modules\/(\.bin\/)?/, ''));
  return argv.join(' ').slice(0, 200) || 'node';
}

function readOwner(path: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

function processIsGone(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Takes the lock for `dataDir` or throws DatabaseError naming the owner. Returns the release function.
 * The lock is released automatically when the process exits (proper-lockfile uses signal-exit); a lock left by
 * a killed process is taken over at once when its pid is gone, or after STALE_MS otherwise.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = `${dataDir}.lock`;
  const ownerPath = `${dataDir}.owner.json`;
  mkdirSync(dataDir, { recursive: true });

  const attempt = () =>
    lockfile.lock(dataDir, {
      lockfilePath: lockPath,
      realpath: false,
      stale: STALE_MS,
      retries: 0,
      onCompromised: (error) => {
        // Someone else took the directory while we held it: continuing could corrupt it. Stop loudly.
        console.error(
          `The embedded database lock ${lockPath} was lost (${error.message}); stopping to protect the data.`,
        );
        process.exit(70);
      },
    });

  let release: () => Promise<void>;
  try {
    release = await attempt();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = readOwner(ownerPath);
    if (owner && processIsGone(owner)) {
      // The owner was killed (SIGKILL leaves the lock behind); its pid no longer exists on this host.
      rmSync(lockPath, { recursive: true, force: true });
      release = await attempt().catch((retryError: unknown) => {
        throw lockedError(dataDir, readOwner(ownerPath), retryError);
      });
    } else {
      throw lockedError(dataDir, owner, error);
    }
  }

  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    command: describeCommand(),
    since: new Date().toISOString(),
  };
  writeFileSync(ownerPath, `${JSON.stringify(me)}\n`);
  return async () => {
    rmSync(ownerPath, { force: true });
    await release();
  };
}

function lockedError(dataDir: string, owner: LockOwner | null, cause: unknown): DatabaseError {
  const who = owner
    ? `process ${owner.pid} (${owner.command}) on ${owner.host}, since ${owner.since}`
    : 'another process (it has not said which yet)';
  return new DatabaseError(
    `The embedded database at ${dataDir} is in use by ${who}. Only one process may open it: two would lose data. ` +
      'Stop that process first, or use the running app (its Sync page), or set DATABASE_URL to use a Postgres server.',
    { cause },
  );
}
