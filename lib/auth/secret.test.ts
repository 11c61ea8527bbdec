import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEVELOPMENT_ENV_FILE,
  ensureDevelopmentSecret,
  productionSecretProblem,
  signInUnavailableReason,
} from './secret';

describe('productionSecretProblem', () => {
  const file = (path: string, env: Record<string, string>) => ({ path, env });

  it('accepts AUTH_SECRET from the process environment, whatever the files say', () => {
    expect(
      productionSecretProblem('s3cret', [file(DEVELOPMENT_ENV_FILE, { AUTH_SECRET: 'dev' })]),
    ).toBeNull();
  });

  it('refuses a secret only the development file sets, and a missing one, naming AUTH_SECRET', () => {
    expect(productionSecretProblem(undefined, [file('.env.local', { AUTH_SECRET: 'dev' })])).toMatch(
      /AUTH_SECRET comes only from \.env\.local/,
    );
    expect(productionSecretProblem(' ', [])).toMatch(/AUTH_SECRET is not set/);
    expect(productionSecretProblem(undefined, [file('.env', { OTHER: '1' })])).toMatch(
      /AUTH_SECRET is not set/,
    );
  });

  it('accepts a production env file that comes before the development one in Next’s order', () => {
    const files = [
      file('.env.production.local', { AUTH_SECRET: 'prod' }),
      file('.env.local', { AUTH_SECRET: 'dev' }),
    ];
    expect(productionSecretProblem(undefined, files)).toBeNull();
    expect(productionSecretProblem(undefined, [file('.env.production', { AUTH_SECRET: 'prod' })])).toBeNull();
  });
});

describe('signInUnavailableReason', () => {
  it('is null with a secret and a reason naming no value without one', () => {
    expect(signInUnavailableReason({ AUTH_SECRET: 'x' })).toBeNull();
    expect(signInUnavailableReason({})).toMatch(/sign-in cannot work/);
  });
});

describe('ensureDevelopmentSecret', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the file owner-only with a fresh secret, and tightens an existing one without rewriting it', () => {
    dir = mkdtempSync(join(tmpdir(), 'mr-secret-'));
    const path = join(dir, '.env.local');
    expect(ensureDevelopmentSecret(path, {})).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toMatch(/^AUTH_SECRET=[\w-]{43}\n$/);

    writeFileSync(path, 'AUTH_SECRET=kept\n');
    chmodSync(path, 0o644);
    expect(ensureDevelopmentSecret(path, {})).toBe(false);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('AUTH_SECRET=kept\n');
  });

  it('writes nothing when the environment has a secret', () => {
    dir = mkdtempSync(join(tmpdir(), 'mr-secret-'));
    const path = join(dir, '.env.local');
    expect(ensureDevelopmentSecret(path, { AUTH_SECRET: 'from-env' })).toBe(false);
    expect(() => statSync(path)).toThrow();
  });
});
