import fs from 'node:fs';
import { dispatch } from '../api/core/dispatch';
import { handlers } from '../api/handlers';
import { createServices } from '../api/core/services';
import { openDatabase } from '../db/open';

/**
 * Child process for the kill -9 test: signs in and approves the given refunds in one
 * bulk call. With PAUSE_AT set, it stops inside the bulk transaction when that SQL first
 * runs, says MID, and waits to be killed.
 */
async function main() {
  const [dbPath, username, password, idsFile] = process.argv.slice(2);
  const pauseAt = process.env.PAUSE_AT;
  const sqlite = openDatabase(dbPath);
  const { services } = createServices(sqlite, 'browser', undefined, (sql) => {
    if (pauseAt && sql.toLowerCase().startsWith(pauseAt)) {
      fs.writeSync(1, 'MID\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    }
  });
  const call = (channel: string, input: unknown) => dispatch(services, handlers, 'child', channel, input);
  const signIn = await call('session:signIn', { username, password });
  if (!signIn.ok) throw new Error(signIn.error.code);
  const items = JSON.parse(fs.readFileSync(idsFile, 'utf8')) as { id: number; expectedVersion: number }[];
  const result = await call('refunds:bulkApprove', { items, idempotencyKey: `kill-test-${process.pid}` });
  fs.writeSync(
    1,
    `DONE ${JSON.stringify(result.ok ? { succeeded: (result.data as { succeeded: number }).succeeded } : result)}\n`,
  );
  sqlite.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
