import type Database from 'better-sqlite3';
import { verifyChain } from '../db/audit';
import { ROLLUP_ZONE_KEY } from '../db/rollups/local';
import { unauditedDecisions } from './invariants/audit';
import { caseDecisionBreaches, evidenceMismatches, freezeBlockBreaches, judicialDebits } from './invariants/freezes';
import { balanceMismatches, heldRefundMismatches } from './invariants/money';
import { limitsWithoutBothSides, refundApprovalBreaches } from './invariants/refunds';
import { auditOutOfOrder, beforeRegistration, rowsAfter } from './invariants/timeline';
import { rosterShortfalls, slaOutOfBand } from './invariants/workload';
import { rollupDifferences } from './rollup-check';

type Check = (sqlite: Database.Database, now: string) => unknown[] | Promise<unknown[]>;

/**
 * Rules every database the console could have produced obeys, whatever wrote it (the handlers or
 * the demo generator) and whatever day it was made, seen at `now` (the generator's anchor). Each
 * check returns the offending rows; empty means it holds. The generator's tests run these at
 * every scale, at a fixed anchor and at the calendar's awkward days (month end, DST changes,
 * 1 January, 29 February), and break each one by hand to show it can fail.
 */
export const DATASET_CHECKS = {
  balances: balanceMismatches,
  refundsHeld: heldRefundMismatches,
  // The day and hour rollups are checked in the zone they say they were built in.
  rollups: (sqlite) => {
    const stamp = sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(ROLLUP_ZONE_KEY) as
      { value: string } | undefined;
    return rollupDifferences(sqlite, stamp ? (JSON.parse(stamp.value) as string) : 'UTC');
  },
  auditChain: async (sqlite) => {
    const chain = await verifyChain(sqlite);
    return chain.intact ? [] : [chain];
  },
  // Nothing happened after now, nor before the customer existed; the log was written as things happened.
  afterNow: rowsAfter,
  beforeRegistration,
  auditOrder: auditOutOfOrder,
  // What each freeze type blocks, and the evidence a freeze links.
  freezeBlocks: freezeBlockBreaches,
  judicialDebits,
  freezeEvidence: evidenceMismatches,
  // Four-eyes and identity checks on every decision, and each decision's audit event.
  caseFourEyes: caseDecisionBreaches,
  refundFourEyes: refundApprovalBreaches,
  decisionsAudited: unauditedDecisions,
  // The queues and the staff: a realistic SLA picture, work on both sides of each limit, a roster for the volume.
  slaShare: slaOutOfBand,
  limitSides: limitsWithoutBothSides,
  roster: rosterShortfalls,
} satisfies Record<string, Check>;

export type DatasetCheck = keyof typeof DATASET_CHECKS;

export async function datasetViolations(
  sqlite: Database.Database,
  opts: { now: Date },
): Promise<Record<DatasetCheck, unknown[]>> {
  const now = opts.now.toISOString();
  const found = {} as Record<DatasetCheck, unknown[]>;
  for (const [name, check] of Object.entries(DATASET_CHECKS) as [DatasetCheck, Check][]) {
    found[name] = await check(sqlite, now);
  }
  return found;
}

/** The same, as a flat list of "check: row" lines, for one readable assertion. */
export async function listViolations(sqlite: Database.Database, opts: { now: Date }): Promise<string[]> {
  const found = await datasetViolations(sqlite, opts);
  return Object.entries(found).flatMap(([check, bad]) => bad.slice(0, 5).map((r) => `${check}: ${JSON.stringify(r)}`));
}
