import { safeStorage } from 'electron';
import { randomBytes } from 'node:crypto';
import { KEY_BYTES, keyFileProvider, readOrCreateKeyFile, type KeyProvider } from '../db/audit-key';

/**
 * The desktop app's audit key, and (`what`) its database key, each in its own files: random, wrapped by the OS keychain through Electron's
 * safeStorage (DPAPI on Windows, Keychain on macOS, libsecret on Linux) and kept wrapped
 * in a 0600 file in the user-data folder, as Signal keeps its database key. Only this user,
 * on this machine, can unwrap it. Without a keychain it falls back to a plain 0600 key file.
 * Call after `app.whenReady()`: safeStorage is not usable before.
 */
export function safeStorageKeyProvider(wrappedFile: string, plainFile: string, what = 'audit key'): KeyProvider {
  if (!safeStorage.isEncryptionAvailable()) {
    console.warn(`The OS keychain is not available; the ${what} is kept in a 0600 file instead.`);
    return keyFileProvider(plainFile, what);
  }
  return {
    where: `${wrappedFile} (wrapped by the OS keychain)`,
    load() {
      const wrapped = readOrCreateKeyFile(
        wrappedFile,
        () => randomBytes(KEY_BYTES),
        (k) => safeStorage.encryptString(k.toString('hex')),
      );
      const key = Buffer.from(safeStorage.decryptString(wrapped), 'hex');
      if (key.length !== KEY_BYTES) throw new Error(`The ${what} in ${wrappedFile} is damaged`);
      return key;
    },
  };
}
