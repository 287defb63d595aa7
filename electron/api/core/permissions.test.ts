import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, contract } from '../../../shared/contract';
import { can, PERMISSIONS, ROLES } from '../../../shared/domain/roles';
import { count, makeTestConsole, type TestConsole } from '../../test/harness';
import { VALID_INPUT } from '../../test/valid-inputs';

let t: TestConsole;
beforeEach(() => {
  t = makeTestConsole({ now: () => new Date('2026-11-22T08:00:00Z') });
});
afterEach(() => t.close());

describe('permissions', () => {
  it('every channel declares a permission from the one table (or is a pre-sign-in channel)', () => {
    const publicChannels = CHANNEL_NAMES.filter((c) => contract[c].permission === null);
    expect(publicChannels.every((c) => /^(session|app|setup|recovery):/.test(c))).toBe(true);
    for (const c of CHANNEL_NAMES) {
      const p = contract[c].permission;
      if (p !== null) expect(PERMISSIONS).toContain(p);
    }
    for (const p of PERMISSIONS)
      expect(
        ROLES.some((r) => can(r, p)),
        p,
      ).toBe(true);
  });

  it('the sweep has an input for every channel, and each one passes its schema', () => {
    expect(Object.keys(VALID_INPUT).sort()).toEqual([...CHANNEL_NAMES].sort());
    for (const c of CHANNEL_NAMES) {
      const parsed = contract[c].input.safeParse(VALID_INPUT[c]);
      expect(parsed.success, `${c}: ${parsed.error?.message ?? ''}`).toBe(true);
    }
  });

  it('every forbidden role/channel pair reaches the check: FORBIDDEN, audited once', async () => {
    for (const role of ROLES) await t.signInAs(role, role);
    let pairs = 0;
    for (const channel of CHANNEL_NAMES) {
      const p = contract[channel].permission;
      if (p === null) continue;
      for (const role of ROLES) {
        if (can(role, p)) continue;
        const before = count(t.sqlite, 'audit_events');
        const res = await t.call(role, channel, VALID_INPUT[channel]);
        expect(res, `${role} → ${channel}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        const last = t.sqlite.prepare('SELECT action, entity_id FROM audit_events ORDER BY id DESC LIMIT 1').get();
        expect(last, `${role} → ${channel}`).toEqual({ action: 'access.forbidden', entity_id: channel });
        expect(count(t.sqlite, 'audit_events')).toBe(before + 1);
        pairs++;
      }
    }
    const expected = CHANNEL_NAMES.flatMap((c) => {
      const p = contract[c].permission;
      return p === null ? [] : ROLES.filter((r) => !can(r, p));
    }).length;
    expect(pairs).toBe(expected);
    expect(pairs).toBeGreaterThanOrEqual(38);
  });

  it('a role that holds the permission gets past the check: never FORBIDDEN, VALIDATION or INTERNAL', async () => {
    for (const role of ROLES) await t.signInAs(role, role);
    // Signing out or locking would end the sweep's own session.
    const skip = new Set(['session:signOut', 'session:lock', 'session:changePassword', 'session:unlock']);
    for (const channel of CHANNEL_NAMES) {
      if (skip.has(channel)) continue;
      const p = contract[channel].permission;
      const role = p === null ? 'agent' : ROLES.find((r) => can(r, p))!;
      const res = await t.call(role, channel, VALID_INPUT[channel]);
      if (!res.ok)
        expect(['FORBIDDEN', 'VALIDATION', 'INTERNAL'], `${role} → ${channel}: ${res.error.message}`).not.toContain(
          res.error.code,
        );
    }
  });

  it('unauthenticated calls are refused', async () => {
    expect(await t.call('nobody', 'audit:list', VALID_INPUT['audit:list'])).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });
});
