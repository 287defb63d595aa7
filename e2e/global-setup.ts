import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../electron/db/open';
import { e2eDatabaseKey } from './database';
import { generateDataset } from '../electron/seed/generate';
import { withBulkWrites } from '../electron/seed/bulk';

export const TEMPLATE_DB = path.resolve('.cache/e2e/template.db');

/** Seeds the demo dataset once; every test then starts from its own copy of this file. */
export default async function globalSetup() {
  fs.rmSync(path.dirname(TEMPLATE_DB), { recursive: true, force: true });
  fs.mkdirSync(path.dirname(TEMPLATE_DB), { recursive: true });
  const db = openDatabase(TEMPLATE_DB, { databaseKey: e2eDatabaseKey() });
  await withBulkWrites(db, () => generateDataset(db, { scale: 'demo', seed: 7 }));
  db.close(); // the last connection's close folds any WAL into the file the tests copy
  if (!fs.existsSync(path.resolve('out/main/server.js'))) {
    throw new Error('Build first (npm run build): the e2e suite runs the built app.');
  }
}
