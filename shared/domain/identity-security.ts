import type { IdentityCheck } from './catalog';

/**
 * Identity-security cases (issue 16): a customer who cannot get into their wallet calls the
 * hotline. The agent records the identity checks (as in the freeze checklist), then decides
 * with a reason; carrying the case out applies its effect in the same transaction.
 */
export const IDENTITY_ACTIONS = ['password_reset', 'unlock', 'device_unbind'] as const;
export type IdentityAction = (typeof IDENTITY_ACTIONS)[number];

/**
 * The checks each action needs, every one passed. A reset or an unbind hands the account to
 * whoever is on the phone, so they need the face check; an unlock only lifts a lock the
 * customer's own failed attempts set, so a recent transaction the caller names will do.
 */
export const IDENTITY_REQUIRED_CHECKS: Record<IdentityAction, readonly IdentityCheck[]> = {
  password_reset: ['phone', 'id_tail', 'face'],
  unlock: ['phone', 'id_tail', 'recent_transaction'],
  device_unbind: ['phone', 'id_tail', 'face'],
};

/** Why a customer's login is locked (set by the wallet's sign-in service, not by the console). */
export const LOGIN_LOCK_REASONS = ['failed_attempts', 'risk_rule'] as const;
export type LoginLockReason = (typeof LOGIN_LOCK_REASONS)[number];

/** Carry the action out, or decline it (the caller could not be verified, or withdrew). */
export const IDENTITY_DECISIONS = ['carry_out', 'decline'] as const;
export type IdentityDecision = (typeof IDENTITY_DECISIONS)[number];

/** Hours an identity case may wait: the customer is locked out of their money meanwhile. */
export const IDENTITY_SLA_HOURS = 4;

/** The required checks of `action` not passed yet, in the order the checklist shows them. */
export function missingChecks(action: IdentityAction, passed: Iterable<IdentityCheck | string>): IdentityCheck[] {
  const done = new Set(passed);
  return IDENTITY_REQUIRED_CHECKS[action].filter((c) => !done.has(c));
}

export type IdentityOpenBlocker =
  'LOGIN_NOT_LOCKED' | 'DEVICE_REQUIRED' | 'DEVICE_NOT_BOUND' | 'ACCOUNT_NOT_CUSTOMERS' | 'IDENTITY_CASE_OPEN';

/** Why an identity case cannot be opened, or null. */
export function identityOpenBlocker(f: {
  action: IdentityAction;
  loginLocked: boolean;
  /** The device named for an unbind: null when none was named. */
  device: { customerMatches: boolean; bound: boolean } | null;
  /** A case for the same action (and device) is already being worked. */
  openCase: boolean;
}): IdentityOpenBlocker | null {
  if (f.action === 'unlock' && !f.loginLocked) return 'LOGIN_NOT_LOCKED';
  if (f.action === 'device_unbind') {
    if (!f.device) return 'DEVICE_REQUIRED';
    if (!f.device.customerMatches) return 'ACCOUNT_NOT_CUSTOMERS';
    if (!f.device.bound) return 'DEVICE_NOT_BOUND';
  }
  if (f.openCase) return 'IDENTITY_CASE_OPEN';
  return null;
}

/**
 * Four-eyes on an identity case: unbinding the customer's last trusted device leaves the
 * account open to whichever phone signs in next (the takeover path), so a second supervisor
 * confirms it. Everything else one agent may carry out once the checks pass. When four-eyes
 * applies, the approver may be neither the agent who opened the case nor the one who sent it.
 */
export function identityNeedsFourEyes(f: {
  action: IdentityAction;
  deviceTrusted: boolean;
  otherTrustedDevices: number;
}): boolean {
  return f.action === 'device_unbind' && f.deviceTrusted && f.otherTrustedDevices === 0;
}

export type IdentityDecideBlocker = 'IDENTITY_CHECKS_INCOMPLETE' | 'LOGIN_NOT_LOCKED' | 'DEVICE_NOT_BOUND';

/** Why the action cannot be carried out now, or null (declining needs only a reason). */
export function identityCarryOutBlocker(f: {
  action: IdentityAction;
  passed: Iterable<IdentityCheck | string>;
  loginLocked: boolean;
  deviceBound: boolean;
}): IdentityDecideBlocker | null {
  if (missingChecks(f.action, f.passed).length) return 'IDENTITY_CHECKS_INCOMPLETE';
  if (f.action === 'unlock' && !f.loginLocked) return 'LOGIN_NOT_LOCKED';
  if (f.action === 'device_unbind' && !f.deviceBound) return 'DEVICE_NOT_BOUND';
  return null;
}
