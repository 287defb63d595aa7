import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteFile } from '../db/encryption';
import { RollupAccumulator } from '../db/rollups/accumulator';
import { generateContacts } from './contacts';
import { SIDE_TABLE, type ContactThreadData, type ContactThreadReply } from './contacts-side';
import { Roster } from './operators';

/** The contacts thread (contacts-side.ts): makes the contacts into the side file and sends back their rollup counters. */
const { file, plan } = workerData as ContactThreadData;
let reply: ContactThreadReply;
try {
  const side = openSqliteFile(file, { key: null });
  // A scratch file, thrown away if anything fails: no journal, no waiting for the disk.
  side.pragma('journal_mode = OFF');
  side.pragma('synchronous = OFF');
  side.exec(SIDE_TABLE);
  const rollup = new RollupAccumulator();
  const made = generateContacts(side, { ...plan, roster: Roster.from(plan.roster), onBatch: () => {} }, rollup);
  side.close();
  reply = { made, rollup: rollup.entries() };
} catch (err) {
  reply = { error: err instanceof Error ? err.message : String(err) };
}
parentPort!.postMessage(reply);
