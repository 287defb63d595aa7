import type Database from 'better-sqlite3';
import type {
  AccountStatus,
  Channel,
  FreezeReason,
  Operation,
  RefundReason,
  RefundStatus,
  RiskLevel,
  Segment,
} from '../../shared/domain/catalog';
import { calculateFee, type FeeRuleDefinition } from '../../shared/domain/fees';
import { SLA_HOURS } from '../../shared/domain/freeze';
import { HOLDING_STATUSES } from '../../shared/domain/refunds';
import type { ContactLink } from './contacts';
import { MERCHANTS, PHONE_PREFIXES, GIVEN, SURNAMES } from './names';
import type { Random } from './random';

/*
 * The customers of the demo dataset: profile, account, transactions priced by the seeded
 * fee schedule, refund requests and freeze cases, written customer by customer.
 */

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const OPERATION_MIX: [Operation, Channel, number][] = [
  ['top_up', 'bank', 14],
  ['top_up', 'wallet', 5],
  ['top_up', 'branch', 1],
  ['payment', 'in_app', 40],
  ['payment', 'wallet', 8],
  ['withdrawal', 'bank', 8],
  ['transfer', 'in_app', 16],
  ['transfer', 'bank', 4],
  ['cross_border', 'bank', 2],
  ['fx_conversion', 'in_app', 2],
];

const FREEZE_REASONS: [FreezeReason, number][] = [
  ['frequent_transfers', 30],
  ['rule_violation', 15],
  ['inaccurate_info', 15],
  ['abnormal_login', 20],
  ['customer_request', 15],
  ['judicial', 5],
];

const REFUND_STATUS_MIX: [RefundStatus, number][] = [
  ['pending', 30],
  ['awaiting_second_approval', 5],
  ['approved', 8],
  ['paid', 40],
  ['failed', 4],
  ['rejected', 10],
  ['cancelled', 3],
];

const REFUND_REASONS: [RefundReason, number][] = [
  ['requested_by_customer', 45],
  ['product_not_received', 25],
  ['duplicate', 15],
  ['fraudulent', 8],
  ['other', 7],
];

/** Debits reduce the balance by amount + fee; a top-up adds amount − fee. */
const DEBITS = new Set<Operation>(['payment', 'withdrawal', 'transfer', 'cross_border', 'fx_conversion']);

interface PendingTxn {
  id: number;
  operation: Operation;
  channel: Channel;
  amount: number;
  fee: number;
  status: 'settled' | 'failed' | 'pending';
  at: number;
  merchant: string | null;
  method: string;
  refunded: number;
  pendingRefund: number;
  /** Set on the payout that empties an account before closure (no fee: it is a return of funds). */
  closurePayout?: boolean;
}

/** What every step of the generator reads: the seed's random stream, the clock, the schedule, the staff. */
export interface World {
  rng: Random;
  seed: number;
  anchor: number;
  size: { customers: number; transactions: number; contacts: number };
  rules: Map<string, FeeRuleDefinition>;
  monthOf: (iso: string) => string;
  agents: number[];
  supervisors: number[];
  /** Running numbers: the last transaction id, refund and case number written. */
  counters: { txnId: number; refunds: number; cases: number };
}

/**
 * Each customer in turn: profile, transactions, refund requests, maybe a freeze case,
 * then their rows, committed every 2,000 customers. Returns the open cases that
 * contacts should be linked to. The order of the random draws is the dataset: keep it.
 */
export function writeCustomers(
  sqlite: Database.Database,
  w: World,
  progress: (stage: string, done: number, total: number) => void,
): ContactLink[] {
  const insert = prepareInserts(sqlite);
  const caseLinks: ContactLink[] = [];
  const customers = w.size.customers;
  sqlite.exec('BEGIN');
  for (let c = 1; c <= customers; c++) {
    const segment = customerProfile(w, c, insert.customer);
    const { txns, balance: settled } = customerTransactions(w, c, segment);
    let balance = settled;
    const refunds = refundRequests(w, txns);
    balance += refunds.returnedToBalance;
    const freeze = maybeFreeze(w, c, txns);
    if (freeze.link) caseLinks.push(freeze.link);
    if (freeze.accountStatus === 'closed' && balance > 0) {
      // A closure pays the remaining balance out to a verified bank card first.
      txns.push(closurePayout(w, balance));
      balance = 0;
    }
    insert.account.run(c, `62${String(c).padStart(10, '0')}`, c, balance, freeze.accountStatus);
    for (const t of txns) insert.transaction(w, c, t);
    for (const r of refunds.rows) insert.refund.run(...r);
    for (const { row, txnIds } of freeze.cases) {
      const caseId = Number(insert.freezeCase.run(...row).lastInsertRowid);
      for (const tid of txnIds) insert.caseTransaction.run(caseId, tid);
    }
    if (c % 2_000 === 0) {
      sqlite.exec('COMMIT');
      progress('customers', c, customers);
      sqlite.exec('BEGIN');
    }
  }
  sqlite.exec('COMMIT');
  progress('customers', customers, customers);
  return caseLinks;
}

function prepareInserts(sqlite: Database.Database) {
  const txn = sqlite.prepare(
    `INSERT INTO transactions (id, txn_no, account_id, operation, channel, amount_minor, fee_minor, currency, status, merchant,
       payment_method, counterparty, created_at, settled_at, refunded_minor, pending_refund_minor)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'CNY', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    customer: sqlite.prepare(
      'INSERT INTO customers (id, name_zh, name_en, phone, id_tail, kyc_level, segment, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    account: sqlite.prepare(
      "INSERT INTO accounts (id, account_no, customer_id, currency, balance_minor, status) VALUES (?, ?, ?, 'CNY', ?, ?)",
    ),
    transaction(w: World, accountId: number, t: PendingTxn) {
      txn.run(
        t.id,
        `T${String(t.id).padStart(11, '0')}`,
        accountId,
        t.operation,
        t.channel,
        t.amount,
        t.fee,
        t.status,
        t.merchant,
        t.method,
        t.closurePayout
          ? 'CLOSURE_PAYOUT'
          : t.operation === 'transfer'
            ? `62${String(w.rng.int(1, 9_999_999_999)).padStart(10, '0')}`
            : null,
        iso(t.at),
        t.status === 'settled' ? iso(t.at + 1_000) : null,
        // Zero here: the refund_requests triggers (migration 0030) add each request's amount.
        0,
        0,
      );
    },
    refund: sqlite.prepare(
      `INSERT INTO refund_requests (refund_no, transaction_id, type, amount_minor, currency, reason, note, status, requested_at,
         assignee_id, first_approver_id, second_approver_id, decided_at, paid_at, payout_attempts, failure_reason)
       VALUES (?, ?, ?, ?, 'CNY', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    freezeCase: sqlite.prepare(
      `INSERT INTO freeze_cases (case_no, account_id, reason, risk, status, evidence_rule, evidence_json, frozen_at, sla_due_at,
         owner_id, review_at, decision, decision_reason, maker_id, checker_id, decided_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    caseTransaction: sqlite.prepare('INSERT INTO freeze_case_transactions (case_id, transaction_id) VALUES (?, ?)'),
  };
}

/** Writes the customer's profile and returns their segment (it decides their fees). */
function customerProfile(w: World, c: number, insert: Database.Statement): Segment {
  const { rng } = w;
  const [sZh, sEn] = rng.pick(SURNAMES);
  const [gZh, gEn] = rng.pick(GIVEN);
  const phone = `${rng.pick(PHONE_PREFIXES)}${String((c * 7_919 + w.seed) % 100_000_000).padStart(8, '0')}`;
  const idTail = rng.chance(0.08) ? `${rng.int(100, 999)}X` : String(rng.int(1000, 9999));
  const segment = rng.weighted([
    ['standard', 85],
    ['premium', 12],
    ['merchant', 3],
  ] as const);
  const registered = w.anchor - rng.int(30, 1100) * DAY - rng.int(0, DAY);
  insert.run(
    c,
    sZh + gZh,
    `${gEn} ${sEn}`,
    phone,
    idTail,
    rng.weighted([
      [1, 20],
      [2, 60],
      [3, 20],
    ] as const),
    segment,
    iso(registered),
  );
  return segment;
}

/**
 * The customer's transactions, in time order over the last 180 days, each priced by the
 * seeded schedule with its monthly usage. The first operation, and any that would
 * overdraw the balance, is a top-up.
 */
function customerTransactions(w: World, c: number, segment: Segment): { txns: PendingTxn[]; balance: number } {
  const { rng, anchor, counters } = w;
  const remaining = w.size.transactions - counters.txnId;
  const avgTx = w.size.transactions / w.size.customers;
  const count =
    c === w.size.customers ? remaining : Math.min(remaining, rng.int(1, Math.max(1, Math.round(2 * avgTx - 1))));
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(anchor - Math.floor(rng.next() * 180 * DAY));
  times.sort((a, b) => a - b);
  let balance = 0;
  const usage = new Map<string, { month: string; count: number; amountMinor: number }>();
  const txns: PendingTxn[] = [];
  for (let i = 0; i < times.length; i++) {
    const at = times[i];
    let [operation, channel] = i === 0 ? (['top_up', 'bank'] as const) : pickOperation(rng);
    let amount =
      operation === 'top_up' ? rng.amount(80_000, 0.8) : rng.amount(operation === 'payment' ? 6_000 : 30_000, 0.9);
    let paidByCard = operation === 'payment' && rng.chance(0.3);
    const month = w.monthOf(iso(at));
    const priced = (op: Operation, ch: Channel, amt: number) => {
      const key = `${op}|${ch}`;
      let used = usage.get(key);
      if (!used || used.month !== month) usage.set(key, (used = { month, count: 0, amountMinor: 0 }));
      const def = w.rules.get(`${key}|${segment}`);
      return { used, outcome: def ? calculateFee(def, amt, iso(at), used) : null };
    };
    let { used, outcome } = priced(operation, channel, amount);
    if (DEBITS.has(operation) && (paidByCard ? 0 : amount) + (outcome?.feeMinor ?? 0) > balance) {
      operation = 'top_up';
      channel = 'bank';
      paidByCard = false;
      amount = rng.amount(100_000, 0.6);
      ({ used, outcome } = priced(operation, channel, amount));
    }
    if (outcome?.kind === 'refused') continue; // below the rule's minimum: the app would refuse it too
    const fee = outcome?.feeMinor ?? 0;
    const status = at > anchor - 2 * 3_600_000 && rng.chance(0.3) ? 'pending' : rng.chance(0.02) ? 'failed' : 'settled';
    if (status === 'settled') {
      used.count++;
      used.amountMinor += amount;
      if (operation === 'top_up') balance += amount - fee;
      else balance -= (paidByCard ? 0 : amount) + fee;
    }
    counters.txnId++;
    txns.push({
      id: counters.txnId,
      operation,
      channel,
      amount,
      fee,
      status,
      at,
      merchant: operation === 'payment' ? rng.pick(MERCHANTS) : null,
      method: paidByCard
        ? `bank_card:${rng.pick(['6222', '6217', '6228', '6259'])}****${rng.int(1000, 9999)}`
        : 'balance',
      refunded: 0,
      pendingRefund: 0,
    });
  }
  return { txns, balance };
}

/**
 * Refund requests against the customer's settled payments, with the held and refunded
 * amounts kept on each transaction. A paid refund of a balance payment returns to the balance.
 */
function refundRequests(w: World, txns: PendingTxn[]): { rows: unknown[][]; returnedToBalance: number } {
  const { rng, anchor, agents, supervisors, counters } = w;
  const rows: unknown[][] = [];
  let returnedToBalance = 0;
  for (const t of txns) {
    if (t.operation !== 'payment' || t.status !== 'settled' || !rng.chance(0.12)) continue;
    const requests = rng.chance(0.15) ? 2 : 1;
    for (let r = 0; r < requests; r++) {
      const room = t.amount - t.refunded - t.pendingRefund;
      if (room <= 0) break;
      const amount = rng.chance(0.6) ? room : Math.max(1, Math.floor((room * rng.int(10, 90)) / 100));
      const requestedAt = Math.min(anchor - 60_000, t.at + rng.int(1, 20) * 3_600_000 * (rng.chance(0.5) ? 1 : 24));
      const status =
        requestedAt > anchor - 5 * DAY
          ? rng.weighted(REFUND_STATUS_MIX)
          : rng.weighted(REFUND_STATUS_MIX.filter(([s]) => s !== 'pending'));
      const reason = rng.weighted(REFUND_REASONS);
      const decided = status === 'pending' ? null : Math.min(anchor - 30_000, requestedAt + rng.int(1, 48) * 3_600_000);
      const first =
        status === 'pending'
          ? null
          : status === 'awaiting_second_approval' || amount > 50_000
            ? rng.pick(supervisors)
            : rng.pick(agents);
      const second =
        (status === 'approved' || status === 'paid') && amount > 2_000_000
          ? supervisors.find((s) => s !== first)!
          : null;
      if (status === 'paid') {
        t.refunded += amount;
        if (t.method === 'balance') returnedToBalance += amount;
      } else if ((HOLDING_STATUSES as readonly string[]).includes(status)) t.pendingRefund += amount;
      counters.refunds++;
      rows.push([
        `RF${String(counters.refunds).padStart(8, '0')}`,
        t.id,
        rng.chance(0.35) ? 'merchant' : 'customer',
        amount,
        reason,
        reason === 'other' ? '客户称商品与描述不符 / item not as described' : null,
        status,
        iso(requestedAt),
        status === 'pending' && rng.chance(0.4) ? rng.pick(agents) : null,
        first,
        second,
        decided === null ? null : iso(decided),
        status === 'paid' && decided !== null ? iso(decided + 3_600_000) : null,
        status === 'paid' || status === 'failed' ? 1 : 0,
        status === 'failed' ? 'CHANNEL_TIMEOUT' : null,
      ]);
    }
  }
  return { rows, returnedToBalance };
}

/** Some accounts are frozen, with the evidence that triggered the freeze; decided cases carry their decision. */
function maybeFreeze(w: World, c: number, txns: PendingTxn[]) {
  const { rng, anchor, agents, supervisors, counters } = w;
  const none = { accountStatus: 'active' as AccountStatus, cases: [] as { row: unknown[]; txnIds: number[] }[] };
  if (!rng.chance(Math.min(0.05, 1_500 / w.size.customers + 0.004))) return { ...none, link: null };
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
  const frozenAt = anchor - rng.int(1, 20 * 24) * 3_600_000;
  const open = frozenAt > anchor - 10 * DAY || rng.chance(0.3);
  const status = open
    ? rng.weighted([
        ['open', 6],
        ['in_review', 3],
        ['escalated', 1],
      ] as const)
    : rng.weighted([
        ['unfrozen', 6],
        ['kept_frozen', 2],
        ['closed', 1],
      ] as const);
  const transfers = txns.filter((t) => t.operation === 'transfer').slice(-23);
  const evidence = evidenceFor(reason, transfers.length, rng);
  const decidedAt = open ? null : frozenAt + rng.int(2, 72) * 3_600_000;
  const maker = open ? null : rng.pick(agents);
  const checker = status === 'closed' ? rng.pick(supervisors) : null;
  const accountStatus: AccountStatus = status === 'unfrozen' ? 'active' : status === 'closed' ? 'closed' : 'frozen';
  counters.cases++;
  const row = [
    `FC${String(counters.cases).padStart(7, '0')}`,
    c,
    reason,
    risk,
    status,
    evidence.rule,
    JSON.stringify(evidence.figures),
    iso(frozenAt),
    iso(frozenAt + SLA_HOURS[risk] * 3_600_000),
    open && rng.chance(0.5) ? rng.pick(agents) : null,
    status === 'kept_frozen' ? iso(anchor + rng.int(3, 30) * DAY) : null,
    open ? null : status === 'unfrozen' ? 'unfreeze' : status === 'closed' ? 'close' : 'keep_frozen',
    open ? null : 'identity_verified',
    maker,
    checker,
    decidedAt === null ? null : iso(decidedAt),
  ];
  return {
    accountStatus,
    cases: [{ row, txnIds: reason === 'frequent_transfers' ? transfers.map((t) => t.id) : [] }],
    link: open ? { caseNo: counters.cases, accountId: c, at: frozenAt } : null,
  };
}

/** The payout that empties an account before closure (no fee: it is a return of funds). */
function closurePayout(w: World, balance: number): PendingTxn {
  w.counters.txnId++;
  return {
    id: w.counters.txnId,
    operation: 'withdrawal',
    channel: 'bank',
    amount: balance,
    fee: 0,
    status: 'settled',
    at: w.anchor - 60_000,
    merchant: null,
    method: 'balance',
    refunded: 0,
    pendingRefund: 0,
    closurePayout: true,
  };
}

function pickOperation(rng: Random): readonly [Operation, Channel] {
  const total = OPERATION_MIX.reduce((s, [, , w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [op, ch, w] of OPERATION_MIX) if ((r -= w) < 0) return [op, ch];
  return ['payment', 'in_app'];
}

function evidenceFor(
  reason: FreezeReason,
  transfers: number,
  rng: Random,
): { rule: string; figures: Record<string, number | string> } {
  switch (reason) {
    case 'frequent_transfers': {
      const n = Math.max(transfers, rng.int(15, 30));
      return {
        rule: 'R-101 frequent transfers',
        figures: { transfers: n, newPayees: Math.max(1, n - rng.int(3, 8)), windowMinutes: 60 },
      };
    }
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
