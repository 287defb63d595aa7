import type Database from 'better-sqlite3';
import type { FreezeReason, RefundReason } from '../../shared/domain/catalog';
import { FREEZE_RULES, refundMovement } from '../../shared/domain/freeze';
import type { ContactLink } from './contacts';
import { CaseWriter, payoutTxnNo } from './frozen';
import { CasePlanner, evidenceFor, transferBurst, type CasePlan } from './frozen-plan';
import type { SeedContext } from './journal';
import { GIVEN, PHONE_PREFIXES, SURNAMES } from './names';
import type { RefundOutcome, RefundWriter } from './refunds';
import { customerHistory, transactionWriter, type SeedTxn } from './transactions';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Share of the recent freeze cases still being worked at the anchor. */
const ACTIVE_CASE_SHARE = 0.6;

const REFUND_REASONS: [RefundReason, number][] = [
  ['requested_by_customer', 45],
  ['product_not_received', 25],
  ['duplicate', 15],
  ['fraudulent', 8],
  ['other', 7],
];

export interface CustomerPlan {
  customers: number;
  transactions: number;
  /** Chance that a customer's account is frozen at some point, by the scale's own size. */
  freezeChance: number;
  seed: number;
  pricing: Parameters<typeof customerHistory>[0];
}

/**
 * The customers, one at a time: the profile, the account's history, refund requests on its
 * payments, and a freeze case where one is planned. A freeze is planned before the history,
 * which keeps still while the account is frozen, so each account's rows agree with its case.
 */
export class CustomerSeeder {
  private txnId = 0;
  private caseCount = 0;
  /** Open freeze cases, for the hotline contacts that ask about them. */
  readonly caseLinks: ContactLink[] = [];
  private readonly planner: CasePlanner;
  private readonly insertCustomer: Database.Statement;
  private readonly insertAccount: Database.Statement;
  private readonly credit: Database.Statement;
  private readonly writeTxn: ReturnType<typeof transactionWriter>;

  constructor(
    private readonly world: SeedContext,
    private readonly plan: CustomerPlan,
    private readonly cases: CaseWriter,
    private readonly refunds: RefundWriter,
  ) {
    const { sqlite } = world;
    this.planner = new CasePlanner(world.rng, world.anchor);
    this.insertCustomer = sqlite.prepare(
      'INSERT INTO customers (id, name_zh, name_en, phone, id_tail, kyc_level, segment, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertAccount = sqlite.prepare(
      "INSERT INTO accounts (id, account_no, customer_id, currency, balance_minor, status) VALUES (?, ?, ?, 'CNY', ?, 'active')",
    );
    this.credit = sqlite.prepare(
      'UPDATE accounts SET balance_minor = balance_minor + ?, version = version + 1 WHERE id = ?',
    );
    this.writeTxn = transactionWriter(sqlite);
  }

  /** How many transactions were written; the next free transaction id is one more. */
  get transactions(): number {
    return this.txnId;
  }

  get freezeCases(): number {
    return this.caseCount;
  }

  /** Writes every customer in transactions of 2,000 customers, reporting progress after each. */
  writeAll(progress: (done: number, total: number) => void): void {
    const { sqlite } = this.world;
    const total = this.plan.customers;
    sqlite.exec('BEGIN');
    for (let c = 1; c <= total; c++) {
      this.write(c);
      if (c % 2_000 === 0) {
        this.writeTxn.flush();
        sqlite.exec('COMMIT');
        progress(c, total);
        sqlite.exec('BEGIN');
      }
    }
    this.writeTxn.flush();
    sqlite.exec('COMMIT');
    progress(total, total);
  }

  private nextId = () => ++this.txnId;

  private write(c: number): void {
    const { rng, anchor } = this.world;
    const { registered, segment } = this.profile(c);
    let plan: CasePlan | null = rng.chance(this.plan.freezeChance) ? this.planner.plan(ACTIVE_CASE_SHARE) : null;
    if (plan && plan.frozenAt - 4 * HOUR < registered) plan = null;
    const forced = plan?.reason === 'frequent_transfers' ? transferBurst(rng, plan.frozenAt) : [];
    const history = customerHistory(this.plan.pricing, {
      rng,
      anchor,
      registeredAt: registered,
      segment,
      count: this.historyLength(c),
      quiet: plan ? { from: Math.min(plan.frozenAt, ...forced.map((f) => f.at)), to: plan.frozenUntil } : null,
      forced,
      nextId: this.nextId,
    });
    this.insertAccount.run(c, `62${String(c).padStart(10, '0')}`, c, history.balance);
    // Written when something reads them: a refund, a freeze case, the commit.
    for (const t of history.txns) this.writeTxn.add(c, t);

    // Refund requests against this customer's settled payments (none on an account about to close).
    const closing = plan?.outcome === 'closed' || plan?.outcome === 'awaiting_close';
    let credited = 0;
    if (!closing) {
      const window = plan ? { from: plan.frozenAt, to: plan.frozenUntil, reason: plan.reason } : null;
      for (const t of history.txns) {
        if (t.operation !== 'payment' || t.status !== 'settled' || !rng.chance(0.12)) continue;
        this.writeTxn.flush();
        credited += this.requestRefunds(t, window);
      }
    }
    if (credited) this.credit.run(credited, c);
    if (plan) {
      this.writeTxn.flush();
      this.writeFreeze(c, plan, history.txns, history.balance + credited, closing);
    }
  }

  /** The customer's row: a name, a phone, an ID tail, a segment and when they registered. */
  private profile(c: number) {
    const { rng, anchor } = this.world;
    const [sZh, sEn] = rng.pick(SURNAMES);
    const [gZh, gEn] = rng.pick(GIVEN);
    const phone = `${rng.pick(PHONE_PREFIXES)}${String((c * 7_919 + this.plan.seed) % 100_000_000).padStart(8, '0')}`;
    const idTail = rng.chance(0.08) ? `${rng.int(100, 999)}X` : String(rng.int(1000, 9999));
    const segment = rng.weighted([
      ['standard', 85],
      ['premium', 12],
      ['merchant', 3],
    ] as const);
    const registered = anchor - rng.int(30, 1100) * DAY - rng.int(0, DAY);
    const kyc = rng.weighted([
      [1, 20],
      [2, 60],
      [3, 20],
    ] as const);
    this.insertCustomer.run(c, sZh + gZh, `${gEn} ${sEn}`, phone, idTail, kyc, segment, iso(registered));
    return { registered, segment };
  }

  /** This customer's share of the transactions; the last customer takes what is left. */
  private historyLength(c: number): number {
    const remaining = this.plan.transactions - this.txnId;
    if (c === this.plan.customers) return remaining;
    const avg = this.plan.transactions / this.plan.customers;
    return Math.min(remaining, this.world.rng.int(1, Math.max(1, Math.round(2 * avg - 1))));
  }

  /** The freeze case, with its evidence, and the payout of the balance where it closes. */
  private writeFreeze(c: number, planned: CasePlan, txns: SeedTxn[], balance: number, closing: boolean): void {
    const { rng, anchor } = this.world;
    const card =
      [...txns]
        .reverse()
        .find((t) => t.method.startsWith('bank_card:'))
        ?.method.slice(10) ?? null;
    // No verified card to pay the balance to: the account stays frozen instead of closing.
    const plan = closing && balance > 0 && !card ? keptFrozen(planned, anchor) : planned;
    const linked = txns.filter(
      (t) => t.operation === 'transfer' && t.at >= plan.frozenAt - HOUR && t.at < plan.frozenAt,
    );
    const caseNo = `FC${String(++this.caseCount).padStart(7, '0')}`;
    const subject = {
      caseNo,
      accountId: c,
      accountStatus: 'active' as const,
      balance,
      card,
      evidence: evidenceFor(plan.reason, rng, linked),
      linked: linked.map((t) => t.id),
    };
    const { id } = this.cases.write(plan, subject, (at, amount) => {
      const payout: SeedTxn = {
        id: this.nextId(),
        operation: 'withdrawal',
        channel: 'bank',
        amount,
        fee: 0, // a return of the customer's own funds, as frozen:payout makes it
        status: 'settled',
        at,
        merchant: null,
        method: 'balance',
        counterparty: `bank_card:${card}`,
        settledAt: at,
      };
      const txnNo = payoutTxnNo(caseNo, at);
      this.writeTxn.add(c, payout, txnNo);
      this.writeTxn.flush();
      return { txnNo };
    });
    if (plan.frozenUntil === Infinity && plan.outcome !== 'closed' && plan.outcome !== 'kept_frozen') {
      this.caseLinks.push({ caseNo: id, accountId: c, at: plan.frozenAt });
    }
  }

  /** One or two requests on a settled payment; returns what was paid back to the wallet balance. */
  private requestRefunds(t: SeedTxn, frozen: FreezeWindow | null): number {
    const { rng, anchor } = this.world;
    const made: (RefundOutcome & { amount: number })[] = [];
    let at = t.at;
    let credit = 0;
    for (let r = 0, requests = rng.chance(0.15) ? 2 : 1; r < requests; r++) {
      at += rng.int(1, 20) * HOUR * (rng.chance(0.5) ? 1 : 24);
      if (at >= anchor - 60_000 || refusedUnderFreeze(t.method, frozen, at)) break;
      // What is left to refund at that moment: paid and still-held requests count, released ones not.
      const room = t.amount - made.filter((m) => m.releasedAt > at).reduce((s, m) => s + m.amount, 0);
      if (room <= 0) break;
      const amount = rng.chance(0.6) ? room : Math.max(1, Math.floor((room * rng.int(10, 90)) / 100));
      const outcome = this.refunds.write({
        transactionId: t.id,
        paymentMethod: t.method,
        settledAt: t.at + 1_000,
        amount,
        type: rng.chance(0.35) ? 'merchant' : 'customer',
        reason: rng.weighted(REFUND_REASONS),
        requestedAt: at,
        frozen: frozen && { from: frozen.from, to: frozen.to },
      });
      made.push({ ...outcome, amount });
      if (outcome.paidAt !== null && t.method === 'balance') credit += amount;
    }
    return credit;
  }
}

/** When an account was frozen, [from, to) with to = Infinity while it still is, and why. */
export interface FreezeWindow {
  from: number;
  to: number;
  reason: FreezeReason;
}

/**
 * Whether the app would refuse a refund request at `at` on a payment made with `method`:
 * the freeze holding the account then blocks that refund (FREEZE_RULES; a judicial freeze
 * blocks a refund to the card that paid, and migration 0120's trigger refuses its insert).
 */
export function refusedUnderFreeze(method: string, frozen: FreezeWindow | null, at: number): boolean {
  if (!frozen || FREEZE_RULES[frozen.reason].effects[refundMovement(method)] !== 'blocked') return false;
  return frozen.to === Infinity || (at >= frozen.from && at < frozen.to);
}

/**
 * A closure that cannot happen (no verified card for the balance): a decided case is kept
 * frozen for review instead, one still being worked stays in review.
 */
function keptFrozen(plan: CasePlan, anchor: number): CasePlan {
  const decided = plan.outcome === 'closed';
  return {
    ...plan,
    outcome: decided ? 'kept_frozen' : 'in_review',
    payoutAt: null,
    approveAt: null,
    decideAt: decided ? plan.decideAt : null,
    reviewAt: decided ? anchor + 7 * DAY : null,
    frozenUntil: Infinity,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
