import type Database from 'better-sqlite3';
import type { IdentityCheck } from '../../shared/domain/catalog';
import { needsSecondApproval, type DecisionReason, type FreezeDecision } from '../../shared/domain/freeze';
import { outcomeBlocker, type CaseFacts } from '../../shared/domain/freeze-actions';
import type { Role } from '../../shared/domain/roles';
import type { CaseSubject } from './frozen';
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
/** The statements a freeze case's steps run, prepared once per generator run. */
export function statements(sqlite: Database.Database) {
  return {
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
export type Statements = ReturnType<typeof statements>;

/** Writes the withdrawal that empties the account, at its approval; returns its number. */
export type Payout = (at: number, amount: number) => { txnNo: string };

type Event = { action: string; before?: Record<string, unknown>; after: Record<string, unknown>; note?: string };

/**
 * One case's steps after it was opened, as the handlers take them: the identity checks
 * (the first claims the case), the payout decision and its approval, the decision and its
 * second approval. Each is judged first by the domain rules the handlers apply.
 */
export class CaseSteps {
  private status = 'open';
  private checks: IdentityCheck[] = [];
  /** The account's balance as the steps leave it. */
  balance: number;

  constructor(
    private readonly world: SeedContext,
    private readonly st: Statements,
    private readonly plan: CasePlan,
    private readonly s: CaseSubject,
    private readonly id: number,
    private readonly maker: number,
  ) {
    this.balance = s.balance;
  }

  private audit(at: number, operatorId: number, role: Role, event: Event) {
    this.world.journal.add(
      { at, operatorId, role },
      { entityType: 'freeze_case', entityId: this.id, before: null, ...event },
    );
  }

  /** Refuses, as the handler would, a step the rules do not allow; the generator has a bug then. */
  private refuse(what: FreezeDecision, over: Partial<CaseFacts> = {}) {
    const blocker = outcomeBlocker(what, {
      reason: this.plan.reason,
      risk: this.plan.risk,
      status: 'in_review',
      ownerId: this.maker,
      makerId: null,
      decision: null,
      balanceMinor: this.balance,
      hasVerifiedCard: this.s.card !== null,
      checks: this.checks,
      otherLiveReasons: [],
      ...over,
    });
    if (blocker) throw new Error(`seed: ${this.s.caseNo} cannot ${what} (${blocker})`);
  }

  /** Identity checks, each ticked a few minutes apart; the first one claims the case. */
  checkIdentity(checks: IdentityCheck[]): void {
    const { st, id, maker, plan } = this;
    let at = plan.checksAt!;
    if (checks.length === 0) {
      st.claim.run(maker, id);
      this.audit(at, maker, 'agent', {
        action: 'freeze.claimed',
        before: { ownerId: null, status: this.status },
        after: { ownerId: maker, status: 'in_review' },
      });
    }
    for (const kind of checks) {
      st.check.run(id, kind, maker, iso(at));
      st.claim.run(maker, id);
      this.audit(at, maker, 'agent', { action: 'freeze.identityCheck', after: { kind, passed: true } });
      // A payout decision comes after every check it needs.
      const room = plan.payoutAt === null ? Infinity : Math.floor((plan.payoutAt - plan.checksAt!) / checks.length);
      at += Math.min(this.world.rng.int(1, 5) * 60_000, room);
    }
    this.checks = checks;
    this.status = 'in_review';
  }

  /**
   * The payout is a decision like the others (frozen:payout), carried out at its approval by
   * a different supervisor (frozen:approve): migration 0120 lets money leave a frozen account
   * only for a payout decision with a maker and a different checker, to the whole balance.
   */
  payOut(decidedAt: number, approvedAt: number, payout: Payout): void {
    const { st, id, maker, s } = this;
    const balance = this.balance;
    this.refuse('payout');
    st.decide.run({
      id,
      status: 'awaiting_second_approval',
      decision: 'payout',
      reason: REASON_CODES.payout,
      maker,
      decidedAt: null,
      reviewAt: null,
      owner: maker,
    });
    st.note.run(id, maker, NOTES.payout, iso(decidedAt));
    this.audit(decidedAt, maker, 'agent', {
      action: 'freeze.decided',
      before: { status: this.status, accountStatus: 'frozen' },
      after: {
        decision: 'payout',
        reasonCode: REASON_CODES.payout,
        status: 'awaiting_second_approval',
        accountStatus: 'frozen',
      },
      note: NOTES.payout,
    });
    const checker = this.world.roster.supervisorAt(this.world.rng, approvedAt, maker);
    this.refuse('payout', { status: 'awaiting_second_approval', makerId: maker, decision: 'payout' });
    st.checker.run(checker, id);
    const txn = payout(approvedAt, balance);
    st.balance.run(s.accountId);
    st.paidOut.run(iso(approvedAt), id);
    st.note.run(id, checker, NOTES.approve, iso(approvedAt));
    this.audit(approvedAt, checker, 'supervisor', {
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
    this.balance = 0;
  }

  /** The decision, judged by the rules the handler applies, then its second approval where one is due. */
  decide(decision: FreezeDecision, at: number): void {
    const { st, id, maker, plan, s } = this;
    this.refuse(decision, { balanceMinor: this.balance });
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
      decidedAt: settles ? iso(at) : null,
      reviewAt: plan.reviewAt === null ? null : iso(plan.reviewAt),
      owner: next === 'escalated' || next === 'kept_frozen' ? null : maker,
    });
    if (accountAfter === 'active') st.account.run('active', s.accountId);
    st.note.run(id, maker, NOTES[decision], iso(at));
    this.audit(at, maker, 'agent', {
      action: 'freeze.decided',
      before: { status: this.status, accountStatus: 'frozen' },
      after: {
        decision,
        reasonCode: REASON_CODES[decision],
        status: next,
        accountStatus: accountAfter,
        ...(plan.reviewAt === null ? {} : { reviewAt: iso(plan.reviewAt) }),
      },
      note: NOTES[decision],
    });
    if (second && plan.approveAt !== null) this.approve(decision, plan.approveAt);
  }

  /** The second pair of eyes: a supervisor on shift who is not the maker. */
  private approve(decision: FreezeDecision, at: number): void {
    const { st, id, maker, s } = this;
    const checker = this.world.roster.supervisorAt(this.world.rng, at, maker);
    const final = decision === 'unfreeze' ? 'unfrozen' : 'closed';
    const account = decision === 'unfreeze' ? 'active' : 'closed';
    st.approve.run(final, checker, iso(at), id);
    st.account.run(account, s.accountId);
    st.note.run(id, checker, NOTES.approve, iso(at));
    this.audit(at, checker, 'supervisor', {
      action: 'freeze.approved',
      before: { status: 'awaiting_second_approval', accountStatus: 'frozen', makerId: maker },
      after: { decision, status: final, accountStatus: account, checkerId: checker },
      note: NOTES.approve,
    });
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
