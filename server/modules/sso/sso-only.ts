import type { Queryable } from '../../db/types';
import { AppError } from '../../lib/app-error';
import { accountIsSsoOnly } from './sso.repo';

/**
 * Password sign-in of a member whose account is "SSO only" is refused with SSO_REQUIRED, checked only
 * after the password was right (a wrong one answers as usual, so this says nothing to a guesser).
 *
 * The owner is the exception on purpose: if the provider breaks, its client secret expires or the
 * settings are wrong, the owner can still sign in with a password and repair or switch off SSO.
 * Without it a misconfigured provider would lock everyone out of the account for good.
 */
export async function assertPasswordSignInAllowed(q: Queryable, user: { account_id: string; role: string }) {
  if (user.role === 'owner') return;
  if (await accountIsSsoOnly(q, user.account_id)) {
    throw new AppError(
      'SSO_REQUIRED',
      'Your organisation signs in with single sign-on only: use “Sign in with SSO”',
    );
  }
}
