// The one wrapper every server action goes through: session → role → zod parse → registry call → typed result.
// A server action is a public POST endpoint; nothing here trusts the page that rendered the form.
import { randomUUID } from 'node:crypto';
import { after } from 'next/server';
import type { z } from 'zod';
import type { Database } from '../../db/client';
import type { UserRole } from '../../db/schema';
import { getServerDb } from '../../db/server';
import { notifyGatewayChanges } from '../registry/automation/notify';
import { RegistryError } from '../registry/errors';
import { currentUser } from './session';
import type { SessionUser } from './users';

export type ActionResult<T = undefined> =
  | { status: 'ok'; data: T; message: string }
  | { status: 'invalid'; message: string; fieldErrors: Record<string, string[]> }
  | { status: 'forbidden'; message: string }
  | { status: 'conflict'; message: string; current?: unknown }
  | { status: 'error'; message: string; errorId?: string };

export type ActionContext = { user: SessionUser; db: Database; actor: string };

export function ok<T>(data: T, message: string): ActionResult<T> {
  return { status: 'ok', data, message };
}

/**
 * After a write that a gateway may see (a model, an access group): the webhook is told which gateway configs it
 * changed, in the background once the answer is sent, so a slow receiver never holds the admin up.
 */
export function announceGatewayChanges(ctx: ActionContext): void {
  after(async () => {
    try {
      await notifyGatewayChanges(ctx.db, process.env, { trigger: 'ui', actor: ctx.actor });
    } catch (error) {
      console.error('the gateway announcement could not be recorded', error);
    }
  });
}

/** FormData → plain object; repeated keys become arrays (e.g. selected ids). */
function formToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith('$ACTION')) continue;
    const values = form.getAll(key).map((v) => (typeof v === 'string' ? v : ''));
    out[key] = values.length > 1 || key.endsWith('[]') ? values : values[0];
  }
  return out;
}

export function action<S extends z.ZodType, T>(
  role: UserRole,
  schema: S,
  run: (input: z.output<S>, ctx: ActionContext) => Promise<ActionResult<T>>,
): (previous: unknown, input: FormData | z.input<S>) => Promise<ActionResult<T>> {
  return async (_previous, input) => {
    // Everything inside the try: a database that is down, or input that makes a parser throw, is an answer
    // ("error" with an id), never an unhandled 500.
    try {
      const user = await currentUser();
      if (!user) return { status: 'forbidden', message: 'Your session has ended. Sign in again.' };
      if (role === 'admin' && user.role !== 'admin') {
        return {
          status: 'forbidden',
          message:
            'Only admins can make this change; your account is a viewer. Ask an admin if you need it done.',
        };
      }
      const raw = input instanceof FormData ? formToObject(input) : input;
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        // Field errors under the input's top-level field (a form's field); the message names a nested field by
        // its path (`target.filter.type: …`), so a refused bulk filter says which value did not parse.
        const fieldErrors: Record<string, string[]> = {};
        let formError: string | undefined;
        for (const issue of parsed.error.issues) {
          if (issue.path.length === 0) {
            formError ??= issue.message;
            continue;
          }
          const key = String(issue.path[0]);
          fieldErrors[key] = [...(fieldErrors[key] ?? []), issue.message];
        }
        const nested = parsed.error.issues.find(
          (issue) => issue.path.length > 1 && issue.path.every((part) => typeof part === 'string'),
        );
        return {
          status: 'invalid',
          message:
            formError ??
            (nested
              ? `${nested.path.map(String).join('.')}: ${nested.message}`
              : 'Some fields need attention.'),
          fieldErrors,
        };
      }
      return await run(parsed.data, { user, db: await getServerDb(), actor: `admin:${user.email}` });
    } catch (error) {
      if (error instanceof RegistryError) {
        if (error.kind === 'conflict') return { status: 'conflict', message: error.message };
        if (error.kind !== 'provider' && error.kind !== 'config') {
          return { status: 'invalid', message: error.message, fieldErrors: {} };
        }
        return { status: 'error', message: error.message };
      }
      const errorId = randomUUID().slice(0, 8);
      console.error(`server action failed [${errorId}]`, error);
      return {
        status: 'error',
        message: `Something went wrong on our side (error ${errorId}). Nothing was changed.`,
        errorId,
      };
    }
  };
}
