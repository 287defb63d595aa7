import type { IdentityCheck } from '../../shared/domain/catalog';
import { SLA_HOURS, type FreezeDecision } from '../../shared/domain/freeze';
import type { CasePlan } from './frozen-plan';
import { CaseSteps, statements, type Payout, type Statements } from './frozen-steps';
import type { SeedContext } from './journal';

const EXTRA_CHECKS: IdentityCheck[] = ['recent_transaction', 'face'];

export interface CaseSubject {
  caseNo: string;
  accountId: number;
  accountStatus: 'active' | 'frozen';
  balance: number;
  /** The customer's most recent bank card, where a closure payout goes. */
  card: string | null;
  evidence: { rule: string; figures: Record<string, number | string> };
  linked: number[];
}

/**
 * Writes a freeze case the way the app makes it: inserted open, then each step as the
 * handlers take it (identity checks that claim the case, the payout, the decision, the
 * second approval), every one an UPDATE the migrations' triggers judge, with its note and
 * its audit event, checked first by the same domain rules the handlers use.
 */
export class CaseWriter {
  private readonly st: Statements;
  constructor(private readonly world: SeedContext) {
    this.st = statements(world.sqlite);
  }

  /**
   * Writes the case; `payout` writes the withdrawal that empties the account. Returns the
   * case id and the account's balance after it.
   */
  write(plan: CasePlan, s: CaseSubject, payout: Payout): { id: number; balance: number } {
    const id = this.open(plan, s);
    if (plan.checksAt === null) return { id, balance: s.balance };
    const maker = this.world.roster.agentAt(this.world.rng, plan.checksAt);
    const decision = decisionOf(plan);
    const steps = new CaseSteps(this.world, this.st, plan, s, id, maker);
    steps.checkIdentity(this.checksFor(plan, decision));
    if (plan.payoutAt !== null && plan.payoutApproveAt !== null && s.balance > 0 && s.card) {
      steps.payOut(plan.payoutAt, plan.payoutApproveAt, payout);
    }
    if (decision !== null && plan.decideAt !== null) steps.decide(decision, plan.decideAt);
    return { id, balance: steps.balance };
  }

  /** The case as the freeze makes it: open, its evidence linked, the account frozen. */
  private open(plan: CasePlan, s: CaseSubject): number {
    const st = this.st;
    const { id } = st.insert.get(
      s.caseNo,
      s.accountId,
      plan.reason,
      plan.risk,
      s.evidence.rule,
      JSON.stringify(s.evidence.figures),
      iso(plan.frozenAt),
      iso(plan.frozenAt + SLA_HOURS[plan.risk] * 3_600_000),
    ) as { id: number };
    for (const t of s.linked) st.link.run(id, t);
    if (s.accountStatus !== 'frozen') st.account.run('frozen', s.accountId);
    return id;
  }

  /** A decision needs the phone, the ID tail and one more; a case still in review has some of them. */
  private checksFor(plan: CasePlan, decision: FreezeDecision | null): IdentityCheck[] {
    if (decision === 'unfreeze' || plan.payoutAt !== null)
      return ['phone', 'id_tail', this.world.rng.pick(EXTRA_CHECKS)];
    return (['phone', 'id_tail'] as IdentityCheck[]).slice(0, this.world.rng.int(0, 2));
  }
}

/** The decision a plan's outcome comes from. */
function decisionOf(plan: CasePlan): FreezeDecision | null {
  switch (plan.outcome) {
    case 'unfrozen':
    case 'awaiting_unfreeze':
      return 'unfreeze';
    case 'closed':
    case 'awaiting_close':
      return 'close';
    case 'kept_frozen':
      return 'keep_frozen';
    case 'escalated':
      return 'escalate';
    default:
      return null;
  }
}

/** The payout transaction's number, as `frozen:payout` makes it. */
export function payoutTxnNo(caseNo: string, at: number): string {
  return `PO${caseNo}${at.toString(36).toUpperCase()}`;
}

const iso = (ms: number) => new Date(ms).toISOString();
