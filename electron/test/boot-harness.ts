import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootConsole } from '../host/boot';
import { dispatch } from '../api/core/dispatch';
import { handlers } from '../api/handlers';
import { hashPassword } from '../api/session/passwords';
import { keyFileProvider } from '../db/audit-key';
import { requireSqlite } from '../db/engine';
import type { Role } from '../../shared/domain/roles';

/**
 * The console as a host starts it (bootConsole: key, start-up checks, timers) on a database
 * in a temporary folder that survives restarts, so tests can stop it, tamper with or break
 * the files, and start it again.
 */
export function makeBootFolder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-ops-boot-'));
  const dbPath = path.join(dir, 'console.db');
  const keyFile = path.join(dir, 'keys', 'audit.key');
  const databaseKeyFile = path.join(dir, 'keys', 'database.key');
  return {
    dir,
    dbPath,
    keyFile,
    /** The database is encrypted, as the hosts keep it: raw connections need this key. */
    databaseKey: () => keyFileProvider(databaseKeyFile, 'database key').load(),
    /**
     * `now`: a fixed clock for the services (backup names and times come from it);
     * `chainAtStartEvents`: from how many unverified events the chain is checked after start.
     */
    async boot(opts: { now?: () => Date; chainAtStartEvents?: number } = {}) {
      const app = await bootConsole({
        dbPath,
        host: 'browser',
        demo: false,
        auditKey: keyFileProvider(keyFile),
        databaseKey: keyFileProvider(databaseKeyFile, 'database key'),
        now: opts.now,
        chainAtStartEvents: opts.chainAtStartEvents,
      });
      const sqlite = requireSqlite(app.engine, 'The boot harness');
      const call = (client: string, channel: string, payload: unknown) =>
        dispatch(app.services, handlers, client, channel, payload);
      return {
        ...app,
        sqlite,
        call,
        /** Adds an operator (first start only) and signs them in as `client`. */
        async signInAs(client: string, role: Role, username = `${role}-${client}`) {
          const exists = sqlite.prepare('SELECT 1 FROM operators WHERE username = ?').get(username);
          if (!exists) {
            sqlite
              .prepare(
                'INSERT INTO operators (username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)',
              )
              .run(username, username, role, await hashPassword('pass1234'), '2026-01-01T00:00:00.000Z');
          }
          const res = await call(client, 'session:signIn', { username, password: 'pass1234' });
          if (!res.ok) throw new Error(`sign-in failed: ${res.error.code}`);
        },
        stop() {
          app.stopTimers();
          // A restore replaces the connection the services stand on: close whichever is open.
          app.services.sqlite?.close();
          sqlite.close();
        },
      };
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
