import type Database from 'better-sqlite3';
import type { Channel, Operation, Segment } from '../../shared/domain/catalog';
import { calculateFee, type FeeRuleDefinition } from '../../shared/domain/fees';
import { MultiRowInsert } from './multi-row';
import { MERCHANTS } from './names';
import type { Random } from './random';

const DAY = 86_400_000;
/** The history each customer's transactions cover. */
export const HISTORY_DAYS = 180;

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

/** Debits reduce the balance by amount + fee; a top-up adds amount − fee. */
const DEBITS = new Set<Operation>(['payment', 'withdrawal', 'transfer', 'cross_border', 'fx_conversion']);

export interface SeedTxn {
  id: number;
  operation: Operation;
  channel: Channel;
  amount: number;
  fee: number;
  status: 'settled' | 'failed' | 'pending';
  at: number;
  merchant: string | null;
  method: string;
  counterparty: string | null;
  /** When it settled; a second after it was made unless said. */
  settledAt?: number;
}

/** A movement the history must contain at a given time (the transfers that trip a freeze rule, and the top-up before them). */
export interface ForcedTxn {
  at: number;
  operation: Operation;
  channel: Channel;
  amount: number;
  counterparty: string | null;
}

export interface HistoryInput {
  rng: Random;
  anchor: number;
  registeredAt: number;
  segment: Segment;
  count: number;
  /** While the account is frozen the customer moves no money: no transaction falls in [from, to). */
  quiet: { from: number; to: number } | null;
  forced: ForcedTxn[];
  nextId: () => number;
}

export interface History {
  txns: SeedTxn[];
  balance: number;
}

/**
 * One customer's transactions in time order, priced by the fee code with month-to-date
 * usage as the app prices them. The first operation, and any that would overdraw, is a top-up.
 */
export function customerHistory(
  pricing: { rules: Map<string, FeeRuleDefinition>; monthOf: (iso: string) => string },
  o: HistoryInput,
): History {
  const { rng } = o;
  const start = Math.max(o.registeredAt, o.anchor - HISTORY_DAYS * DAY);
  const planned: { at: number; forced: ForcedTxn | null }[] = [];
  for (let i = 0; i < o.count; i++) {
    // Strictly before the anchor, with room for the settlement second.
    const at = start + Math.floor(rng.next() * (o.anchor - 2_000 - start));
    if (!o.quiet || at < o.quiet.from || at >= o.quiet.to) planned.push({ at, forced: null });
  }
  for (const f of o.forced) planned.push({ at: f.at, forced: f });
  planned.sort((a, b) => a.at - b.at);

  let balance = 0;
  const usage = new Map<string, { month: string; count: number; amountMinor: number }>();
  const txns: SeedTxn[] = [];
  for (const { at, forced } of planned) {
    const iso = new Date(at).toISOString();
    const month = pricing.monthOf(iso);
    const priced = (op: Operation, ch: Channel, amt: number) => {
      const key = `${op}|${ch}`;
      let used = usage.get(key);
      if (!used || used.month !== month) usage.set(key, (used = { month, count: 0, amountMinor: 0 }));
      const def = pricing.rules.get(`${key}|${o.segment}`);
      return { used, outcome: def ? calculateFee(def, amt, iso, used) : null };
    };
    let [operation, channel] = forced
      ? [forced.operation, forced.channel]
      : txns.length === 0
        ? (['top_up', 'bank'] as const)
        : pickOperation(rng);
    let amount = forced
      ? forced.amount
      : operation === 'top_up'
        ? rng.amount(80_000, 0.8)
        : rng.amount(operation === 'payment' ? 6_000 : 30_000, 0.9);
    let paidByCard = !forced && operation === 'payment' && rng.chance(0.3);
    let { used, outcome } = priced(operation, channel, amount);
    if (DEBITS.has(operation) && (paidByCard ? 0 : amount) + (outcome?.feeMinor ?? 0) > balance) {
      if (forced) continue; // the evidence counts what was actually made
      operation = 'top_up';
      channel = 'bank';
      paidByCard = false;
      amount = rng.amount(100_000, 0.6);
      ({ used, outcome } = priced(operation, channel, amount));
    }
    if (outcome?.kind === 'refused') continue; // below the rule's minimum: the app would refuse it too
    const fee = outcome?.feeMinor ?? 0;
    const status = forced
      ? 'settled'
      : at > o.anchor - 2 * 3_600_000 && rng.chance(0.3)
        ? 'pending'
        : rng.chance(0.02)
          ? 'failed'
          : 'settled';
    if (status === 'settled') {
      used.count++;
      used.amountMinor += amount;
      if (operation === 'top_up') balance += amount - fee;
      else balance -= (paidByCard ? 0 : amount) + fee;
    }
    txns.push({
      id: o.nextId(),
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
      counterparty:
        forced?.counterparty ??
        (operation === 'transfer' ? `62${String(rng.int(1, 9_999_999_999)).padStart(10, '0')}` : null),
    });
  }
  return { txns, balance };
}

function pickOperation(rng: Random): readonly [Operation, Channel] {
  const total = OPERATION_MIX.reduce((s, [, , w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [op, ch, w] of OPERATION_MIX) if ((r -= w) < 0) return [op, ch];
  return ['payment', 'in_app'];
}

/**
 * Writes transactions; refunded and pending amounts start at zero (the refund triggers add them).
 * Rows are gathered and written several to a statement (see MultiRowInsert): `flush()` before
 * anything reads them, a refund on them or a freeze case on their account.
 */
export function transactionWriter(sqlite: Database.Database) {
  const insert = new MultiRowInsert(
    sqlite,
    `INSERT INTO transactions (id, txn_no, account_id, operation, channel, amount_minor, fee_minor, currency, status, merchant,
       payment_method, counterparty, created_at, settled_at, refunded_minor, pending_refund_minor) VALUES`,
    "(?, ?, ?, ?, ?, ?, ?, 'CNY', ?, ?, ?, ?, ?, ?, 0, 0)",
  );
  return {
    add: (accountId: number, t: SeedTxn, txnNo = `T${String(t.id).padStart(11, '0')}`) =>
      insert.add([
        t.id,
        txnNo,
        accountId,
        t.operation,
        t.channel,
        t.amount,
        t.fee,
        t.status,
        t.merchant,
        t.method,
        t.counterparty,
        new Date(t.at).toISOString(),
        t.status === 'settled' ? new Date(t.settledAt ?? t.at + 1_000).toISOString() : null,
      ]),
    flush: () => insert.flush(),
  };
}
