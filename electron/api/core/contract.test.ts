import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, contract, ERROR_CODES } from '../../../shared/contract';
import { PERMISSIONS } from '../../../shared/domain/roles';
import { handlers } from '../handlers';
import { makeTestConsole, type TestConsole } from '../../test/harness';
import { VALID_INPUT } from '../../test/valid-inputs';

/** Edge values a client may send in any field: extremes of ids and amounts, offsets, empties. */
const BOUNDARY_VALUES: unknown[] = [
  0,
  1,
  -1,
  Number.MAX_SAFE_INTEGER,
  1e13,
  500,
  100_000,
  '',
  ' ',
  'x'.repeat(2000),
  '2026-03-08T03:30:00+08:00',
  '2026-02-28T23:59:59.999-05:00',
  '9999-12-31T23:59:59Z',
  null,
  true,
  [],
  {},
  { value: 'zzz', id: 1 },
];

let t: TestConsole;
beforeAll(async () => {
  t = makeTestConsole();
  await t.signInAs('admin', 'admin');
});
afterAll(() => t.close());

const totalChanges = () => (t.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

describe('the contract', () => {
  it('names every channel domain:verb and gives each a handler and a declared permission', () => {
    for (const name of CHANNEL_NAMES) {
      expect(name).toMatch(/^[a-z]+:[a-zA-Z]+$/);
      expect(typeof handlers[name]).toBe('function');
      const p = contract[name].permission;
      expect(p === null || (PERMISSIONS as readonly string[]).includes(p)).toBe(true);
    }
    expect(Object.keys(handlers).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('refuses unknown keys, wrong types and oversized strings before any handler runs', async () => {
    const unknownKey = await t.call('admin', 'app:info', { extra: 1 });
    expect(unknownKey).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const wrongType = await t.call('admin', 'session:signIn', { username: 42, password: 'x' });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const oversized = await t.call('admin', 'limits:update', {
      role: 'agent',
      kind: 'refund',
      currency: 'CNY',
      maxMinor: 100,
      note: 'x'.repeat(2001),
    });
    expect(oversized).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { note: 'too_big' } } });
    const notInteger = await t.call('admin', 'limits:update', {
      role: 'agent',
      kind: 'refund',
      currency: 'CNY',
      maxMinor: 1.5,
      note: 'x',
    });
    expect(notInteger).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const unknown = await t.call('admin', 'nope:nothing', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('never lets a stack trace reach the caller', async () => {
    const broken = {
      ...handlers,
      'app:ping': async () => {
        throw new Error('secret internals at /src/file.ts:1');
      },
    };
    const { dispatch } = await import('./dispatch');
    const res = await dispatch(t.services, broken, 'admin', 'app:ping', {});
    expect(res).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.not.stringContaining('secret') } });
  });

  it('has one list of error codes, every one of them translated in both languages', async () => {
    const { enUS } = await import('../../../renderer/src/i18n/en-US');
    const { zhCN } = await import('../../../renderer/src/i18n/zh-CN');
    for (const code of ERROR_CODES) {
      expect(enUS.errors[code], code).toBeTruthy();
      expect(zhCN.errors[code], code).toBeTruthy();
    }
  });

  it('property: random payloads to every channel return the envelope and write nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CHANNEL_NAMES.filter((c) => c !== 'session:signOut' && c !== 'session:lock')),
        fc.oneof(fc.anything(), fc.object(), fc.dictionary(fc.string(), fc.jsonValue())),
        async (channel, payload) => {
          const before = totalChanges();
          const res = await t.call('admin', channel, payload);
          expect(typeof res.ok).toBe('boolean');
          if (!res.ok) {
            expect(ERROR_CODES).toContain(res.error.code);
            expect(res.error.code, `${channel} ${res.error.message}`).not.toBe('INTERNAL');
            expect(totalChanges()).toBe(before);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('property: valid inputs with boundary values in any field reach the handlers and never crash them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CHANNEL_NAMES.filter((c) => !c.startsWith('session:'))),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...BOUNDARY_VALUES)), { maxLength: 3 }),
        async (channel, swaps) => {
          const payload: Record<string, unknown> = { ...(VALID_INPUT[channel] as object) };
          const fields = Object.keys(payload);
          for (const [i, value] of swaps) if (fields.length) payload[fields[i % fields.length]] = value;
          const before = totalChanges();
          const res = await t.call('admin', channel, payload);
          if (!res.ok) {
            expect(res.error.code, `${channel} ${JSON.stringify(payload)} ${res.error.message}`).not.toBe('INTERNAL');
            expect(totalChanges()).toBe(before);
          }
        },
      ),
      { numRuns: 600 },
    );
  });
});
