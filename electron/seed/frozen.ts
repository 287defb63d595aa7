import type { Role } from '../../shared/domain/roles';
import type { IdentityCheck } from '../../shared/domain/catalog';
import { SLA_HOURS, needsSecondApproval, type DecisionReason, type FreezeDecision } from '../../shared/domain/freeze';
import { outcomeBlocker, type CaseFacts } from '../../shared/domain/freeze-actions';
import type { CasePlan } from './frozen-plan';
import type { SeedContext } from './journal';

/** What a decision's maker writes in the case's note thread. */
const NOTES: Record<FreezeDecision | 'approve', string> = {
  unfreeze:
    '来电核实身份（手机号、身份证尾号）并确认交易 / Identity verified on the call; customer confirmed the activity',
  keep_frozen: '等待客户补充材料，到期复核 / Waiting for documents; review on the date set',
  close: '核实违规，余额已退回已验证银行卡 / Violation confirmed; balance returned to the verified card',
  escalate: '需要风控专员判断 / Needs a risk specialist',
  payout:
    '核实违规，申请将余额退回已验证银行卡 / Violation confirmed; asking to return the balance to the verified card',
  approve: '复核无误 / Second check done',
};
const REASON_CODES: Record<FreezeDecision, DecisionReason> = {
  unfreeze: 'identity_verified',
  keep_frozen: 'documents_pending',
  close: 'fraud_confirmed',
  escalate: 'needs_specialist',
  payout: 'fraud_confirmed',
};
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
  private readonly st;
  constructor(private readonly world: SeedContext) {
    const { sqlite } = world;
    this.st = {
      insert: sqlite.prepare(
        `INSERT INTO freeze_cases (case_no, account_id, reason, risk, status, evidence_rule, evidence_json, frozen_at, sla_due_at)
         VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?) RETURNING id`,
      ),
      link: sqlite.prepare('INSERT INTO freeze_case_transactions (case_id, transaction_id) VALUES (?, ?)'),
      account: sqlite.prepare('UPDATE accounts SET status = ?, version = version + 1 WHERE id = ?'),
      check: sqlite.prepare('INSERT INTO identity_checks (case_id, check_kind, operator_id, at) VALUES (?, ?, ?, ?)'),
      claim: sqlite.prepare(
        `UPDATE freeze_cases SET owner_id = coalesce(owner_id, ?), status = CASE status WHEN 'open' THEN 'in_review' ELSE status END,
           version = version + 1 WHERE id = ?`,
      ),
      decide: sqlite.prepare(
        `UPDATE freeze_cases SET status = @status, decision = @decision, decision_reason = @reason, maker_id = @maker,
           checker_id = NULL, decided_at = @decidedAt, review_at = @reviewAt, owner_id = @owner, version = version + 1 WHERE id = @id`,
      ),
      approve: sqlite.prepare(
        'UPDATE freeze_cases SET status = ?, checker_id = ?, decided_at = ?, version = version + 1 WHERE id = ?',
      ),
      checker: sqlite.prepare('UPDATE freeze_cases SET checker_id = ?, version = version + 1 WHERE id = ?'),
      paidOut: sqlite.prepare(
        "UPDATE freeze_cases SET status = 'in_review', owner_id = maker_id, decided_at = ?, version = version + 1 WHERE id = ?",
      ),
      balance: sqlite.prepare('UPDATE accounts SET balance_minor = 0, version = version + 1 WHERE id = ?'),
      note: sqlite.prepare(
        "INSERT INTO notes (entity_type, entity_id, operator_id, body, created_at) VALUES ('freeze_case', ?, ?, ?, ?)",
      ),
    };
  }

  /**
   * Writes the case; `payout` writes the withdrawal that empties the account. Returns the
   * case id and the account's balance after it.
   */
  write(
    plan: CasePlan,
    s: CaseSubject,
    payout: (at: number, amount: number) => { txnNo: string },
  ): { id: number; balance: number } {
    const st = this.st;
    const id = (
      st.insert.get(
        s.caseNo,
        s.accountId,
        plan.reason,
        plan.risk,
        s.evidence.rule,
        JSON.stringify(s.evidence.figures),
        iso(plan.frozenAt),
        iso(plan.frozenAt + SLA_HOURS[plan.risk] * 3_600_000),
      ) as { id: number }
    ).id;
    for (const t of s.linked) st.link.run(id, t);
    if (s.accountStatus !== 'frozen') st.account.run('frozen', s.accountId);
    let status = 'open';
    let owner: number | null = null;
    let balance = s.balance;
    if (plan.checksAt === null) return { id, balance };

    const maker = this.world.roster.agentAt(this.world.rng, plan.checksAt);
    const audit = (
      at: number,
      operatorId: number,
      role: Role,
      event: { action: string; before?: Record<string, unknown>; after: Record<string, unknown>; note?: string },
    ) =>
      this.world.journal.add(
        { at, operatorId, role },
        { entityType: 'freeze_case', entityId: id, before: null, ...event },
      );

    // Identity checks, each ticked a few minutes apart; the first one claims the case.
    const decision = decisionOf(plan);
    const checks = this.checksFor(plan, decision);
    let at = plan.checksAt;
    if (checks.length === 0) {
      st.claim.run(maker, id);
      audit(at, maker, 'agent', {
        action: 'freeze.claimed',
        before: { ownerId: null, status },
        after: { ownerId: maker, status: 'in_review' },
      });
    }
    for (const kind of checks) {
      st.check.run(id, kind, maker, iso(at));
      st.claim.run(maker, id);
      audit(at, maker, 'agent', { action: 'freeze.identityCheck', after: { kind, passed: true } });
      // A payout decision comes after every check it needs.
      const room = plan.payoutAt === null ? Infinity : Math.floor((plan.payoutAt - plan.checksAt) / checks.length);
      at += Math.min(this.world.rng.int(1, 5) * 60_000, room);
    }
    status = 'in_review';
    owner = maker;

    const facts = (over: Partial<CaseFacts>): CaseFacts => ({
      reason: plan.reason,
      risk: plan.risk,
      status: 'in_review',
      ownerId: maker,
      makerId: null,
      decision: null,
      balanceMinor: balance,
      hasVerifiedCard: s.card !== null,
      checks,
      otherLiveReasons: [],
      ...over,
    });
    const refuse = (what: FreezeDecision, over: Partial<CaseFacts> = {}) => {
      const blocker = outcomeBlocker(what, facts(over));
      if (blocker) throw new Error(`seed: ${s.caseNo} cannot ${what} (${blocker})`);
    };

    // The payout is a decision like the others (frozen:payout), carried out at its approval by
    // a different supervisor (frozen:approve): migration 0120 lets money leave a frozen account
    // only for a payout decision with a maker and a different checker, to the whole balance.
    if (plan.payoutAt !== null && plan.payoutApproveAt !== null && balance > 0 && s.card) {
      refuse('payout');
      st.decide.run({
        id,
        status: 'awaiting_second_approval',
        decision: 'payout',
        reason: REASON_CODES.payout,
        maker,
        decidedAt: null,
        reviewAt: null,
        owner,
      });
      st.note.run(id, maker, NOTES.payout, iso(plan.payoutAt));
      audit(plan.payoutAt, maker, 'agent', {
        action: 'freeze.decided',
        before: { status, accountStatus: 'frozen' },
        after: {
          decision: 'payout',
          reasonCode: REASON_CODES.payout,
          status: 'awaiting_second_approval',
          accountStatus: 'frozen',
        },
        note: NOTES.payout,
      });
      const checker = this.world.roster.supervisorAt(this.world.rng, plan.payoutApproveAt, maker);
      refuse('payout', { status: 'awaiting_second_approval', makerId: maker, decision: 'payout' });
      st.checker.run(checker, id);
      const txn = payout(plan.payoutApproveAt, balance);
      st.balance.run(s.accountId);
      st.paidOut.run(iso(plan.payoutApproveAt), id);
      st.note.run(id, checker, NOTES.approve, iso(plan.payoutApproveAt));
      audit(plan.payoutApproveAt, checker, 'supervisor', {
        action: 'freeze.approved',
        before: { status: 'awaiting_second_approval', accountStatus: 'frozen', makerId: maker, balanceMinor: balance },
        after: {
          decision: 'payout',
          checkerId: checker,
          status: 'in_review',
          accountStatus: 'frozen',
          balanceMinor: 0,
          paidMinor: balance,
          card: s.card,
          txnNo: txn.txnNo,
        },
        note: NOTES.approve,
      });
      balance = 0;
    }
    if (decision === null || plan.decideAt === null) return { id, balance };

    // The decision, judged by the rules the handler applies.
    refuse(decision, { balanceMinor: balance });
    const second = (decision === 'unfreeze' || decision === 'close') && needsSecondApproval(decision, plan.risk);
    const next =
      decision === 'escalate'
        ? 'escalated'
        : decision === 'keep_frozen'
          ? 'kept_frozen'
          : second
            ? 'awaiting_second_approval'
            : 'unfrozen';
    const settles = next === 'unfrozen' || next === 'kept_frozen';
    const accountAfter = next === 'unfrozen' ? 'active' : 'frozen';
    st.decide.run({
      id,
      status: next,
      decision,
      reason: REASON_CODES[decision],
      maker,
      decidedAt: settles ? iso(plan.decideAt) : null,
      reviewAt: plan.reviewAt === null ? null : iso(plan.reviewAt),
      owner: next === 'escalated' || next === 'kept_frozen' ? null : owner,
    });
    if (accountAfter === 'active') st.account.run('active', s.accountId);
    st.note.run(id, maker, NOTES[decision], iso(plan.decideAt));
    audit(plan.decideAt, maker, 'agent', {
      action: 'freeze.decided',
      before: { status, accountStatus: 'frozen' },
      after: {
        decision,
        reasonCode: REASON_CODES[decision],
        status: next,
        accountStatus: accountAfter,
        ...(plan.reviewAt === null ? {} : { reviewAt: iso(plan.reviewAt) }),
      },
      note: NOTES[decision],
    });
    if (!second || plan.approveAt === null) return { id, balance };

    // The second pair of eyes: a supervisor on shift who is not the maker.
    const checker = this.world.roster.supervisorAt(this.world.rng, plan.approveAt, maker);
    const final = decision === 'unfreeze' ? 'unfrozen' : 'closed';
    const account = decision === 'unfreeze' ? 'active' : 'closed';
    st.approve.run(final, checker, iso(plan.approveAt), id);
    st.account.run(account, s.accountId);
    st.note.run(id, checker, NOTES.approve, iso(plan.approveAt));
    audit(plan.approveAt, checker, 'supervisor', {
      action: 'freeze.approved',
      before: { status: 'awaiting_second_approval', accountStatus: 'frozen', makerId: maker },
      after: { decision, status: final, accountStatus: account, checkerId: checker },
      note: NOTES.approve,
    });
    return { id, balance };
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
