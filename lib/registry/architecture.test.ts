// The registry's rooms and the one way their imports run, held against the code: each room imports only rooms below
// it in FLOORS, the top-level files import no room, no file imports a framework, and no files import each other in a
// circle. A new file that breaks this fails here with the import that does, rather than in a reader's head.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Bottom first, a floor a line: a room may import the rooms on the floors below its own, never one beside or above
 * it. '' is the top-level files.
 */
const FLOORS: readonly (readonly string[])[] = [
  [''],
  ['model'],
  ['providers', 'audit'],
  ['config', 'access'],
  ['reads'],
  ['changes'],
  ['lifecycle', 'transfer', 'gateways'],
  ['sync'],
  ['automation'],
];
const ROOMS = FLOORS.flat();
const floorOf = (room: string) => FLOORS.findIndex((floor) => floor.includes(room));

const ROOT = dirname(new URL(import.meta.url).pathname);
/** What lib/registry must not import: the CLIs and tests load it without a framework (../shared/STYLE.md). */
const FORBIDDEN = /^(next|next\/.*|react|react-dom|react\/.*|server-only|@\/app\/.*|@\/components\/.*)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every module a file names (static and dynamic imports, re-exports). */
function specifiers(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)(['"])([^'"\n]+)\1/gm)].map(
    (m) => m[2] ?? '',
  );
}

const files = sourceFiles(ROOT).map((path) => posix.normalize(relative(ROOT, path)));
const known = new Set(files);

/** The registry file a specifier names (relative to lib/registry), or null for anything outside it. */
function target(from: string, spec: string): string | null {
  const alias = '@/lib/registry/';
  if (!spec.startsWith('.') && !spec.startsWith(alias)) return null;
  const base = spec.startsWith(alias) ? spec.slice(alias.length) : posix.join(posix.dirname(from), spec);
  if (base.startsWith('..')) return null;
  const found = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((p) => known.has(p));
  return found ?? (/\.\w+$/.test(base) ? base : null);
}

function roomOf(file: string): string {
  return file.includes('/') ? (file.split('/')[0] ?? '') : '';
}

const imports = new Map(
  files.map((file) => {
    const specs = specifiers(readFileSync(join(ROOT, file), 'utf8'));
    return [
      file,
      { specs, targets: specs.map((s) => target(file, s)).filter((t): t is string => t !== null) },
    ];
  }),
);

describe('lib/registry rooms', () => {
  it('has every room in FLOORS, and every file in a room', () => {
    const rooms = new Set(files.map(roomOf));
    expect([...rooms].filter((room) => !ROOMS.includes(room))).toEqual([]);
    expect(ROOMS.filter((room) => !rooms.has(room))).toEqual([]);
  });

  it('imports run one way: each room imports only the rooms on floors below its own', () => {
    const wrong: string[] = [];
    for (const [file, { targets }] of imports) {
      const room = roomOf(file);
      for (const to of targets) {
        const toRoom = roomOf(to);
        if (toRoom === room && room !== '') continue;
        if (floorOf(toRoom) < floorOf(room)) continue;
        const below = FLOORS.slice(0, floorOf(room)).flat();
        wrong.push(
          `${file} imports ${to}: ${room || 'a top-level file'} may import only ${below.map((r) => r || 'the top-level files').join(', ') || 'nothing of the registry'}`,
        );
      }
    }
    expect(wrong).toEqual([]);
  });

  it('imports no framework, screen or component', () => {
    const wrong = [...imports].flatMap(([file, { specs }]) =>
      specs.filter((spec) => FORBIDDEN.test(spec)).map((spec) => `${file} imports ${spec}`),
    );
    expect(wrong).toEqual([]);
  });

  it('has no files that import each other in a circle', () => {
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (file: string) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      path.push(file);
      for (const to of imports.get(file)?.targets ?? []) if (imports.has(to)) visit(to);
      path.pop();
      state.set(file, 'done');
    };
    for (const file of files) visit(file);
    expect(circles).toEqual([]);
  });
});
