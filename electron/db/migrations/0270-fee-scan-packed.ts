import { FEE_SCAN_INDEX_SQL } from '../fee-scan';
import type { Migration } from './index';

/**
 * The fee simulation's index holds the integers it packs (fee-scan.ts), only for the
 * transactions it reprices, in place of transactions_fee_scan's columns: at the huge scale its
 * scan read a week in 220-264 ms against 360-378 ms. Building it takes about 35 s for 10M
 * transactions on a 2-core machine, once; the column index it replaces is dropped, so the file
 * does not grow (427 MB at huge, against about 690 MB there).
 */
export const feeScanPacked: Migration = {
  version: 270,
  name: 'fee-scan-packed',
  up(db) {
    db.exec(`${FEE_SCAN_INDEX_SQL}; DROP INDEX IF EXISTS transactions_fee_scan;`);
  },
};
