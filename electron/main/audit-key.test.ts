import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// A stubbed safeStorage: "encryption" is a reversible transform that is not the plain text,
// so the test can tell a wrapped key from a plain one.
const keychain = { available: true };
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => keychain.available,
    encryptString: (s: string) => Buffer.from(`wrapped:${Buffer.from(s).toString('base64')}`),
    decryptString: (b: Buffer) => {
      const text = b.toString();
      if (!text.startsWith('wrapped:')) throw new Error('Error while decrypting the ciphertext provided');
      return Buffer.from(text.slice(8), 'base64').toString();
    },
  },
}));

import { safeStorageKeyProvider } from './audit-key';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-keychain-'));
  keychain.available = true;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the desktop audit key', () => {
  it('is random, wrapped by the OS keychain in a 0600 file, and the same at every start', () => {
    const wrapped = path.join(dir, 'audit-key.wrapped');
    const key = safeStorageKeyProvider(wrapped, path.join(dir, 'audit.key')).load();
    expect(key).toHaveLength(32);
    expect(fs.statSync(wrapped).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(wrapped).toString()).not.toContain(key.toString('hex'));
    expect(fs.existsSync(path.join(dir, 'audit.key'))).toBe(false);
    expect(safeStorageKeyProvider(wrapped, path.join(dir, 'audit.key')).load()).toEqual(key);
  });

  it('refuses a wrapped file the keychain cannot unwrap', () => {
    const wrapped = path.join(dir, 'audit-key.wrapped');
    fs.writeFileSync(wrapped, 'not wrapped by this keychain');
    expect(() => safeStorageKeyProvider(wrapped, path.join(dir, 'audit.key')).load()).toThrow(/decrypting/);
  });

  it('falls back to a 0600 key file when there is no keychain', () => {
    keychain.available = false;
    const plain = path.join(dir, 'audit.key');
    const provider = safeStorageKeyProvider(path.join(dir, 'audit-key.wrapped'), plain);
    expect(provider.load()).toHaveLength(32);
    expect(fs.statSync(plain).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(dir, 'audit-key.wrapped'))).toBe(false);
  });
});
