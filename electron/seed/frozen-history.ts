import type Database from 'better-sqlite3';
import type { FreezeReason, RiskLevel } from '../../shared/domain/catalog';
import { SLA_HOURS } from '../../shared/domain/freeze';
import type { CaseWriter } from './frozen';
import { UNWORKED } from './frozen-plan';
import type { Random } from './random';
import { HISTORY_DAYS } from './transactions';

const DAY = 86_400_000;

/**
 * Decided cases per customer a scale's history holds beyond the per-customer generator's
 * recent ones: years of freezes the queue's indexes must walk past (≥ 200k at `huge`).
 */
export const HISTORY_CASES_PER_CUSTOMER = { demo: 0, large: 0.2, huge: 0.2 } as const;

const REASONS: [FreezeReason, number][] = [
  ['frequent_transfers', 35],
  ['rule_violation', 15],
  ['inaccurate_info', 15],
  ['abnormal_login', 20],
  ['customer_request', 15],
];

/**
 * Adds `count` cases unfrozen long ago, each through the case writer (checks, decision,
 * audit event) on an active account of a customer registered before the freeze. They lie
 * before the transaction history, whose rows are all younger than HISTORY_DAYS, so no
 * transaction of theirs falls inside a freeze. Deterministic from the seed.
 */
export function writeHistoryCases(
  sqlite: Database.Database,
  opts: { writer: CaseWriter; rng: Random; anchor: number; count: number; batch: number },
): number {
  const accounts = (sqlite.prepare('SELECT max(id) AS n FROM accounts').get() as { n: number | null }).n ?? 0;
  if (opts.count <= 0 || accounts === 0) return 0;
  const { rng } = opts;
  const account = sqlite.prepare(
    `SELECT a.status, c.registered_at FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = ?`,
  );
  const used = new Set<number>();
  const newest = opts.anchor - (HISTORY_DAYS + 2) * DAY;
  let written = 0;
  let tries = 0;
  sqlite.exec('BEGIN');
  while (written < opts.count && tries++ < opts.count * 20) {
    const id = rng.int(1, accounts);
    const row = account.get(id) as { status: string; registered_at: string };
    const registered = Date.parse(row.registered_at);
    if (row.status !== 'active' || used.has(id) || registered >= newest - DAY) continue;
    used.add(id);
    const reason = rng.weighted(REASONS);
    // History: high-risk unfreezes needed a checker, so the backfill keeps to low and medium.
    const risk: RiskLevel = rng.chance(0.6) ? 'low' : 'medium';
    const frozenAt = Math.floor(registered + DAY + rng.next() * (newest - registered - DAY));
    const decideAt = frozenAt + Math.floor(SLA_HOURS[risk] * 3_600_000 * (0.1 + 0.9 * rng.next()));
    written++;
    opts.writer.write(
      {
        ...UNWORKED,
        reason,
        risk,
        frozenAt,
        outcome: 'unfrozen',
        checksAt: frozenAt + Math.floor((decideAt - frozenAt) / 3),
        decideAt,
        frozenUntil: decideAt,
      },
      {
        caseNo: `FH${String(written).padStart(7, '0')}`,
        accountId: id,
        accountStatus: 'active',
        balance: 0,
        card: null,
        evidence: { rule: `history ${reason}`, figures: {} },
        linked: [],
      },
      () => {
        throw new Error('seed: a history case pays nothing out');
      },
    );
    if (written % opts.batch === 0) {
      sqlite.exec('COMMIT');
      sqlite.exec('BEGIN');
    }
  }
  sqlite.exec('COMMIT');
  return written;
}
