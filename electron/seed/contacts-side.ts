import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RollupAccumulator } from '../db/rollups/accumulator';
import type { Counters } from '../db/rollups/counters';
import { bundleDir, sourceWorker } from '../workers/entries';
import { CONTACT_COLUMNS, type ContactOptions } from './contacts';
import type { Roster } from './operators';

/** The side file's table: the columns a generated contact fills. The console's constraints apply when they are copied in. */
export const SIDE_TABLE = `CREATE TABLE contacts (id INTEGER PRIMARY KEY, ${CONTACT_COLUMNS})`;

export type ContactPlan = Omit<ContactOptions, 'onBatch'>;

export interface ContactThreadData {
  file: string;
  plan: Omit<ContactPlan, 'roster'> & { roster: Pick<Roster, 'agents' | 'supervisors' | 'admin'> };
}

export type ContactThreadReply = { made: number; rollup: [string, Counters][] } | { error: string };

export interface ContactsThread {
  file: string;
  done: Promise<{ made: number; rollup: [string, Counters][] }>;
  stop: () => void;
}

/**
 * Starts making the hotline's contacts on a second thread (contacts-thread.ts) while this one
 * writes the customers: into a new plaintext side file beside the database, which holds only
 * generated demo rows and is deleted once copied in. The rows are the ones generateContacts
 * would write here, in the same order.
 */
export function startContactsThread(dbFile: string, plan: ContactPlan): ContactsThread {
  const file = `${dbFile}.contacts-seed`;
  fs.rmSync(file, { force: true });
  const { agents, supervisors, admin } = plan.roster;
  const data: ContactThreadData = { file, plan: { ...plan, roster: { agents, supervisors, admin } } };
  const entry = sourceWorker(path.resolve(bundleDir(__dirname), '../..', 'electron/seed/contacts-thread.ts'));
  const worker = new Worker(entry.file, { workerData: data, eval: entry.eval });
  const done = new Promise<{ made: number; rollup: [string, Counters][] }>((resolve, reject) => {
    worker.once('message', (m: ContactThreadReply) => ('error' in m ? reject(new Error(m.error)) : resolve(m)));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the contacts thread stopped (exit code ${code})`)));
  });
  done.catch(() => {}); // awaited after the customers; a failure before then must not go unhandled
  return { file, done, stop: () => void worker.terminate() };
}

/**
 * Copies the thread's contacts into the console's database in transactions of `batch`, each
 * through the table's constraints, foreign keys and triggers, with the ids this database gives
 * them (as if written here); adds their rollup counters to `rollup`, which the caller writes.
 * Returns how many were copied.
 */
export async function copySideContacts(
  sqlite: Database.Database,
  thread: ContactsThread,
  o: { batch: number; rollup: RollupAccumulator; onProgress: (done: number, total: number) => void },
): Promise<number> {
  const { made, rollup } = await thread.done;
  o.rollup.merge(rollup);
  // ATTACH runs outside a transaction; KEY '' reads the side file as plain SQLite beside an encrypted database.
  sqlite.prepare("ATTACH ? AS seed_contacts KEY ''").run(thread.file);
  try {
    const copy = sqlite.prepare(
      `INSERT INTO contacts (${CONTACT_COLUMNS}) SELECT ${CONTACT_COLUMNS} FROM seed_contacts.contacts
       WHERE id > ? AND id <= ? ORDER BY id`,
    );
    for (let from = 0; from < made; from += o.batch) {
      sqlite.transaction(() => copy.run(from, from + o.batch))();
      o.onProgress(Math.min(from + o.batch, made), made);
    }
  } finally {
    sqlite.exec('DETACH seed_contacts');
    fs.rmSync(thread.file, { force: true });
  }
  return made;
}
