// Who a command says made a change: `cli`, or `cli:NAME` with --actor NAME, as audit events record it.
import { RegistryError } from '../registry/errors';

export function cliActor(name: unknown): string {
  if (name === undefined) return 'cli';
  const trimmed = String(name).trim();
  if (!/^[\w.@+-]{1,100}$/.test(trimmed)) {
    throw new RegistryError('usage', '--actor takes a name of letters, digits and . _ @ + - (at most 100).');
  }
  return `cli:${trimmed}`;
}
