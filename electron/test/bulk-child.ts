/**
 * Child process for the kill -9 test: runs one bulk unfreeze through the real dispatch
 * on a database file. With a pause point it stops INSIDE the bulk's transaction (a temp
 * trigger calls back into JS after N account updates), says "MID" on stdout, and waits
 * there to be killed.
 *
 *   node --import tsx electron/test/bulk-child.ts <db> <username> <password> <ids,...> <pauseAfter|0>
 */
import fs from 'node:fs';
import { dispatch } from '../api/core/dispatch';
import { handlers } from '../api/handlers';
import { createServices } from '../api/core/services';
import { openDatabase } from '../db/open';

async function main() {
  const [file, username, password, idList, pauseArg] = process.argv.slice(2);
  const sqlite = openDatabase(file);
  const pauseAfter = Number(pauseArg);
  let updates = 0;
  sqlite.function('bulk_probe', () => {
    updates++;
    if (pauseAfter > 0 && updates === pauseAfter) {
      fs.writeSync(1, 'MID\n'); // synchronous: the parent must hear it before we block
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    }
    return 0;
  });
  // A TEMP trigger lives only on this connection; the file's schema is untouched.
  sqlite.exec('CREATE TEMP TRIGGER bulk_probe AFTER UPDATE ON main.accounts BEGIN SELECT bulk_probe(); END;');
  const { services } = createServices(sqlite, 'browser');
  const signIn = await dispatch(services, handlers, 'child', 'session:signIn', { username, password });
  if (!signIn.ok) throw new Error(signIn.error.code);
  const res = await dispatch(services, handlers, 'child', 'frozen:bulk', {
    action: 'unfreeze',
    ids: idList.split(',').map(Number),
    reasonCode: 'identity_verified',
    note: 'bulk under kill test',
    idempotencyKey: `kill-test-${pauseAfter}-${idList.length}`,
  });
  fs.writeSync(1, `DONE ${JSON.stringify(res.ok)}\n`);
  sqlite.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
