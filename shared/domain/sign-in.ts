/**
 * Sign-in throttling. Failed passwords are counted twice: against the username tried
 * (known or not, so a refusal never tells which) and against the client that sent them.
 * The first few failures cost nothing; after that each one blocks its scope for a time
 * that doubles, up to a ceiling. So five anonymous requests delay an operator by half a
 * minute, not a quarter of an hour, while guessing stays slow for whoever keeps at it.
 */
export const THROTTLE_SCOPES = ['user', 'client'] as const;
export type ThrottleScope = (typeof THROTTLE_SCOPES)[number];

export interface ThrottlePolicy {
  /** Failures allowed before the first block. */
  freeFailures: number;
  firstBlockMs: number;
  maxBlockMs: number;
}

export const SIGN_IN_THROTTLE: Record<ThrottleScope, ThrottlePolicy> = {
  user: { freeFailures: 5, firstBlockMs: 30_000, maxBlockMs: 15 * 60_000 },
  // One client failing against many usernames is a guesser, not a forgetful operator.
  client: { freeFailures: 5, firstBlockMs: 60_000, maxBlockMs: 15 * 60_000 },
};

/** Failures are forgotten after this long without another one. */
export const THROTTLE_QUIET_RESET_MS = 15 * 60_000;

/** How long the `failures`-th consecutive failure blocks its scope (0 while still free). */
export function blockAfterFailure(scope: ThrottleScope, failures: number): number {
  const p = SIGN_IN_THROTTLE[scope];
  if (failures < p.freeFailures) return 0;
  return Math.min(p.maxBlockMs, p.firstBlockMs * 2 ** (failures - p.freeFailures));
}
