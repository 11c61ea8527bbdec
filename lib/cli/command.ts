// The one way every command parses flags, prints, and turns errors into exit codes.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { DatabaseError, errorSummary, isDriverError } from '../../db/errors';
import { redactUrls } from '../../db/redact';
import { RegistryError } from '../registry/errors';
import { escapeUntrusted } from '../registry/model/text';

export const EXIT = { ok: 0, problem: 1, database: 2, usage: 64, internal: 70 } as const;

export type CommandSpec<O extends NonNullable<ParseArgsConfig['options']>> = {
  name: string;
  usage: string;
  options: O;
  allowPositionals?: boolean;
  /** Exit code for errors that are neither RegistryErrors nor recognisably the database's. */
  unexpectedExitCode?: number;
  /** Exit code for a RegistryError that is not a usage error (default 1), for a command whose 1 means an answer. */
  problemExitCode?: number;
  /** Said before every error message but usage errors, e.g. "could not tell whether models exist". */
  errorPrefix?: string;
};

export type CommandContext = {
  json: boolean;
  /** Progress for people: only on a terminal, never with --json. */
  progress: (message: string) => void;
  /** Prints the command's result: the object as one JSON line with --json, else the text. */
  print: (text: string, json?: unknown) => void;
  warn: (message: string) => void;
  /** A problem that does not stop the command (one provider of several failed): on stderr, never with --json. */
  problem: (message: string) => void;
};

/**
 * Every line a command prints goes through here. Provider- and user-supplied text (ids, names, messages that
 * quote them) cannot drive the terminal: controls and bidi characters are written as escapes (\u001b), and a
 * JSON line stays valid JSON (the escapes are JSON's own). Every URL in it, whoever wrote the message (a provider
 * client, the driver, an older stored error), is redacted of userinfo and secret query parameters.
 */
function out(stream: NodeJS.WriteStream, text: string): void {
  stream.write(`${escapeUntrusted(redactUrls(text), { keepLines: true })}\n`);
}

/**
 * Runs a command's main function: `--help`, strict flag parsing (bad usage → 64), and every error printed as one
 * actionable message (with --json as {"error": {kind, message}}) with the exit code its kind implies.
 */
export async function runCommand<O extends NonNullable<ParseArgsConfig['options']>>(
  spec: CommandSpec<O>,
  main: (
    args: { values: Record<string, unknown>; positionals: string[] },
    ctx: CommandContext,
  ) => Promise<number>,
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  const wantsJson = argv.includes('--json');
  const fail = (kind: string, detail: string, code: number) => {
    const message = spec.errorPrefix && kind !== 'usage' ? `${spec.errorPrefix}: ${detail}` : detail;
    if (wantsJson) out(process.stdout, JSON.stringify({ error: { kind, message } }));
    else out(process.stderr, `${spec.name}: ${message}`);
    process.exitCode = code;
  };

  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${spec.usage.trim()}\n`);
    process.exitCode = EXIT.ok;
    return;
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: spec.options,
      allowPositionals: spec.allowPositionals ?? false,
      strict: true,
    });
  } catch (error) {
    fail('usage', `${(error as Error).message}\n\n${spec.usage.trim()}`, EXIT.usage);
    return;
  }
  const json = parsed.values.json === true;
  const ctx: CommandContext = {
    json,
    progress: (message) => {
      if (!json && process.stderr.isTTY) out(process.stderr, message);
    },
    print: (text, value) => {
      if (json) out(process.stdout, JSON.stringify(value ?? { message: text }));
      else out(process.stdout, text);
    },
    warn: (message) => {
      if (!json) out(process.stderr, `warning: ${message}`);
    },
    problem: (message) => {
      if (!json) out(process.stderr, `${spec.name}: ${message}`);
    },
  };
  try {
    process.exitCode = await main(parsed, ctx);
  } catch (error) {
    const { kind, message, code } = describeError(error, spec.unexpectedExitCode);
    fail(
      kind,
      message,
      code === EXIT.problem && spec.problemExitCode !== undefined ? spec.problemExitCode : code,
    );
  }
}

export type DescribedError = { kind: string; message: string; code: number };

/** An error as a command reports it: its kind, one message for people, and the exit code the kind implies. */
export function describeError(error: unknown, unexpectedExitCode: number = EXIT.internal): DescribedError {
  if (error instanceof RegistryError) {
    return {
      kind: error.kind,
      message: error.message,
      code: error.kind === 'usage' ? EXIT.usage : EXIT.problem,
    };
  }
  if (error instanceof DatabaseError)
    return { kind: 'database', message: error.message, code: EXIT.database };
  if (isDriverError(error)) return { kind: 'database', message: errorSummary(error), code: EXIT.database };
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    kind: 'internal',
    message: `unexpected error (a bug; please report it): ${detail}`,
    code: unexpectedExitCode,
  };
}

/** Exits the process after `ms` with `code`, printing why: for commands that must answer within a bound. */
export function exitAfter(ms: number, code: number, message: string): NodeJS.Timeout {
  const timer = setTimeout(() => {
    process.stderr.write(`${message}\n`);
    process.exit(code);
  }, ms);
  timer.unref();
  return timer;
}
