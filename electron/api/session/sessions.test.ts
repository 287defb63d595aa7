import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Operator } from '../../../shared/contract/operators';
import { makeTestConsole, type TestConsole } from '../../test/harness';
import { VALID_INPUT } from '../../test/valid-inputs';

let t: TestConsole;
let clock = new Date('2026-11-22T08:00:00Z');
beforeEach(() => {
  clock = new Date('2026-11-22T08:00:00Z');
  t = makeTestConsole({ now: () => clock });
});
afterEach(() => t.close());

const later = (ms: number) => (clock = new Date(clock.getTime() + ms));
const list = (client: string) => t.call(client, 'customers:list', VALID_INPUT['customers:list']);

async function operator(admin: string, id: number): Promise<Operator> {
  const res = await t.call(admin, 'operators:list', {});
  if (!res.ok) throw new Error(res.error.code);
  return (res.data as Operator[]).find((o) => o.id === id)!;
}

describe('the idle lock', () => {
  it('locks an idle session in main; it keeps its state and unlocks with the password', async () => {
    await t.signInAs('x', 'agent', 'li', 'right123');
    later(16 * 60_000);
    expect(await list('x')).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    expect(await t.call('x', 'session:unlock', { password: 'wrong' })).toMatchObject({ ok: false });
    expect(await t.call('x', 'session:unlock', { password: 'right123' })).toMatchObject({
      ok: true,
      data: { locked: false },
    });
    expect(await list('x')).toMatchObject({ ok: true });
  });

  it('counts only the operator’s own input: pings and background refetches every 20 s do not keep it open', async () => {
    await t.signInAs('x', 'agent', 'li', 'right123');
    for (let s = 0; s < 16 * 60; s += 20) {
      later(20_000);
      await t.call('x', 'app:ping', {});
      await t.call('x', 'session:current', {});
      await list('x');
    }
    expect(await list('x')).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    expect(await t.call('x', 'session:current', {})).toMatchObject({ ok: true, data: { locked: true } });
  });

  it('stays open while the renderer reports input, and input after the lock does not reopen it', async () => {
    await t.signInAs('x', 'agent', 'li', 'right123');
    for (let s = 0; s < 30 * 60; s += 60) {
      later(60_000);
      await t.call('x', 'session:activity', {});
    }
    expect(await list('x')).toMatchObject({ ok: true });
    later(16 * 60_000);
    await t.call('x', 'session:activity', {});
    expect(await list('x')).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
  });
});

describe('ending sessions', () => {
  it('a password reset ends the operator’s sessions in every window at once, audited', async () => {
    await t.signInAs('adm', 'admin', 'boss', 'boss1234');
    const liId = await t.signInAs('li-1', 'agent', 'li', 'right123');
    await t.call('li-2', 'session:signIn', { username: 'li', password: 'right123' });
    const li = await operator('adm', liId);
    expect(
      await t.call('adm', 'operators:resetPassword', {
        id: li.id,
        expectedVersion: li.version,
        temporaryPassword: 'temp1234',
      }),
    ).toMatchObject({ ok: true });
    for (const client of ['li-1', 'li-2'])
      expect(await list(client)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const audit = t.sqlite.prepare("SELECT after_json FROM audit_events WHERE action = 'operator.passwordReset'").get();
    expect(JSON.parse((audit as { after_json: string }).after_json)).toMatchObject({ sessionsEnded: 2 });
    expect(await list('adm')).toMatchObject({ ok: true });
  });

  it('a role change ends the operator’s sessions: no window keeps the old role', async () => {
    await t.signInAs('adm', 'admin', 'boss', 'boss1234');
    const supId = await t.signInAs('sup', 'supervisor', 'wu', 'right123');
    const sup = await operator('adm', supId);
    expect(
      await t.call('adm', 'operators:update', { id: sup.id, expectedVersion: sup.version, role: 'agent' }),
    ).toMatchObject({
      ok: true,
    });
    expect(await t.call('sup', 'audit:verify', {})).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    await t.call('sup', 'session:signIn', { username: 'wu', password: 'right123' });
    expect(await t.call('sup', 'audit:verify', {})).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('a display-name change leaves sessions alone; disabling ends them', async () => {
    await t.signInAs('adm', 'admin', 'boss', 'boss1234');
    const liId = await t.signInAs('li', 'agent', 'li', 'right123');
    let li = await operator('adm', liId);
    await t.call('adm', 'operators:update', { id: li.id, expectedVersion: li.version, displayName: 'Li Na' });
    expect(await list('li')).toMatchObject({ ok: true });
    li = await operator('adm', liId);
    await t.call('adm', 'operators:update', { id: li.id, expectedVersion: li.version, disabled: true });
    expect(await list('li')).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('changing one’s own password ends one’s other windows, not this one', async () => {
    await t.signInAs('here', 'agent', 'li', 'right123');
    await t.call('there', 'session:signIn', { username: 'li', password: 'right123' });
    expect(
      await t.call('here', 'session:changePassword', { currentPassword: 'right123', newPassword: 'mine5678' }),
    ).toMatchObject({ ok: true });
    expect(await list('here')).toMatchObject({ ok: true });
    expect(await list('there')).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('a reset password must be changed at next sign-in, and nothing else works until then', async () => {
    await t.signInAs('adm', 'admin', 'boss', 'boss1234');
    const liId = await t.signInAs('li-client', 'agent', 'li', 'right123');
    const li = await operator('adm', liId);
    await t.call('adm', 'operators:resetPassword', {
      id: li.id,
      expectedVersion: li.version,
      temporaryPassword: 'temp1234',
    });
    await t.call('li2', 'session:signIn', { username: 'li', password: 'temp1234' });
    expect(await list('li2')).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } });
    expect(
      await t.call('li2', 'session:changePassword', { currentPassword: 'temp1234', newPassword: 'short' }),
    ).toMatchObject({ ok: false, error: { code: 'PASSWORD_TOO_WEAK' } });
    expect(
      await t.call('li2', 'session:changePassword', { currentPassword: 'temp1234', newPassword: 'mine5678' }),
    ).toMatchObject({ ok: true });
    expect(await list('li2')).toMatchObject({ ok: true });
  });
});
