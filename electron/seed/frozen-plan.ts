import type { FreezeReason, RiskLevel } from '../../shared/domain/catalog';
import { FREEZE_RULES, SLA_HOURS } from '../../shared/domain/freeze';
import type { Random } from './random';
import type { ForcedTxn, SeedTxn } from './transactions';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const FREEZE_REASONS: [FreezeReason, number][] = [
  ['frequent_transfers', 30],
  ['rule_violation', 15],
  ['inaccurate_info', 15],
  ['abnormal_login', 20],
  ['customer_request', 15],
  ['judicial', 5],
];

/**
 * Freezes whose account staff may close, paying the balance out with four-eyes first
 * (FREEZE_RULES; docs/domain.md, "What a freeze blocks"): the risk-rule ones. A takeover or
 * lost-phone freeze protects the customer, and a judicial one blocks every debit and every closure.
 */
export const CLOSABLE_REASONS: readonly FreezeReason[] = (Object.keys(FREEZE_RULES) as FreezeReason[]).filter(
  (r) => FREEZE_RULES[r].effects.closure !== 'blocked' && FREEZE_RULES[r].effects.closurePayout !== 'blocked',
);

/** An authority's freeze (judicial): staff never lift it, only the authority's release order does. */
const liftedByAuthority = (reason: FreezeReason) => FREEZE_RULES[reason].liftedBy === 'authority';

/**
 * The outcome a drawn case may have under FREEZE_RULES (migration 0120's triggers refuse the
 * others): an authority's freeze is never lifted, and only a closable freeze is closed or
 * paid out. A refused outcome of a decided case keeps it frozen for review; one still being
 * worked stays in review.
 */
export function outcomeTheRulesAllow(reason: FreezeReason, outcome: CaseOutcome): CaseOutcome {
  const lifts = outcome === 'unfrozen' || outcome === 'awaiting_unfreeze';
  const closes = outcome === 'closed' || outcome === 'awaiting_close';
  if (!(lifts && liftedByAuthority(reason)) && !(closes && !CLOSABLE_REASONS.includes(reason))) return outcome;
  return outcome === 'unfrozen' || outcome === 'closed' ? 'kept_frozen' : 'in_review';
}

/** Share of the cases still being worked that are past their SLA at the anchor: a queue under control. */
export const OVERDUE_SHARE = 0.15;
/** Decisions taken within the SLA; the rest come late, up to three times the SLA. */
const ON_TIME = 0.85;

/** Where a case stands at the anchor. */
export type CaseOutcome =
  'open' | 'in_review' | 'escalated' | 'awaiting_unfreeze' | 'awaiting_close' | 'unfrozen' | 'kept_frozen' | 'closed';

/** A case's whole life up to the anchor: each time is when that step happened, null if it has not. */
export interface CasePlan {
  reason: FreezeReason;
  risk: RiskLevel;
  frozenAt: number;
  outcome: CaseOutcome;
  checksAt: number | null;
  /** The maker's payout decision, and its approval by a different supervisor that pays the balance out. */
  payoutAt: number | null;
  payoutApproveAt: number | null;
  decideAt: number | null;
  approveAt: number | null;
  reviewAt: number | null;
  /** The account stays frozen until then (Infinity: frozen or closed at the anchor). */
  frozenUntil: number;
}

/** A case nobody has worked yet, frozen until further notice: what each plan fills in. */
export const UNWORKED = {
  checksAt: null,
  payoutAt: null,
  payoutApproveAt: null,
  decideAt: null,
  approveAt: null,
  reviewAt: null,
  frozenUntil: Infinity,
} as const satisfies Partial<CasePlan>;

type Steps = Pick<CasePlan, 'frozenAt' | 'outcome'> & Partial<CasePlan>;

/**
 * Plans the freeze cases of the per-customer generator. Cases still being worked get ages
 * that put OVERDUE_SHARE of them past their SLA, counted per risk level (the first of each
 * level is overdue, so even a small queue shows one); decided cases took their decision
 * mostly within the SLA, and the second approval a few hours later.
 */
export class CasePlanner {
  private readonly active: Record<RiskLevel, number> = { low: 0, medium: 0, high: 0 };
  /** Whether an overdue case of that risk nobody has picked up is in the queue yet. */
  private readonly untouched: Record<RiskLevel, boolean> = { low: false, medium: false, high: false };

  constructor(
    private readonly rng: Random,
    private readonly anchor: number,
  ) {}

  plan(activeShare: number): CasePlan {
    const rng = this.rng;
    const reason = rng.weighted(FREEZE_REASONS);
    const risk: RiskLevel =
      reason === 'judicial' || reason === 'abnormal_login'
        ? rng.weighted([
            ['medium', 1],
            ['high', 2],
          ] as const)
        : rng.weighted([
            ['low', 5],
            ['medium', 3],
            ['high', 2],
          ] as const);
    const sla = SLA_HOURS[risk] * HOUR;
    const between = (from: number, to: number) => from + rng.next() * (to - from);
    const steps = rng.chance(activeShare)
      ? this.activeCase(reason, risk, sla, between)
      : this.decidedCase(reason, risk, sla, between);
    return { reason, risk, ...UNWORKED, ...steps };
  }

  private activeCase(
    reason: FreezeReason,
    risk: RiskLevel,
    sla: number,
    between: (a: number, b: number) => number,
  ): Steps {
    const k = this.active[risk]++;
    const overdue = Math.ceil((k + 1) * OVERDUE_SHARE) > Math.ceil(k * OVERDUE_SHARE);
    const age = overdue ? sla * between(1.1, 3.5) : sla * between(0.03, 0.95);
    const frozenAt = Math.floor(this.anchor - age);
    const judicial = liftedByAuthority(reason);
    let outcome = this.rng.weighted<CaseOutcome>(
      judicial
        ? [
            ['open', 5],
            ['in_review', 4],
            ['escalated', 1],
          ]
        : [
            ['open', 5],
            ['in_review', 3],
            ['escalated', 1],
            [risk === 'high' ? 'awaiting_unfreeze' : 'awaiting_close', 1],
          ],
    );
    outcome = outcomeTheRulesAllow(reason, outcome);
    // Overdue work is mostly work nobody has picked up: the queue shows at least one of each risk.
    if (overdue && !judicial && !this.untouched[risk]) outcome = 'open';
    if (overdue && outcome === 'open') this.untouched[risk] = true;
    const worked = outcome !== 'open';
    const checksAt = worked ? Math.floor(frozenAt + age * between(0.05, 0.4)) : null;
    const decided = outcome === 'escalated' || outcome.startsWith('awaiting');
    const decideAt = decided ? Math.floor(checksAt! + (this.anchor - checksAt!) * between(0.3, 0.8)) : null;
    const payoutAt = outcome === 'awaiting_close' ? Math.floor(checksAt! + (decideAt! - checksAt!) / 3) : null;
    const payoutApproveAt = payoutAt === null ? null : Math.floor(checksAt! + ((decideAt! - checksAt!) * 2) / 3);
    return { frozenAt, outcome, checksAt, payoutAt, payoutApproveAt, decideAt };
  }

  private decidedCase(
    reason: FreezeReason,
    risk: RiskLevel,
    sla: number,
    between: (a: number, b: number) => number,
  ): Steps {
    const rng = this.rng;
    const outcome = liftedByAuthority(reason)
      ? 'kept_frozen'
      : outcomeTheRulesAllow(
          reason,
          rng.weighted<CaseOutcome>([
            ['unfrozen', 6],
            ['kept_frozen', 2],
            [CLOSABLE_REASONS.includes(reason) ? 'closed' : 'unfrozen', 1],
          ]),
        );
    const delay = sla * (rng.chance(ON_TIME) ? between(0.1, 1) : between(1, 3));
    const second = outcome === 'closed' || (outcome === 'unfrozen' && risk === 'high');
    const gap = second ? between(10 * 60_000, 6 * HOUR) : 0;
    const frozenAt = Math.floor(this.anchor - between(delay + gap + HOUR, delay + gap + 20 * DAY));
    const checksAt = Math.floor(frozenAt + delay * between(0.2, 0.5));
    const decideAt = Math.floor(frozenAt + delay);
    const approveAt = second ? Math.floor(decideAt + gap) : null;
    // A closure pays the balance out first (decided, then approved by a supervisor); a
    // kept-frozen case is reviewed again in days or weeks.
    const payoutAt = outcome === 'closed' ? Math.floor(between(checksAt + 60_000, decideAt - 60_000)) : null;
    const payoutApproveAt = payoutAt === null ? null : Math.floor((payoutAt + decideAt) / 2);
    const reviewAt = outcome === 'kept_frozen' ? Math.floor(this.anchor + between(3 * DAY, 30 * DAY)) : null;
    const frozenUntil = outcome === 'unfrozen' ? (approveAt ?? decideAt) : Infinity;
    return { frozenAt, outcome, checksAt, payoutAt, payoutApproveAt, decideAt, approveAt, reviewAt, frozenUntil };
  }
}

/**
 * The burst of transfers that trips rule R-101 ("frequent transfers"): 15–30 transfers to
 * mostly new payees in the hour before the freeze, after a top-up that pays for them.
 */
export function transferBurst(rng: Random, frozenAt: number): ForcedTxn[] {
  const n = rng.int(15, 30);
  const payees = Array.from(
    { length: Math.max(1, n - rng.int(3, 8)) },
    () => `62${String(rng.int(1, 9_999_999_999)).padStart(10, '0')}`,
  );
  const transfers: ForcedTxn[] = Array.from({ length: n }, (_, i) => ({
    at: frozenAt - 60 * 60_000 + Math.floor(((i + rng.next()) / n) * 59 * 60_000),
    operation: 'transfer',
    channel: 'in_app',
    amount: rng.int(50, 500) * 100,
    // Every payee gets one transfer first; the rest repeat one of them.
    counterparty: i < payees.length ? payees[i] : rng.pick(payees),
  }));
  const total = transfers.reduce((s, t) => s + t.amount, 0);
  const topUp: ForcedTxn = {
    at: frozenAt - 60 * 60_000 - rng.int(10, 120) * 60_000,
    operation: 'top_up',
    channel: 'bank',
    // The transfers and their fees (at most 0.1% in app) with room to spare.
    amount: Math.ceil((total * 1.01) / 100) * 100 + 10_000,
    counterparty: null,
  };
  return [topUp, ...transfers];
}

/** What the rule saw, from the transactions it links: every figure is one a reviewer can recount. */
export function evidenceFor(
  reason: FreezeReason,
  rng: Random,
  linked: SeedTxn[],
): { rule: string; figures: Record<string, number | string> } {
  switch (reason) {
    case 'frequent_transfers':
      return {
        rule: 'R-101 frequent transfers',
        figures: {
          transfers: linked.length,
          newPayees: new Set(linked.map((t) => t.counterparty)).size,
          windowMinutes: 60,
        },
      };
    case 'rule_violation':
      return {
        rule: 'R-204 gambling merchant pattern',
        figures: { payments: rng.int(5, 40), merchants: rng.int(1, 4) },
      };
    case 'inaccurate_info':
      return { rule: 'R-310 KYC mismatch', figures: { field: 'id_number' } };
    case 'abnormal_login':
      return {
        rule: 'R-402 new device and location',
        figures: { failedLogins: rng.int(3, 12), newDevice: 'yes', distanceKm: rng.int(300, 3000) },
      };
    case 'customer_request':
      return { rule: 'M-001 customer request (lost phone)', figures: { channel: 'phone' } };
    case 'judicial':
      return { rule: 'J-900 court order', figures: { orderNo: `(2026)京0105执${rng.int(1000, 9999)}号` } };
  }
}
