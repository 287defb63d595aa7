import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../api/core/dispatch';
import { createServices } from '../api/core/services';
import { handlers } from '../api/handlers';
import { count, makeTestConsole } from '../test/harness';
import { databaseErrorCode } from './errors';

let t: ReturnType<typeof makeTestConsole>;
afterEach(() => t.close());

const contact = (i: number) => ({
  channel: 'phone',
  category: 'frozen_account',
  outcome: 'resolved',
  note: 'x'.repeat(2000),
  idempotencyKey: `disk-full-${i}`,
});

describe('disk and file failures (issue 12 §5)', () => {
  it('a full disk is DB_FULL (not INTERNAL behind "cannot rollback"), and nothing is half-written', async () => {
    t = makeTestConsole();
    await t.signInAs('agent', 'agent');
    // Cap the file at its current size: the next page SQLite needs is refused as SQLITE_FULL.
    t.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const pages = t.sqlite.pragma('page_count', { simple: true }) as number;
    t.sqlite.pragma(`max_page_count = ${pages}`);
    const before = { contacts: count(t.sqlite, 'contacts'), audit: count(t.sqlite, 'audit_events') };
    let res = await t.call('agent', 'contacts:log', contact(0));
    for (let i = 1; res.ok && i < 200; i++) res = await t.call('agent', 'contacts:log', contact(i));
    expect(res).toMatchObject({ ok: false, error: { code: 'DB_FULL' } });
    // Every logged contact has its audit event: the refused one left neither.
    const after = { contacts: count(t.sqlite, 'contacts'), audit: count(t.sqlite, 'audit_events') };
    expect(after.contacts - before.contacts).toBe(after.audit - before.audit);
    expect(t.sqlite.inTransaction).toBe(false);
  });

  it('a database that cannot be written is DB_READ_ONLY', async () => {
    t = makeTestConsole();
    await t.signInAs('agent', 'agent');
    const ro = new Database(t.file, { readonly: true });
    try {
      const { services } = createServices(ro, 'browser');
      services.sessions = t.services.sessions;
      const res = await dispatch(services, handlers, 'agent', 'contacts:log', { ...contact(1), note: 'x' });
      expect(res).toMatchObject({ ok: false, error: { code: 'DB_READ_ONLY' } });
    } finally {
      ro.close();
    }
  });

  it('maps SQLite extended codes and Node errno codes to the three database codes', () => {
    const e = (code: string) => Object.assign(new Error(code), { code });
    expect(databaseErrorCode(e('SQLITE_FULL'))).toBe('DB_FULL');
    expect(databaseErrorCode(e('ENOSPC'))).toBe('DB_FULL');
    expect(databaseErrorCode(e('SQLITE_READONLY_DBMOVED'))).toBe('DB_READ_ONLY');
    expect(databaseErrorCode(e('SQLITE_CORRUPT_INDEX'))).toBe('DB_CORRUPT');
    expect(databaseErrorCode(e('SQLITE_NOTADB'))).toBe('DB_CORRUPT');
    expect(databaseErrorCode(e('SQLITE_CONSTRAINT_CHECK'))).toBeNull();
    expect(databaseErrorCode(new Error('other'))).toBeNull();
  });
});
