import type Database from 'better-sqlite3';
import type {
  Channel,
  FreezeReason,
  Operation,
  RefundReason,
  RefundStatus,
  RiskLevel,
} from '../../shared/domain/catalog';
import { calculateFee } from '../../shared/domain/fees';
import { appendAuditSync } from '../db/audit';
import { hashPassword } from '../api/session/passwords';
import { generateContacts, type ContactLink } from './contacts';
import { FREEZE_CASE_TARGET, outcomeTheRulesAllow, topUpFreezeCases } from './frozen';
import { seedLargePayments } from './refunds';
import { businessMonth, seedFeeSchedule } from './fees';
import { MERCHANTS, PHONE_PREFIXES, GIVEN, SURNAMES } from './names';
import { Random } from './random';

export type Scale = 'demo' | 'large' | 'huge';

export const SCALES: Record<Scale, { customers: number; transactions: number; contacts: number }> = {
  demo: { customers: 3_000, transactions: 30_000, contacts: 40_000 },
  large: { customers: 100_000, transactions: 1_000_000, contacts: 1_000_000 },
  huge: { customers: 1_000_000, transactions: 10_000_000, contacts: 10_000_000 },
};

/** The demo operators. Their passwords are for the demo only and are shown on the sign-in page. */
export const DEMO_OPERATORS = [
  { username: 'agent', displayName: '陈晓 Chen Xiao', role: 'agent', password: 'agent123' },
  { username: 'agent2', displayName: '李娜 Li Na', role: 'agent', password: 'agent123' },
  { username: 'supervisor', displayName: '王芳 Wang Fang', role: 'supervisor', password: 'super123' },
  { username: 'supervisor2', displayName: '赵磊 Zhao Lei', role: 'supervisor', password: 'super123' },
  { username: 'admin', displayName: '周敏 Zhou Min', role: 'admin', password: 'admin123' },
] as const;

export const DEMO_LIMITS = [
  { role: 'agent', maxMinor: 50_000 },
  { role: 'supervisor', maxMinor: 2_000_000 },
  { role: 'admin', maxMinor: 0 },
] as const;

export interface GenerateOptions {
  scale: Scale;
  seed: number;
  /** The generated history ends here; defaults to now, rounded down to 15 minutes. */
  anchor?: Date;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface GenerateSummary {
  customers: number;
  transactions: number;
  freezeCases: number;
  refunds: number;
  contacts: number;
  millis: number;
}

const DAY = 86_400_000;
const BATCH = 20_000;

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

/**
 * Writes a complete, consistent demo dataset into a freshly migrated database.
 * Deterministic: the same seed and anchor give the same rows. Rows stream out in
 * batched transactions; rollups are filled as contacts are written.
 */
export async function generateDataset(sqlite: Database.Database, opts: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const size = SCALES[opts.scale];
  const rng = new Random(opts.seed);
  const anchor = opts.anchor ? opts.anchor.getTime() : Math.floor(Date.now() / (15 * 60_000)) * 15 * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const progress = opts.onProgress ?? (() => {});

  // Rows arrive in customer order, so the time and amount indexes take random inserts:
  // a large page cache keeps those B-trees in memory while generating.
  const previousCache = sqlite.pragma('cache_size', { simple: true });
  sqlite.pragma('cache_size = -524288');
  const operatorIds = await seedOperators(sqlite, anchor);
  const rules = seedFeeSchedule(sqlite, anchor, operatorIds);
  const monthOf = businessMonth(sqlite);
  const agents = operatorIds.filter((o) => o.role === 'agent').map((o) => o.id);
  const supervisors = operatorIds.filter((o) => o.role === 'supervisor').map((o) => o.id);

  const insertCustomer = sqlite.prepare(
    'INSERT INTO customers (id, name_zh, name_en, phone, id_tail, kyc_level, segment, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertAccount = sqlite.prepare(
    "INSERT INTO accounts (id, account_no, customer_id, currency, balance_minor, status) VALUES (?, ?, ?, 'CNY', ?, ?)",
  );
  const insertTxn = sqlite.prepare(
    `INSERT INTO transactions (id, txn_no, account_id, operation, channel, amount_minor, fee_minor, currency, status, merchant,
       payment_method, counterparty, created_at, settled_at, refunded_minor, pending_refund_minor)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'CNY', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertRefund = sqlite.prepare(
    `INSERT INTO refund_requests (refund_no, transaction_id, type, amount_minor, currency, reason, note, status, requested_at,
       assignee_id, first_approver_id, second_approver_id, decided_at, paid_at, payout_attempts, failure_reason)
     VALUES (?, ?, ?, ?, 'CNY', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCase = sqlite.prepare(
    `INSERT INTO freeze_cases (case_no, account_id, reason, risk, status, evidence_rule, evidence_json, frozen_at, sla_due_at,
       owner_id, review_at, decision, decision_reason, maker_id, checker_id, decided_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const linkCaseTxn = sqlite.prepare('INSERT INTO freeze_case_transactions (case_id, transaction_id) VALUES (?, ?)');

  const avgTx = size.transactions / size.customers;
  let txnId = 0;
  let refunds = 0;
  let cases = 0;
  const caseLinks: ContactLink[] = [];
  const begin = () => sqlite.exec('BEGIN');
  const commit = () => sqlite.exec('COMMIT');
  begin();
  for (let c = 1; c <= size.customers; c++) {
    const [sZh, sEn] = rng.pick(SURNAMES);
    const [gZh, gEn] = rng.pick(GIVEN);
    const phone = `${rng.pick(PHONE_PREFIXES)}${String((c * 7_919 + opts.seed) % 100_000_000).padStart(8, '0')}`;
    const idTail = rng.chance(0.08) ? `${rng.int(100, 999)}X` : String(rng.int(1000, 9999));
    const segment = rng.weighted([
      ['standard', 85],
      ['premium', 12],
      ['merchant', 3],
    ] as const);
    const registered = anchor - rng.int(30, 1100) * DAY - rng.int(0, DAY);
    insertCustomer.run(
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

    // This customer's transactions, in time order, over the last 180 days.
    const remaining = size.transactions - txnId;
    const count =
      c === size.customers ? remaining : Math.min(remaining, rng.int(1, Math.max(1, Math.round(2 * avgTx - 1))));
    const times: number[] = [];
    for (let i = 0; i < count; i++) times.push(anchor - Math.floor(rng.next() * 180 * DAY));
    times.sort((a, b) => a - b);
    let balance = 0;
    const usage = new Map<string, { month: string; count: number; amountMinor: number }>();
    const txns: PendingTxn[] = [];
    for (let i = 0; i < times.length; i++) {
      const at = times[i];
      // The first operation, and any that would overdraw, is a top-up.
      let [operation, channel] = i === 0 ? (['top_up', 'bank'] as const) : pickOperation(rng);
      let amount =
        operation === 'top_up' ? rng.amount(80_000, 0.8) : rng.amount(operation === 'payment' ? 6_000 : 30_000, 0.9);
      let paidByCard = operation === 'payment' && rng.chance(0.3);
      const month = monthOf(iso(at));
      const priced = (op: Operation, ch: Channel, amt: number) => {
        const key = `${op}|${ch}`;
        let used = usage.get(key);
        if (!used || used.month !== month) usage.set(key, (used = { month, count: 0, amountMinor: 0 }));
        const def = rules.get(`${key}|${segment}`);
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
      const status =
        at > anchor - 2 * 3_600_000 && rng.chance(0.3) ? 'pending' : rng.chance(0.02) ? 'failed' : 'settled';
      if (status === 'settled') {
        used.count++;
        used.amountMinor += amount;
        if (operation === 'top_up') balance += amount - fee;
        else balance -= (paidByCard ? 0 : amount) + fee;
      }
      txnId++;
      txns.push({
        id: txnId,
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

    // Refund requests against this customer's settled payments.
    const refundRows: unknown[][] = [];
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
        const decided =
          status === 'pending' ? null : Math.min(anchor - 30_000, requestedAt + rng.int(1, 48) * 3_600_000);
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
          if (t.method === 'balance') balance += amount;
        } else if (['pending', 'awaiting_second_approval', 'approved', 'failed'].includes(status))
          t.pendingRefund += amount;
        refunds++;
        refundRows.push([
          `RF${String(refunds).padStart(8, '0')}`,
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

    // Some accounts are frozen, with the evidence that triggered the freeze.
    let accountStatus = 'active';
    const caseRows: { row: unknown[]; txnIds: number[] }[] = [];
    if (rng.chance(Math.min(0.05, 1_500 / size.customers + 0.004))) {
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
      const status = outcomeTheRulesAllow(
        reason,
        open
          ? rng.weighted([
              ['open', 6],
              ['in_review', 3],
              ['escalated', 1],
            ] as const)
          : rng.weighted([
              ['unfrozen', 6],
              ['kept_frozen', 2],
              ['closed', 1],
            ] as const),
        balance,
      );
      const transfers = txns.filter((t) => t.operation === 'transfer').slice(-23);
      const evidence = evidenceFor(reason, transfers.length, rng);
      const decidedAt = open ? null : frozenAt + rng.int(2, 72) * 3_600_000;
      const maker = open ? null : rng.pick(agents);
      const checker = status === 'closed' ? rng.pick(supervisors) : null;
      if (status !== 'unfrozen') accountStatus = status === 'closed' ? 'closed' : 'frozen';
      cases++;
      caseRows.push({
        row: [
          `FC${String(cases).padStart(7, '0')}`,
          c,
          reason,
          risk,
          status,
          evidence.rule,
          JSON.stringify(evidence.figures),
          iso(frozenAt),
          iso(frozenAt + (risk === 'high' ? 4 : risk === 'medium' ? 24 : 72) * 3_600_000),
          open && rng.chance(0.5) ? rng.pick(agents) : null,
          status === 'kept_frozen' ? iso(anchor + rng.int(3, 30) * DAY) : null,
          open ? null : status === 'unfrozen' ? 'unfreeze' : status === 'closed' ? 'close' : 'keep_frozen',
          open ? null : 'identity_verified',
          maker,
          checker,
          decidedAt === null ? null : iso(decidedAt),
        ],
        txnIds: reason === 'frequent_transfers' ? transfers.map((t) => t.id) : [],
      });
      if (open) caseLinks.push({ caseNo: cases, accountId: c, at: frozenAt });
    }
    if (accountStatus === 'closed' && balance > 0) {
      // A closure pays the remaining balance out to a verified bank card first.
      txnId++;
      const at = anchor - 60_000;
      txns.push({
        id: txnId,
        operation: 'withdrawal',
        channel: 'bank',
        amount: balance,
        fee: 0,
        status: 'settled',
        at,
        merchant: null,
        method: 'balance',
        refunded: 0,
        pendingRefund: 0,
        closurePayout: true,
      });
      balance = 0;
    }

    insertAccount.run(c, `62${String(c).padStart(10, '0')}`, c, balance, accountStatus);
    for (const t of txns) {
      insertTxn.run(
        t.id,
        `T${String(t.id).padStart(11, '0')}`,
        c,
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
            ? `62${String(rng.int(1, 9_999_999_999)).padStart(10, '0')}`
            : null,
        iso(t.at),
        t.status === 'settled' ? iso(t.at + 1_000) : null,
        // Zero here: the refund_requests triggers (migration 0030) add each request's amount.
        0,
        0,
      );
    }
    for (const r of refundRows) insertRefund.run(...r);
    for (const { row, txnIds } of caseRows) {
      const caseId = Number(insertCase.run(...row).lastInsertRowid);
      for (const tid of txnIds) linkCaseTxn.run(caseId, tid);
    }
    if (c % 2_000 === 0) {
      commit();
      progress('customers', c, size.customers);
      begin();
    }
  }
  commit();
  progress('customers', size.customers, size.customers);
  cases += topUpFreezeCases(sqlite, FREEZE_CASE_TARGET[opts.scale], opts.seed, anchor);

  const contacts = generateContacts(sqlite, {
    rng,
    total: size.contacts,
    anchor,
    seed: opts.seed,
    accounts: size.customers,
    agents,
    caseLinks,
    batch: BATCH,
    onProgress: (done, total) => progress('contacts', done, total),
  });

  txnId += seedLargePayments(sqlite, {
    seed: opts.seed,
    anchor,
    firstId: txnId + 1,
    accounts: size.customers,
    count: 60,
  });

  sqlite.transaction(() => {
    sqlite.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('demo', 'true')").run();
    appendAuditSync(sqlite, {
      at: iso(anchor),
      operatorId: null,
      operatorRole: null,
      action: 'demo.seeded',
      entityType: 'database',
      entityId: null,
      after: { scale: opts.scale, seed: opts.seed, customers: size.customers, transactions: txnId, contacts },
      host: 'system',
    });
  })();

  sqlite.pragma(`cache_size = ${previousCache}`);
  return {
    customers: size.customers,
    transactions: txnId,
    freezeCases: cases,
    refunds,
    contacts,
    millis: Math.round(performance.now() - started),
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

async function seedOperators(sqlite: Database.Database, anchor: number) {
  const insert = sqlite.prepare(
    'INSERT INTO operators (username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
  );
  const hashes = await Promise.all(DEMO_OPERATORS.map((o) => hashPassword(o.password)));
  return sqlite.transaction(() => {
    const ids = DEMO_OPERATORS.map((o, i) => ({
      id: (
        insert.get(o.username, o.displayName, o.role, hashes[i], new Date(anchor - 400 * DAY).toISOString()) as {
          id: number;
        }
      ).id,
      role: o.role as string,
    }));
    const limit = sqlite.prepare(
      "INSERT INTO approval_limits (role, kind, currency, max_minor) VALUES (?, 'refund', 'CNY', ?)",
    );
    for (const l of DEMO_LIMITS) limit.run(l.role, l.maxMinor);
    return ids;
  })();
}
