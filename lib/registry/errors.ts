// Typed domain errors. `kind` decides the exit code of a command and what a UI shows; `cause` is always kept.

export type RegistryErrorKind =
  | 'usage' // bad flags or arguments (exit 64)
  | 'config' // operator configuration invalid (exit 1)
  | 'input' // a catalog file or other input is invalid (exit 1)
  | 'provider' // the provider could not be read, or answered nonsense (exit 1)
  | 'guard' // a safety guard refused (empty list, mass retirement) (exit 1)
  | 'refused' // a rule refused an edit (pinned model, unknown id) (exit 1)
  | 'conflict'; // someone else changed it first (exit 1)
// Database failures are db/errors.ts's DatabaseError (exit 2): the db layer sits below the registry.

export class RegistryError extends Error {
  readonly kind: RegistryErrorKind;
  constructor(kind: RegistryErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RegistryError';
    this.kind = kind;
  }
}

export function isRegistryError(error: unknown, kind?: RegistryErrorKind): error is RegistryError {
  return error instanceof RegistryError && (kind === undefined || error.kind === kind);
}
