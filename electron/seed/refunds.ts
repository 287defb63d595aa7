import type { Role } from '../../shared/domain/roles';
import type Database from 'better-sqlite3';
import type { RefundReason, RefundStatus, RefundType } from '../../shared/domain/catalog';
import {
  approvalStep,
  canMove,
  DEFAULT_REFUND_WINDOW_DAYS,
  demoPayoutOutcome,
  isOutsideWindow,
  REFUND_SLA_HOURS,
  REJECT_REASONS,
  type RejectReason,
} from '../../shared/domain/refunds';
import type { SeedActor, SeedContext } from './journal';
import { DEMO_LIMITS } from './operators';
import type { Random } from './random';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SLA = REFUND_SLA_HOURS * HOUR;
/** Decisions within the SLA; the rest up to three times it. */
const ON_TIME = 0.85;
/** Share of the open queue past its SLA at the anchor (see OVERDUE_SHARE for freeze cases). */
const OVERDUE_SHARE = 0.15;
/** A request left waiting, forgotten, is at most this many SLAs old (a week): enough of them to keep that share. */
const FORGOTTEN_SLAS = 3.5;

const LIMIT = Object.fromEntries(DEMO_LIMITS.map((l) => [l.role, l.maxMinor])) as Record<string, number>;
const HIGHEST = Math.max(...DEMO_LIMITS.map((l) => l.maxMinor));

export interface RefundAsk {
  transactionId: number;
  paymentMethod: string;
  settledAt: number;
  amount: number;
  type: RefundType;
  reason: RefundReason;
  requestedAt: number;
  /** Payouts wait while the account is frozen: [from, to), to = Infinity while it still is. */
  frozen: { from: number; to: number } | null;
  /** Fixes when the approvals come (and that an agent gives the first), instead of drawing them. */
  schedule?: { firstAt: number; secondAt: number; byAgent: true };
}

export interface RefundOutcome {
  status: RefundStatus;
  /** When its amount stopped being held (rejected or cancelled); Infinity while held or once paid. */
  releasedAt: number;
  paidAt: number | null;
}

/**
 * Takes a refund request through its life as the handlers would, up to the anchor: inserted
 * pending (the triggers hold its amount), then each step an UPDATE the state-machine and
 * four-eyes triggers judge, decided by `approvalStep` under the demo limits, paid out
 * through the demo channel's answer (`demoPayoutOutcome`), each step with its audit event.
 */
export class RefundWriter {
  private readonly st;
  private n = 0;
  /** Requests open at the anchor, within their SLA and past it. */
  private readonly open = { within: 0, overdue: 0 };

  constructor(private readonly world: SeedContext) {
    const { sqlite } = world;
    this.st = {
      insert: sqlite.prepare(
        `INSERT INTO refund_requests (refund_no, transaction_id, type, amount_minor, currency, reason, note, status, requested_at)
         VALUES (?, ?, ?, ?, 'CNY', ?, ?, 'pending', ?) RETURNING id`,
      ),
      claim: sqlite.prepare('UPDATE refund_requests SET assignee_id = ?, version = version + 1 WHERE id = ?'),
      first: sqlite.prepare(
        'UPDATE refund_requests SET status = ?, first_approver_id = ?, decided_at = ?, version = version + 1 WHERE id = ?',
      ),
      second: sqlite.prepare(
        "UPDATE refund_requests SET status = 'approved', second_approver_id = ?, decided_at = ?, version = version + 1 WHERE id = ?",
      ),
      reject: sqlite.prepare(
        `UPDATE refund_requests SET status = 'rejected', reject_reason = ?, reject_note = ?, decided_at = ?, version = version + 1
         WHERE id = ?`,
      ),
      cancel: sqlite.prepare(
        "UPDATE refund_requests SET status = 'cancelled', decided_at = ?, version = version + 1 WHERE id = ?",
      ),
      payout: sqlite.prepare(
        `UPDATE refund_requests SET status = ?, payout_attempts = ?, failure_reason = ?, payout_reference = ?,
           paid_at = ?, version = version + 1 WHERE id = ?`,
      ),
    };
  }

  get written(): number {
    return this.n;
  }

  /**
   * Keeps the open queue's overdue share at OVERDUE_SHARE, at any anchor: a request within
   * its SLA may stay open; one past it stays open (or is left waiting, forgotten, if it is
   * less than FORGOTTEN_SLAS old) exactly while the overdue are short of that share of the
   * queue. The rest were decided in time, as a team that keeps up would.
   */
  private openAtAnchor(requestedAt: number, drawnOpen: boolean): boolean {
    const age = this.world.anchor - requestedAt;
    if (age <= SLA) {
      if (drawnOpen) this.open.within++;
      return drawnOpen;
    }
    const short = this.open.overdue < Math.ceil((this.open.within * OVERDUE_SHARE) / (1 - OVERDUE_SHARE));
    if (!short || (!drawnOpen && age > FORGOTTEN_SLAS * SLA)) return false;
    this.open.overdue++;
    return true;
  }

  /** When the next step comes: as scheduled, or drawn and then placed by openAtAnchor. */
  private nextStep(requestedAt: number, after: number, drawn: number, scheduled: number | undefined): number {
    if (scheduled !== undefined) {
      if (scheduled >= this.world.anchor) this.openAtAnchor(requestedAt, true);
      return scheduled;
    }
    const open = this.openAtAnchor(requestedAt, drawn >= this.world.anchor);
    if (open) return Math.max(drawn, this.world.anchor);
    return drawn < this.world.anchor
      ? drawn
      : Math.floor(after + (this.world.anchor - after) * (0.1 + 0.85 * this.world.rng.next()));
  }

  write(r: RefundAsk): RefundOutcome {
    const { rng, anchor } = this.world;
    const { st } = this;
    const refundNo = `RF${String(++this.n).padStart(8, '0')}`;
    const note = r.reason === 'other' ? '客户称商品与描述不符 / item not as described' : null;
    const id = (
      st.insert.get(refundNo, r.transactionId, r.type, r.amount, r.reason, note, iso(r.requestedAt)) as { id: number }
    ).id;
    let status: RefundStatus = 'pending';
    let version = 0;
    const event = (
      who: SeedActor,
      action: string,
      after: Record<string, unknown>,
      extra: { note?: string | null } = {},
    ) => {
      this.world.journal.add(who, {
        action,
        entityType: 'refund_request',
        entityId: id,
        before: { status, version },
        after: { ...after, version: ++version },
        ...extra,
      });
    };
    // The customer (or the merchant) asked from outside the console.
    this.world.journal.add(
      { at: r.requestedAt, operatorId: null, role: null },
      {
        action: 'refund.requested',
        entityType: 'refund_request',
        entityId: id,
        after: {
          transactionId: r.transactionId,
          amountMinor: r.amount,
          currency: 'CNY',
          reason: r.reason,
          duplicateOf: null,
        },
        note,
      },
    );
    const held = (s: RefundStatus, releasedAt = Infinity, paidAt: number | null = null) => ({
      status: s,
      releasedAt,
      paidAt,
    });

    const firstAt = this.nextStep(r.requestedAt, r.requestedAt, r.requestedAt + delay(rng), r.schedule?.firstAt);
    if (firstAt >= anchor) {
      // Still in the queue: some are claimed by an agent already.
      const claimAt = r.requestedAt + Math.floor((anchor - r.requestedAt) * rng.next());
      if (rng.chance(0.4)) {
        const agent = this.world.roster.agentAt(rng, claimAt);
        st.claim.run(agent, id);
        event(actor(claimAt, agent, 'agent'), 'refund.claimed', { status, assigneeId: agent });
      }
      return held('pending');
    }

    const turn = r.schedule ? 1 : rng.next();
    if (turn < 0.04) {
      // Withdrawn by the customer, recorded by the agent on the call.
      const agent = this.world.roster.agentAt(rng, firstAt);
      move(status, 'cancelled');
      st.cancel.run(iso(firstAt), id);
      event(actor(firstAt, agent, 'agent'), 'refund.cancelled', { status: 'cancelled' });
      return held('cancelled', firstAt);
    }
    if (turn < 0.16) return this.rejectAt(id, firstAt, 'agent', event, () => (status = 'rejected'));

    // The first approver: agents take most of what their limit covers; supervisors take the
    // rest, and everything outside the refund window (only they may approve it).
    const outside = isOutsideWindow(iso(r.settledAt), new Date(firstAt), DEFAULT_REFUND_WINDOW_DAYS);
    const bySupervisor = !r.schedule && (outside || rng.chance(r.amount <= LIMIT.agent ? 0.2 : 0.5));
    const role = bySupervisor ? 'supervisor' : 'agent';
    const first = bySupervisor ? this.world.roster.supervisorAt(rng, firstAt) : this.world.roster.agentAt(rng, firstAt);
    const step = approvalStep({
      status,
      amountMinor: r.amount,
      approverId: first,
      approverLimit: LIMIT[role],
      highestLimit: HIGHEST,
      requestedBy: null,
      firstApproverId: null,
    });
    if (step.kind === 'refuse') throw new Error(`seed: ${refundNo} refused at its first approval (${step.code})`);
    const next: RefundStatus = step.kind === 'escalate' ? 'awaiting_second_approval' : 'approved';
    move(status, next);
    st.first.run(next, first, next === 'approved' ? iso(firstAt) : null, id);
    event(actor(firstAt, first, role), step.kind === 'escalate' ? 'refund.escalated' : 'refund.approved', {
      status: next,
      amountMinor: r.amount,
    });
    status = next;
    let approvedAt = firstAt;

    if (status === 'awaiting_second_approval') {
      const secondAt = this.nextStep(
        r.requestedAt,
        firstAt,
        firstAt + Math.floor(delay(rng) / 2),
        r.schedule?.secondAt,
      );
      if (secondAt >= anchor) return held(status);
      if (!r.schedule && rng.chance(0.1))
        return this.rejectAt(id, secondAt, 'supervisor', event, () => (status = 'rejected'));
      const second = this.world.roster.supervisorAt(rng, secondAt, first);
      const check = approvalStep({
        status,
        amountMinor: r.amount,
        approverId: second,
        approverLimit: LIMIT.supervisor,
        highestLimit: HIGHEST,
        requestedBy: null,
        firstApproverId: first,
      });
      if (check.kind !== 'approve') throw new Error(`seed: ${refundNo} refused at its second approval`);
      move(status, 'approved');
      st.second.run(second, iso(secondAt), id);
      event(actor(secondAt, second, 'supervisor'), 'refund.approved', { status: 'approved', amountMinor: r.amount });
      status = 'approved';
      approvedAt = secondAt;
    }

    // Payouts: within hours, never while the account is frozen (they wait for the unfreeze).
    let attemptAt = approvedAt + rng.int(10, 360) * 60_000;
    for (let attempt = 1; attempt <= 2; attempt++) {
      if (r.frozen && attemptAt >= r.frozen.from && attemptAt < r.frozen.to)
        attemptAt = r.frozen.to + rng.int(10, 120) * 60_000;
      if (attemptAt >= anchor) return held(status);
      const failure = demoPayoutOutcome({ transactionId: r.transactionId, paymentMethod: r.paymentMethod, attempt });
      const to: RefundStatus = failure ? 'failed' : 'paid';
      move(status, to);
      const reference = `${refundNo}-P${attempt}`;
      st.payout.run(to, attempt, failure, reference, failure ? null : iso(attemptAt), id);
      const agent = this.world.roster.agentAt(rng, attemptAt);
      event(actor(attemptAt, agent, 'agent'), failure ? 'refund.payoutFailed' : 'refund.paid', {
        status: to,
        attempt,
        reference,
        amountMinor: r.amount,
        ...(failure ? { failureReason: failure } : {}),
      });
      status = to;
      if (!failure) return held('paid', Infinity, attemptAt);
      attemptAt += rng.int(1, 24) * HOUR; // retried later the same day or the next
    }
    return held(status);
  }

  private rejectAt(
    id: number,
    at: number,
    role: 'agent' | 'supervisor',
    event: (who: SeedActor, action: string, after: Record<string, unknown>, extra?: { note?: string | null }) => void,
    done: () => void,
  ): RefundOutcome {
    const who =
      role === 'agent'
        ? this.world.roster.agentAt(this.world.rng, at)
        : this.world.roster.supervisorAt(this.world.rng, at);
    const reason: RejectReason = this.world.rng.pick(REJECT_REASONS);
    const note = reason === 'other' ? '商家已线下处理 / settled with the merchant directly' : null;
    this.st.reject.run(reason, note, iso(at), id);
    event(actor(at, who, role), 'refund.rejected', { status: 'rejected', rejectReason: reason }, { note });
    done();
    return { status: 'rejected', releasedAt: at, paidAt: null };
  }
}

/** How long a step waits for someone to take it. */
function delay(rng: Random): number {
  return Math.floor(SLA * (rng.chance(ON_TIME) ? 0.1 + 0.9 * rng.next() : 1 + 2 * rng.next()));
}

function move(from: RefundStatus, to: RefundStatus) {
  if (!canMove(from, to)) throw new Error(`seed: a refund cannot go from ${from} to ${to}`);
}

const actor = (at: number, operatorId: number, role: Role): SeedActor => ({ at, operatorId, role });
const iso = (ms: number) => new Date(ms).toISOString();

export interface LargePayment {
  id: number;
  accountId: number;
  amount: number;
  at: number;
  method: string;
}

/**
 * Big-ticket card payments (flights, electronics): the everyday demo payments are small,
 * and a refund queue needs some above an agent's limit (¥500) and a few above a
 * supervisor's (¥20,000). Paid by bank card, so no wallet balance changes; only on accounts
 * not frozen at the time, of customers registered by then. Its own PRNG stream.
 */
export function seedLargePayments(
  sqlite: Database.Database,
  opts: { rng: Random; anchor: number; firstId: number; accounts: number; count: number },
): LargePayment[] {
  const { rng } = opts;
  const insert = sqlite.prepare(
    `INSERT INTO transactions (id, txn_no, account_id, operation, channel, amount_minor, fee_minor, currency, status, merchant,
       payment_method, created_at, settled_at)
     SELECT @id, @txnNo, a.id, 'payment', 'in_app', @amount, 0, 'CNY', 'settled', @merchant, @card, @at, @settled
     FROM accounts a JOIN customers c ON c.id = a.customer_id
     WHERE a.id = @account AND a.status = 'active' AND c.registered_at < @at
       AND NOT EXISTS (SELECT 1 FROM freeze_cases f WHERE f.account_id = a.id AND f.frozen_at <= @at
                        AND (f.status <> 'unfrozen' OR f.decided_at > @at))`,
  );
  const made: LargePayment[] = [];
  sqlite.transaction(() => {
    for (let i = 0; i < opts.count; i++) {
      const id = opts.firstId + made.length;
      const at = opts.anchor - rng.int(1, 60) * DAY - rng.int(0, DAY);
      // Mostly ¥1,000–¥9,000; one in ten ¥20,000–¥60,000.
      const amount = rng.chance(0.1) ? rng.int(200, 600) * 10_000 : rng.int(100, 900) * 1_000;
      const card = `bank_card:${rng.pick(['6222', '6217', '6228'])}****${rng.int(1000, 9999)}`;
      const account = rng.int(1, opts.accounts);
      const info = insert.run({
        id,
        txnNo: `T${String(id).padStart(11, '0')}`,
        amount,
        merchant: rng.pick(['携程旅行', '京东商城', '苏宁易购', '12306 铁路']),
        card,
        at: iso(at),
        settled: iso(at + 1_000),
        account,
      });
      if (info.changes) made.push({ id, accountId: account, amount, at, method: card });
    }
  })();
  return made;
}
