import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TestConsole } from '../../test/harness';

// Every key derivation, with its cost: what a refusal's time is made of.
const derivations = vi.hoisted(() => [] as { N: number; r: number; p: number }[]);
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  const scrypt = (...args: Parameters<typeof crypto.scrypt>) => {
    const options = args[3] as { N: number; r: number; p: number };
    derivations.push({ N: options.N, r: options.r, p: options.p });
    return (crypto.scrypt as (...a: unknown[]) => void)(...args);
  };
  return { ...crypto, scrypt, default: { ...crypto, scrypt } };
});

let t: TestConsole;
beforeAll(async () => {
  // The setup file loaded passwords.ts with the real crypto: load it again under the mock.
  vi.resetModules();
  const { usePasswordCost, UNUSABLE_HASH } = await import('./passwords');
  usePasswordCost({ N: 2 ** 10, r: 8, p: 1 });
  const { makeTestConsole } = await import('../../test/harness');
  t = makeTestConsole({ now: () => new Date('2026-11-22T08:00:00Z') });
  await t.signInAs('x', 'agent', 'li', 'right123');
  await t.signInAs('y', 'agent', 'gone', 'right123');
  t.sqlite.prepare("UPDATE operators SET disabled = 1 WHERE username = 'gone'").run();
  await t.signInAs('z', 'admin', 'fresh', 'right123');
  t.sqlite.prepare('UPDATE operators SET password_hash = ? WHERE username = ?').run(UNUSABLE_HASH, 'fresh');
});
afterAll(() => t.close());
beforeEach(() => {
  derivations.length = 0;
});

describe('sign-in takes the same work for every refusal', () => {
  it('derives exactly one key at the current cost for a known user, an unknown one, a disabled one and an unusable hash', async () => {
    const work: Record<string, unknown> = {};
    for (const [client, username, password] of [
      ['a', 'li', 'wrong999'],
      ['b', 'nobody', 'wrong999'],
      ['c', 'gone', 'right123'],
      ['d', 'fresh', 'wrong999'],
      ['e', 'li', 'right123'],
    ]) {
      derivations.length = 0;
      await t.call(client, 'session:signIn', { username, password });
      work[username + (password === 'right123' ? '+right' : '')] = [...derivations];
    }
    const one = [{ N: 1024, r: 8, p: 1 }];
    expect(work).toEqual({ li: one, nobody: one, 'gone+right': one, fresh: one, 'li+right': one });
  });
});
