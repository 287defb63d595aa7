import { describe, expect, it } from 'vitest';
import { closureBlocker, coolingOffOver, coolingOffUntil } from './closure';

describe('closure requests', () => {
  it('need an active account, no other open request, and the identity checks of the freeze checklist', () => {
    const ok = { accountStatus: 'active' as const, checks: ['phone', 'id_tail', 'face'] as const, openRequest: false };
    expect(closureBlocker(ok)).toBeNull();
    expect(closureBlocker({ ...ok, accountStatus: 'frozen' })).toBe('ACCOUNT_NOT_ACTIVE');
    expect(closureBlocker({ ...ok, openRequest: true })).toBe('CLOSURE_ALREADY_OPEN');
    expect(closureBlocker({ ...ok, checks: ['phone', 'id_tail'] })).toBe('IDENTITY_CHECKS_INCOMPLETE');
  });

  it('cool off for seven days to the millisecond', () => {
    const until = coolingOffUntil('2026-06-01T10:00:00.000Z');
    expect(until).toBe('2026-06-08T10:00:00.000Z');
    expect(coolingOffOver(until, new Date('2026-06-08T09:59:59.999Z'))).toBe(false);
    expect(coolingOffOver(until, new Date('2026-06-08T10:00:00.000Z'))).toBe(true);
  });
});
