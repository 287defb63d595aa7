import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bootConsole } from '../../host/boot';
import { dispatch } from '../core/dispatch';
import { handlers } from '../handlers';

const opened: { stopTimers(): void; sqlite: { close(): void } | null }[] = [];
afterEach(() => {
  for (const a of opened.splice(0)) {
    a.stopTimers();
    a.sqlite?.close();
  }
});

/** A host on a new database file: missing, or present and 0 bytes. */
async function emptyConsole(zeroByte = false) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-setup-')), 'console.db');
  if (zeroByte) fs.writeFileSync(file, '');
  const app = await bootConsole({ dbPath: file, host: 'browser', demo: false });
  opened.push(app);
  const call = (channel: string, payload: unknown = {}, client = 'tab-1') =>
    dispatch(app.services, handlers, client, channel, payload);
  return { app, call };
}

describe('first run (no demo data by default)', () => {
  it.each([false, true])(
    'an empty database (0-byte file: %s) gets no operator, no demo credentials, nothing printed',
    async (zero) => {
      const out = vi.spyOn(console, 'log');
      const { app, call } = await emptyConsole(zero);
      expect(app.sqlite!.prepare('SELECT count(*) AS n FROM operators').get()).toEqual({ n: 0 });
      expect(app.sqlite!.prepare('SELECT count(*) AS n FROM customers').get()).toEqual({ n: 0 });
      expect(out.mock.calls.flat().join('\n')).not.toMatch(/password|admin \//i);
      expect(await call('setup:status')).toEqual({ ok: true, data: { firstRun: true } });
      expect(await call('session:signIn', { username: 'admin', password: 'admin123' })).toMatchObject({ ok: false });
      out.mockRestore();
    },
  );

  it('creates the first administrator once, audited, who can then sign in', async () => {
    const { app, call } = await emptyConsole();
    expect(
      await call('setup:createAdmin', { username: 'ops.lead', displayName: 'Ops Lead', password: 'weak' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'PASSWORD_TOO_WEAK' },
    });
    expect(app.sqlite!.prepare('SELECT count(*) AS n FROM operators').get()).toEqual({ n: 0 });
    expect(
      await call('setup:createAdmin', { username: 'ops.lead', displayName: 'Ops Lead', password: 'Str0ng-pass' }),
    ).toEqual({
      ok: true,
      data: { username: 'ops.lead' },
    });
    const audit = app
      .sqlite!.prepare("SELECT action, entity_type FROM audit_events WHERE action = 'operator.created'")
      .all();
    expect(audit).toEqual([{ action: 'operator.created', entity_type: 'operator' }]);
    expect(await call('setup:status')).toEqual({ ok: true, data: { firstRun: false } });
    expect(await call('session:signIn', { username: 'ops.lead', password: 'Str0ng-pass' })).toMatchObject({ ok: true });
    expect(await call('session:current')).toMatchObject({
      ok: true,
      data: { role: 'admin', mustChangePassword: false },
    });
    // Never again: not a second admin, not demo data over real accounts, from any client.
    expect(
      await call('setup:createAdmin', { username: 'intruder', displayName: 'X', password: 'Str0ng-pass' }, 'tab-2'),
    ).toMatchObject({
      ok: false,
      error: { code: 'ALREADY_SET_UP' },
    });
    expect(await call('setup:loadDemo', {}, 'tab-2')).toMatchObject({ ok: false, error: { code: 'ALREADY_SET_UP' } });
    expect(app.sqlite!.prepare('SELECT count(*) AS n FROM operators').get()).toEqual({ n: 1 });
  });

  it('loads the demo dataset only when asked, on an empty database', async () => {
    const { app, call } = await emptyConsole();
    const loaded = await call('setup:loadDemo');
    expect(loaded).toMatchObject({ ok: true });
    expect((app.sqlite!.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n).toBeGreaterThan(0);
    expect(await call('session:signIn', { username: 'admin', password: 'admin123' })).toMatchObject({ ok: true });
    expect(await call('app:info')).toMatchObject({ ok: true, data: { demo: true } });
  }, 180_000); // generating the demo dataset takes a few seconds, far more on a loaded machine
});
