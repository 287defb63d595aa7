import fs from 'node:fs';
import { openDatabase } from '../electron/db/open';
import { generateDataset } from '../electron/seed/generate';
import { withBulkWrites } from '../electron/seed/bulk';
async function main() {
  const k = Number(process.argv[2] ?? '0.3');
  const file = `/tmp/genbench-${process.pid}.db`;
  const db = openDatabase(file);
  let last = '';
  const t0 = performance.now(); const c0 = process.cpuUsage();
  const s = await withBulkWrites(db, () => generateDataset(db, { scale: 'large', seed: 3, anchor: new Date('2026-11-01T00:00:00Z'),
    onProgress: (st, d, t) => { if (st !== last) { console.log(`${((performance.now()-t0)/1000).toFixed(1)} s: ${st}`); last = st; } },
    size: { customers: Math.round(100_000 * k), transactions: Math.round(1_000_000 * k), contacts: Math.round(1_000_000 * k) } }));
  const c = process.cpuUsage(c0); const wall = performance.now() - t0;
  const rows = s.transactions + s.contacts + s.customers * 2 + s.refunds + s.freezeCases + s.auditEvents;
  console.log(`rows ${rows} wall ${(wall/1000).toFixed(1)} s cpu ${((c.user+c.system)/1e6).toFixed(1)} s  -> ${Math.round(rows/(wall/1000))} rows/s wall, ${Math.round(rows/((c.user+c.system)/1e6))} rows/cpu-s`);
  db.close(); for (const f of [file, file+'-wal', file+'-shm']) fs.rmSync(f, { force: true });
}
main();
