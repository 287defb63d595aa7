import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTestConsole, type TestConsole } from '../../test/harness';
import { hashPassword, OWASP_SCRYPT, usePasswordCost, verifyPassword } from './passwords';

let t: TestConsole;
let clock = new Date('2026-11-22T08:00:00Z');
beforeEach(() => {
  clock = new Date('2026-11-22T08:00:00Z');
  t = makeTestConsole({ now: () => clock });
});
afterEach(() => t.close());

const later = (ms: number) => (clock = new Date(clock.getTime() + ms));
const signIn = (client: string, username: string, password: string) =>
  t.call(client, 'session:signIn', { username, password });
const storedHash = (username: string) =>
  (
    t.sqlite.prepare('SELECT password_hash FROM operators WHERE username = ?').get(username) as {
      password_hash: string;
    }
  ).password_hash;

describe('passwords', () => {
  it('are made at OWASP’s scrypt cost (N=2^17, r=8, p=1) unless a test asks for less', async () => {
    vi.resetModules();
    const fresh = await import('./passwords');
    expect(fresh.currentPasswordCost()).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(OWASP_SCRYPT).toEqual({ N: 131072, r: 8, p: 1 });
  });

  it('are stored as salted hashes, never in plain text', async () => {
    const a = await hashPassword('secret123');
    const b = await hashPassword('secret123');
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(a).not.toContain('secret123');
    expect(a).not.toBe(b);
    expect(await verifyPassword('secret123', a)).toBe(true);
    expect(await verifyPassword('secret124', a)).toBe(false);
  });

  it('an older, cheaper hash is replaced at the next sign-in, audited with it', async () => {
    const restoreOld = usePasswordCost({ N: 2 ** 8, r: 8, p: 1 });
    await t.signInAs('x', 'agent', 'li', 'right123');
    restoreOld();
    expect(storedHash('li')).toMatch(/^scrypt\$256\$8\$1\$/);
    expect(await signIn('y', 'li', 'right123')).toMatchObject({ ok: true });
    expect(storedHash('li')).toMatch(/^scrypt\$1024\$8\$1\$/);
    const last = t.sqlite
      .prepare("SELECT after_json FROM audit_events WHERE action = 'session.signIn' ORDER BY id DESC")
      .get();
    expect(last).toEqual({ after_json: JSON.stringify({ passwordRehashed: true }) });
    // Already current: left alone.
    const current = storedHash('li');
    expect(await signIn('z', 'li', 'right123')).toMatchObject({ ok: true });
    expect(storedHash('li')).toBe(current);
  });

  it('a hash from before this release (N=2^14) is rehashed to N=2^17 at sign-in', async () => {
    const restoreOld = usePasswordCost({ N: 16384, r: 8, p: 1 });
    await t.signInAs('x', 'agent', 'li', 'right123');
    restoreOld();
    const restore = usePasswordCost(OWASP_SCRYPT);
    try {
      expect(await signIn('y', 'li', 'right123')).toMatchObject({ ok: true });
    } finally {
      restore();
    }
    expect(storedHash('li')).toMatch(/^scrypt\$131072\$8\$1\$/);
  });
});

describe('signing in', () => {
  it('a wrong password gets one generic refusal, also for an unknown user', async () => {
    await t.signInAs('x', 'agent', 'li', 'right123');
    const wrong = await signIn('y', 'li', 'nope');
    const unknown = await signIn('y', 'nobody', 'nope');
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
  });

  it('five anonymous failures delay an operator by half a minute, not fifteen', async () => {
    await t.signInAs('x', 'agent', 'li', 'right123');
    for (let i = 0; i < 5; i++) await signIn(`stranger-${i}`, 'li', 'guess');
    expect(await signIn('li-desk', 'li', 'right123')).toMatchObject({
      ok: false,
      error: { code: 'ACCOUNT_LOCKED_OUT' },
    });
    later(31_000);
    expect(await signIn('li-desk', 'li', 'right123')).toMatchObject({ ok: true });
  });

  it('backs off per username: each failure past the fifth doubles the block, up to 15 minutes, audited', async () => {
    await t.signInAs('x', 'agent', 'li', 'right123');
    for (let i = 0; i < 4; i++) await signIn(`c${i}`, 'li', 'guess');
    const blocks: number[] = [];
    for (let i = 0; i < 7; i++) {
      expect(await signIn(`d${i}`, 'li', 'guess')).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
      const { blocked_until } = t.sqlite
        .prepare("SELECT blocked_until FROM sign_in_throttle WHERE scope = 'user' AND subject = 'li'")
        .get() as { blocked_until: string };
      blocks.push(Date.parse(blocked_until) - clock.getTime());
      // Attempts during the block are refused without being checked or counted.
      expect(await signIn(`e${i}`, 'li', 'right123')).toMatchObject({ error: { code: 'ACCOUNT_LOCKED_OUT' } });
      clock = new Date(blocked_until);
      later(1);
    }
    expect(blocks).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000]);
    expect(
      t.sqlite.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'operator.lockedOut'").get(),
    ).toEqual({ n: 7 });
    expect(await signIn('li-desk', 'li', 'right123')).toMatchObject({ ok: true });
  });

  it('backs off per client: one client guessing many usernames is blocked, others are not', async () => {
    await t.signInAs('x', 'agent', 'li', 'right123');
    for (let i = 0; i < 5; i++) await signIn('guesser', `user${i}`, 'guess');
    expect(await signIn('guesser', 'li', 'right123')).toMatchObject({
      ok: false,
      error: { code: 'ACCOUNT_LOCKED_OUT' },
    });
    expect(await signIn('li-desk', 'li', 'right123')).toMatchObject({ ok: true });
    later(61_000);
    expect(await signIn('guesser', 'li', 'right123')).toMatchObject({ ok: true });
  });

  it('an unknown username is throttled exactly like a real one, so a lock-out tells nobody who exists', async () => {
    await t.signInAs('x', 'agent', 'li', 'right123');
    const answers = async (username: string) => {
      const out: string[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await signIn(`${username}-${i}`, username, 'guess');
        out.push(r.ok ? 'ok' : r.error.code);
      }
      return out;
    };
    expect(await answers('li')).toEqual(await answers('nobody'));
  });

  it('failures are forgotten after 15 quiet minutes, and a success clears them', async () => {
    await t.signInAs('x', 'agent', 'li', 'right123');
    for (let i = 0; i < 4; i++) await signIn('a', 'li', 'guess');
    later(16 * 60_000);
    for (let i = 0; i < 4; i++) await signIn('b', 'li', 'guess');
    expect(await signIn('c', 'li', 'right123')).toMatchObject({ ok: true });
    for (let i = 0; i < 4; i++) await signIn('d', 'li', 'guess');
    expect(await signIn('e', 'li', 'right123')).toMatchObject({ ok: true });
  });

  it('a password reset lifts the block, and Settings shows it until then', async () => {
    await t.signInAs('adm', 'admin', 'boss', 'boss1234');
    const liId = await t.signInAs('li-client', 'agent', 'li', 'right123');
    for (let i = 0; i < 5; i++) await signIn(`s${i}`, 'li', 'guess');
    const listed = (await t.call('adm', 'operators:list', {})) as {
      ok: true;
      data: { id: number; version: number; lockedUntil: string | null }[];
    };
    const li = listed.data.find((o) => o.id === liId)!;
    expect(li.lockedUntil).toBe(new Date(clock.getTime() + 30_000).toISOString());
    await t.call('adm', 'operators:resetPassword', {
      id: li.id,
      expectedVersion: li.version,
      temporaryPassword: 'temp1234',
    });
    expect(await signIn('li-desk', 'li', 'temp1234')).toMatchObject({ ok: true });
  });
});
