// npm run build:reuse — `npm run build`, unless the Next build in .next was made by this script from exactly the
// files now in the tree. test:e2e and test:reliability start with it, so CI (which runs both, one after the other,
// on one tree) runs `next build` once, and each script still tests a build of what is checked out when run alone.
//
// The stamp (.next/source-stamp.json) is a SHA-256 of every file git tracks or would track (untracked files that
// .gitignore does not exclude; deleted ones left out), of the .env* files Next reads (ignored ones too), and of the
// Node.js version, Next's installed version and the NEXT_PUBLIC_* and NODE_ENV variables; it also records the
// build's BUILD_ID, so a build made since by other means (a plain `next build`) is never taken for this one. Not
// in a git checkout: it always builds. The commands and server (dist/, esbuild, ~1 s) are bundled afresh every time.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

const STAMP = '.next/source-stamp.json';
const BUILD_ID = '.next/BUILD_ID';

function sourceHash(): string | undefined {
  let listed: string;
  try {
    listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    return undefined;
  }
  const envFiles = readdirSync('.').filter((f) => f.startsWith('.env'));
  const files = [...new Set([...listed.split('\0').filter(Boolean), ...envFiles])].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    if (!existsSync(file)) continue; // tracked but deleted in the work tree: not part of this tree
    hash.update(`${file}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  const nextVersion = JSON.parse(readFileSync('node_modules/next/package.json', 'utf8')).version;
  const env = Object.entries(process.env)
    .filter(([key]) => key.startsWith('NEXT_PUBLIC_') || key === 'NODE_ENV')
    .sort(([a], [b]) => a.localeCompare(b));
  hash.update(JSON.stringify({ node: process.version, next: nextVersion, env }));
  return hash.digest('hex');
}

function readStamp(): { source?: string; buildId?: string } {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return {};
  }
}

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const source = sourceHash();
const stamp = readStamp();
const buildId = existsSync(BUILD_ID) ? readFileSync(BUILD_ID, 'utf8').trim() : undefined;
if (source && buildId && stamp.source === source && stamp.buildId === buildId) {
  console.log(`Reusing the production build in .next (${buildId}): it was built from this very tree.`);
} else {
  run('npx', ['next', 'build']);
  const built = readFileSync(BUILD_ID, 'utf8').trim();
  // Written only after a successful build, and only when the tree could be hashed and did not change meanwhile.
  if (source && sourceHash() === source)
    writeFileSync(STAMP, `${JSON.stringify({ source, buildId: built }, null, 2)}\n`);
}
run('npm', ['run', 'build:cli']);
