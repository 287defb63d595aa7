import { describe, expect, it } from 'vitest';
import {
  identityCarryOutBlocker,
  identityNeedsFourEyes,
  identityOpenBlocker,
  missingChecks,
} from './identity-security';

describe('identity-security rules', () => {
  it('lists the checks an action still needs, in checklist order', () => {
    expect(missingChecks('unlock', ['id_tail'])).toEqual(['phone', 'recent_transaction']);
    expect(missingChecks('password_reset', ['phone', 'id_tail', 'face', 'recent_transaction'])).toEqual([]);
    // A check of another action does not stand in for a required one.
    expect(missingChecks('device_unbind', ['phone', 'id_tail', 'recent_transaction'])).toEqual(['face']);
  });

  it('opens a case only when there is something to do', () => {
    const base = { loginLocked: false, device: null, openCase: false };
    expect(identityOpenBlocker({ ...base, action: 'unlock' })).toBe('LOGIN_NOT_LOCKED');
    expect(identityOpenBlocker({ ...base, action: 'unlock', loginLocked: true })).toBeNull();
    expect(identityOpenBlocker({ ...base, action: 'device_unbind' })).toBe('DEVICE_REQUIRED');
    expect(
      identityOpenBlocker({ ...base, action: 'device_unbind', device: { customerMatches: false, bound: true } }),
    ).toBe('ACCOUNT_NOT_CUSTOMERS');
    expect(
      identityOpenBlocker({ ...base, action: 'device_unbind', device: { customerMatches: true, bound: false } }),
    ).toBe('DEVICE_NOT_BOUND');
    expect(identityOpenBlocker({ ...base, action: 'password_reset', openCase: true })).toBe('IDENTITY_CASE_OPEN');
  });

  it('carries out only with every required check passed and the thing still to do', () => {
    const all = ['phone', 'id_tail', 'recent_transaction'];
    const f = { action: 'unlock' as const, passed: all, loginLocked: true, deviceBound: false };
    expect(identityCarryOutBlocker(f)).toBeNull();
    expect(identityCarryOutBlocker({ ...f, passed: ['phone', 'id_tail'] })).toBe('IDENTITY_CHECKS_INCOMPLETE');
    expect(identityCarryOutBlocker({ ...f, loginLocked: false })).toBe('LOGIN_NOT_LOCKED');
    expect(
      identityCarryOutBlocker({
        action: 'device_unbind',
        passed: ['phone', 'id_tail', 'face'],
        loginLocked: false,
        deviceBound: false,
      }),
    ).toBe('DEVICE_NOT_BOUND');
  });

  it('needs four-eyes only to unbind the last trusted device', () => {
    expect(identityNeedsFourEyes({ action: 'device_unbind', deviceTrusted: true, otherTrustedDevices: 0 })).toBe(true);
    expect(identityNeedsFourEyes({ action: 'device_unbind', deviceTrusted: true, otherTrustedDevices: 1 })).toBe(false);
    expect(identityNeedsFourEyes({ action: 'device_unbind', deviceTrusted: false, otherTrustedDevices: 0 })).toBe(
      false,
    );
    expect(identityNeedsFourEyes({ action: 'unlock', deviceTrusted: false, otherTrustedDevices: 0 })).toBe(false);
  });
});
