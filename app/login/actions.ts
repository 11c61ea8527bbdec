'use server';

import { AuthError } from 'next-auth';
import { signIn, signOut } from '@/lib/auth';
import { SIGN_IN_LIMITS } from '@/lib/auth/users';

export type SignInState = { message: string | null; email: string };

/** Public by nature; Auth.js checks the credentials (lib/auth/users.ts verifyCredentials) and its CSRF token. */
export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get('email') ?? '').slice(0, 254);
  const next = String(form.get('next') ?? '/admin/models');
  try {
    await signIn('credentials', {
      email,
      password: String(form.get('password') ?? ''),
      redirectTo: next.startsWith('/') && !next.startsWith('//') ? next : '/admin/models',
    });
    return { message: null, email };
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      if (code === 'rate_limited') {
        return {
          email,
          message: `Too many failed sign-ins. Wait ${SIGN_IN_LIMITS.windowMinutes} minutes, or ask an admin to reset your password.`,
        };
      }
      // One message for unknown email and wrong password: which one was wrong is not said.
      return { email, message: 'That email and password do not match an account.' };
    }
    throw error; // the redirect of a successful sign-in
  }
}

export async function signOutAction() {
  await signOut({ redirectTo: '/login' });
}
