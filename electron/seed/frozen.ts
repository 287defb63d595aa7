import type Database from 'better-sqlite3';
import type { FreezeCaseStatus, FreezeReason, RiskLevel } from '../../shared/domain/catalog';
import { FREEZE_RULES, SLA_HOURS } from '../../shared/domain/freeze';
import { Random } from './random';

const DAY = 86_400_000;

/**
 * Freeze cases a scale should hold. The per-customer generator yields about 0.5% of
 * customers with a case; years of history add many more decided ones, which is what
 * the queue's indexes must walk past at the `huge` scale (≥ 200k cases).
 */
export const FREEZE_CASE_TARGET = { demo: 0, large: 20_000, huge: 200_000 } as const;

/**
 * The outcome a drawn case may have under FREEZE_RULES (migration 0120 refuses the others):
 * an authority's freeze is never lifted or closed here, and a balance is paid out for a
 * closure only where the freeze type allows a staff payout. Anything else stays kept frozen.
 */
export function outcomeTheRulesAllow<S extends FreezeCaseStatus>(
  reason: FreezeReason,
  status: S,
  balanceMinor: number,
): S | 'kept_frozen' {
  const rule = FREEZE_RULES[reason];
  if (status === 'unfrozen' && rule.liftedBy === 'authority') return 'kept_frozen';
  const closable =
    rule.effects.closure !== 'blocked' && (balanceMinor === 0 || rule.effects.closurePayout !== 'blocked');
  return status === 'closed' && !closable ? 'kept_frozen' : status;
}

const REASONS: [FreezeReason, number][] = [
  ['frequent_transfers', 35],
  ['rule_violation', 15],
  ['inaccurate_info', 15],
  ['abnormal_login', 20],
  ['customer_request', 15],
];

/**
 * Adds decided (unfrozen) historical cases on existing accounts until the table holds
 * `target` cases. Deterministic from the seed; a no-op when there are enough already.
 */
export function topUpFreezeCases(sqlite: Database.Database, target: number, seed: number, anchorMs: number): number {
  const have = (sqlite.prepare('SELECT count(*) AS n FROM freeze_cases').get() as { n: number }).n;
  const accounts = (sqlite.prepare('SELECT max(id) AS n FROM accounts').get() as { n: number | null }).n ?? 0;
  if (have >= target || accounts === 0) return 0;
  const makers = (
    sqlite.prepare("SELECT id FROM operators WHERE role = 'agent' ORDER BY id").all() as { id: number }[]
  ).map((o) => o.id);
  const rng = new Random(seed * 31 + 7);
  const insert = sqlite.prepare(
    `INSERT INTO freeze_cases (case_no, account_id, reason, risk, status, evidence_rule, evidence_json, frozen_at,
       sla_due_at, decision, decision_reason, maker_id, decided_at)
     VALUES (?, ?, ?, ?, 'unfrozen', ?, '{}', ?, ?, 'unfreeze', 'identity_verified', ?, ?)`,
  );
  const iso = (ms: number) => new Date(ms).toISOString();
  const add = sqlite.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const reason = rng.weighted(REASONS);
      // History: high-risk unfreezes needed a checker, so the backfill keeps to low and medium.
      const risk: RiskLevel = rng.chance(0.6) ? 'low' : 'medium';
      const frozenAt = anchorMs - rng.int(21, 3 * 365) * DAY - rng.int(0, DAY);
      insert.run(
        `FH${String(n + 1).padStart(7, '0')}`,
        rng.int(1, accounts),
        reason,
        risk,
        `history ${reason}`,
        iso(frozenAt),
        iso(frozenAt + SLA_HOURS[risk] * 3_600_000),
        makers.length ? rng.pick(makers) : null,
        iso(frozenAt + rng.int(1, 48) * 3_600_000),
      );
    }
  });
  for (let from = 0; from < target - have; from += 20_000) add(from, Math.min(target - have, from + 20_000));
  return target - have;
}
