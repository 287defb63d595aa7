import type { AccountStatus, IdentityCheck } from './catalog';
import { identityVerified } from './freeze';

/**
 * Closure requests (issue 16): a customer asks to close an account that is active. The
 * identity checks of the freeze checklist are recorded, a cooling-off period lets the
 * customer change their mind, and only then does a second person approve the closure, which
 * pays the balance out to the customer's verified card and closes the account at once.
 */
export const CLOSURE_COOLING_OFF_DAYS = 7;
const DAY = 86_400_000;

/** When the cooling-off period of a request opened at `openedAt` ends. */
export function coolingOffUntil(openedAt: string): string {
  return new Date(Date.parse(openedAt) + CLOSURE_COOLING_OFF_DAYS * DAY).toISOString();
}

export type ClosureBlocker = 'ACCOUNT_NOT_ACTIVE' | 'IDENTITY_CHECKS_INCOMPLETE' | 'CLOSURE_ALREADY_OPEN';

/** Why a closure request cannot be opened, or null. */
export function closureBlocker(f: {
  accountStatus: AccountStatus;
  checks: Iterable<IdentityCheck>;
  openRequest: boolean;
}): ClosureBlocker | null {
  if (f.accountStatus !== 'active') return 'ACCOUNT_NOT_ACTIVE';
  if (f.openRequest) return 'CLOSURE_ALREADY_OPEN';
  if (!identityVerified(f.checks)) return 'IDENTITY_CHECKS_INCOMPLETE';
  return null;
}

/** The request may go to a second person only once its cooling-off period is over. */
export function coolingOffOver(until: string, now: Date): boolean {
  return now.getTime() >= Date.parse(until);
}
