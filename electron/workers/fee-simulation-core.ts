import type Database from 'better-sqlite3';
import type { DeltaBucket, SimulationBreakdown, SimulationResult } from '../../shared/contract/fees';
import { CHANNELS, OPERATIONS, SEGMENTS } from '../../shared/domain/catalog';
import { calculateFee, type FeeRule, type FeeRuleDefinition } from '../../shared/domain/fees';
import { monthStartIso, nextMonth, zonedMonth } from '../../shared/domain/time';

export interface SimulationParams {
  baseRules: FeeRule[];
  draftRules: FeeRule[];
  /** The repriced window, [from, to). */
  from: string;
  to: string;
  timeZone: string;
}

/** Per-transaction change buckets, in fen: (−∞,−5000) … [5000,∞), with exactly 0 on its own. */
const EDGES = [-5000, -1000, -100, 0, 1, 101, 1001, 5001];

/**
 * One slice's sums, all in integer fen or counts, so slices scanned by different threads
 * add up to exactly what one scan of the whole window gives. Per-customer deltas travel
 * whole (a customer's slices may differ in sign), as transferable arrays indexed by id.
 */
export interface SimulationPart {
  transactions: number;
  beforeMinor: number;
  afterMinor: number;
  refusedAfter: number;
  /** Per-transaction delta counts, one per bucket of EDGES. */
  counts: number[];
  /** By operation × channel index; null where the slice saw none. */
  byOpCh: (SimulationBreakdown | null)[];
  customerDelta: Float64Array;
  customerTouched: Uint8Array;
}

/** An account: id, customer id, segment. */
export type AccountRow = [number, number, string];
/** A settled transaction of a quota operation before the window: account, operation, channel, amount. */
export type EarlierRow = [number, string, string, number];
/** A repriced transaction: created_at, account, operation, channel, amount, status. */
export type WindowRow = [string, number, string, string, number, string];

/**
 * The statements the scan reads, written once for both engines (`param(i)` is SQLite's `?`
 * or PostgreSQL's `$i`), each returning the columns of its row type in that order. The window
 * is read in the order of the covering index transactions_fee_scan, on both engines: rows tied
 * on every column they order by are the same transaction for the fold, so both engines price
 * the same rows in the same order and agree to the fen, free quotas included.
 */
export function simulationQueries(param: (i: number) => string) {
  return {
    maxAccount: 'SELECT coalesce(max(id), 0) AS n FROM accounts',
    maxCustomer: 'SELECT coalesce(max(id), 0) AS n FROM customers',
    accounts: 'SELECT a.id, a.customer_id, c.segment FROM accounts a JOIN customers c ON c.id = a.customer_id',
    /** Parameters: month start, window start, then the quota operations. */
    earlier: (operations: number) =>
      `SELECT account_id, operation, channel, amount_minor FROM transactions
       WHERE created_at >= ${param(1)} AND created_at < ${param(2)} AND status = 'settled'
         AND operation IN (${Array.from({ length: operations }, (_, i) => param(i + 3)).join(', ')})`,
    /** Parameters: the window's from and to. */
    window: `SELECT created_at, account_id, operation, channel, amount_minor, status FROM transactions
       WHERE created_at >= ${param(1)} AND created_at < ${param(2)} AND status IN ('settled', 'pending')
       ORDER BY created_at, account_id, operation, channel, amount_minor, status`,
  };
}

/**
 * The simulation's arithmetic over one slice, fed rows by an engine's row source (SQLite's
 * simulateFees below, PostgreSQL's in fee-simulation-postgres.ts) in this order: every
 * account, then (where `quotaOps` is not empty) the settled rows of those operations from
 * `monthStart` up to p.from, then the window's rows in time order. Month-to-date usage (free
 * quotas) is then exact from the first repriced transaction, so a slice that starts
 * mid-month prices like the scan of the whole window.
 */
export class SimulationFold {
  private readonly opIndex = new Map<string, number>(OPERATIONS.map((o, i) => [o, i]));
  private readonly chIndex = new Map<string, number>(CHANNELS.map((c, i) => [c, i]));
  private readonly segIndex = new Map<string, number>(SEGMENTS.map((s, i) => [s, i]));
  private readonly base: (FeeRuleDefinition | null)[];
  private readonly draft: (FeeRuleDefinition | null)[];
  // Each account's segment and customer, in flat arrays indexed by account id.
  private readonly segmentOf: Uint8Array;
  private readonly customerOf: Int32Array;
  // Month boundaries as UTC instants, so the hot loop compares strings, never formats dates.
  private month: string;
  private monthNo = 0;
  private monthEnd: string;
  // Month-to-date usage per account × operation × channel, kept only where a rule of either
  // version has a free quota (nothing else reads it): most rows skip this map entirely.
  private readonly usage = new Map<number, Usage>();
  private readonly needsUsage = new Uint8Array(OPERATIONS.length * CHANNELS.length);
  /** The operations whose earlier rows of the month must be counted first; empty when none has a quota. */
  readonly quotaOps: string[];
  /** The start of p.from's month in the business time zone. */
  readonly monthStart: string;
  private readonly customerDelta: Float64Array;
  private readonly customerTouched: Uint8Array;
  private readonly byOpCh: (SimulationBreakdown | null)[] = new Array(OPERATIONS.length * CHANNELS.length).fill(null);
  private readonly counts = new Array<number>(EDGES.length + 1).fill(0);
  private transactions = 0;
  private before = 0;
  private after = 0;
  private refusedAfter = 0;
  private readonly fromMs: number;
  private readonly span: number;

  constructor(
    private readonly p: SimulationParams,
    sizes: { maxAccount: number; maxCustomer: number },
  ) {
    this.base = this.table(p.baseRules);
    this.draft = this.table(p.draftRules);
    this.segmentOf = new Uint8Array(sizes.maxAccount + 1);
    this.customerOf = new Int32Array(sizes.maxAccount + 1);
    this.customerDelta = new Float64Array(sizes.maxCustomer + 1);
    this.customerTouched = new Uint8Array(sizes.maxCustomer + 1);
    this.month = zonedMonth(p.from, p.timeZone);
    this.monthEnd = monthStartIso(nextMonth(this.month), p.timeZone);
    this.monthStart = monthStartIso(this.month, p.timeZone);
    for (let i = 0; i < this.base.length; i++)
      if (this.base[i]?.freeQuota || this.draft[i]?.freeQuota) this.needsUsage[Math.floor(i / SEGMENTS.length)] = 1;
    this.quotaOps = OPERATIONS.filter((_, op) => CHANNELS.some((_c, ch) => this.needsUsage[op * CHANNELS.length + ch]));
    this.fromMs = Date.parse(p.from);
    this.span = Math.max(1, Date.parse(p.to) - this.fromMs);
  }

  private keyOf(op: number, ch: number, seg: number) {
    return (op * CHANNELS.length + ch) * SEGMENTS.length + seg;
  }

  private table(rules: FeeRule[]) {
    const defs: (FeeRuleDefinition | null)[] = new Array(OPERATIONS.length * CHANNELS.length * SEGMENTS.length);
    defs.fill(null);
    for (const r of rules)
      defs[this.keyOf(this.opIndex.get(r.operation)!, this.chIndex.get(r.channel)!, SEGMENTS.indexOf(r.segment))] =
        r.definition;
    return defs;
  }

  private usageKey(accountId: number, oc: number) {
    return accountId * OPERATIONS.length * CHANNELS.length + oc;
  }

  account([accountId, customerId, segment]: AccountRow): void {
    this.segmentOf[accountId] = this.segIndex.get(segment) ?? 0;
    this.customerOf[accountId] = customerId;
  }

  earlier([accountId, operation, channel, amount]: EarlierRow): void {
    const oc = this.opIndex.get(operation)! * CHANNELS.length + this.chIndex.get(channel)!;
    if (!this.needsUsage[oc]) return;
    const key = this.usageKey(accountId, oc);
    let used = this.usage.get(key);
    if (!used) this.usage.set(key, (used = { month: 0, count: 0, amountMinor: 0 }));
    used.count++;
    used.amountMinor += amount;
  }

  add([at, accountId, operation, channel, amount, status]: WindowRow): void {
    while (at >= this.monthEnd) {
      this.month = nextMonth(this.month);
      this.monthEnd = monthStartIso(nextMonth(this.month), this.p.timeZone);
      this.monthNo++;
    }
    const op = this.opIndex.get(operation)!;
    const ch = this.chIndex.get(channel)!;
    const oc = op * CHANNELS.length + ch;
    let used: Usage | undefined;
    if (this.needsUsage[oc]) {
      const uKey = this.usageKey(accountId, oc);
      used = this.usage.get(uKey);
      if (!used) this.usage.set(uKey, (used = { month: this.monthNo, count: 0, amountMinor: 0 }));
      else if (used.month !== this.monthNo) {
        used.month = this.monthNo;
        used.count = 0;
        used.amountMinor = 0;
      }
    }
    const key = this.keyOf(op, ch, this.segmentOf[accountId]);
    const b = this.base[key];
    const d = this.draft[key];
    const feeBefore = b ? calculateFee(b, amount, at, used ?? NO_USAGE).feeMinor : 0;
    let feeAfter = 0;
    if (d) {
      const outcome = calculateFee(d, amount, at, used ?? NO_USAGE);
      if (outcome.kind === 'refused') this.refusedAfter++;
      feeAfter = outcome.feeMinor;
    }
    const delta = feeAfter - feeBefore;
    this.transactions++;
    this.before += feeBefore;
    this.after += feeAfter;
    const customer = this.customerOf[accountId];
    this.customerDelta[customer] += delta;
    this.customerTouched[customer] = 1;
    let agg = this.byOpCh[oc];
    if (!agg) {
      agg = this.byOpCh[oc] = {
        operation: OPERATIONS[op],
        channel: CHANNELS[ch],
        count: 0,
        beforeMinor: 0,
        afterMinor: 0,
        deltaMinor: 0,
      };
    }
    agg.count++;
    agg.beforeMinor += feeBefore;
    agg.afterMinor += feeAfter;
    agg.deltaMinor += delta;
    let bucket = 0;
    while (bucket < EDGES.length && delta >= EDGES[bucket]) bucket++;
    this.counts[bucket]++;
    if (used && status === 'settled') {
      used.count++;
      used.amountMinor += amount;
    }
  }

  /** How far through the slice a row created at `at` is, 0–1. */
  progressAt(at: string): number {
    return Math.min(1, Math.max(0, (Date.parse(at) - this.fromMs) / this.span));
  }

  part(): SimulationPart {
    return {
      transactions: this.transactions,
      beforeMinor: this.before,
      afterMinor: this.after,
      refusedAfter: this.refusedAfter,
      counts: this.counts,
      byOpCh: this.byOpCh,
      customerDelta: this.customerDelta,
      customerTouched: this.customerTouched,
    };
  }
}

type Usage = { month: number; count: number; amountMinor: number };
const NO_USAGE = { count: 0, amountMinor: 0 };
const SQLITE_QUERIES = simulationQueries(() => '?');

/**
 * The SQLite row source: the scan on a connection of its own (a worker's, in the app), over
 * the window [p.from, p.to) or one slice of it, reading the covering index in raw mode.
 * A generator, so the caller can report progress, yield to other work, or stop between chunks.
 */
export function* simulateFees(
  sqlite: Database.Database,
  p: SimulationParams,
  chunk = 50_000,
): Generator<number, SimulationPart> {
  const q = SQLITE_QUERIES;
  const size = (text: string) => (sqlite.prepare(text).get() as { n: number }).n;
  const fold = new SimulationFold(p, { maxAccount: size(q.maxAccount), maxCustomer: size(q.maxCustomer) });
  for (const row of sqlite.prepare(q.accounts).raw().iterate() as IterableIterator<AccountRow>) fold.account(row);
  if (fold.quotaOps.length) {
    const earlier = sqlite
      .prepare(q.earlier(fold.quotaOps.length))
      .raw()
      .iterate(fold.monthStart, p.from, ...fold.quotaOps) as IterableIterator<EarlierRow>;
    for (const row of earlier) fold.earlier(row);
  }
  const rows = sqlite.prepare(q.window).raw().iterate(p.from, p.to) as IterableIterator<WindowRow>;
  let n = 0;
  for (const row of rows) {
    fold.add(row);
    if (++n % chunk === 0) yield fold.progressAt(row[0]);
  }
  return fold.part();
}

/**
 * [from, to) cut into `parts` consecutive slices of equal duration (at whole milliseconds,
 * in the ISO form created_at is stored in), for as many threads.
 */
export function splitWindow(from: string, to: string, parts: number): { from: string; to: string }[] {
  const start = Date.parse(from);
  const span = Date.parse(to) - start;
  const n = Math.max(1, Math.min(Math.floor(parts), Math.floor(span)));
  const cuts = [from];
  for (let i = 1; i < n; i++) cuts.push(new Date(start + Math.floor((span * i) / n)).toISOString());
  cuts.push(to);
  return cuts.slice(0, -1).map((f, i) => ({ from: f, to: cuts[i + 1] }));
}

/** Adds the slices' sums (integers, so the order cannot change a fen) into the window's result. */
export function combineParts(
  parts: SimulationPart[],
  window: { from: string; to: string },
): Omit<SimulationResult, 'ranIn' | 'millis' | 'days' | 'workers'> {
  const [first, ...rest] = parts;
  const delta = first.customerDelta;
  const touched = first.customerTouched;
  const byOpCh = first.byOpCh.map((b) => (b ? { ...b } : null));
  const counts = [...first.counts];
  let { transactions, beforeMinor, afterMinor, refusedAfter } = first;
  for (const part of rest) {
    transactions += part.transactions;
    beforeMinor += part.beforeMinor;
    afterMinor += part.afterMinor;
    refusedAfter += part.refusedAfter;
    part.counts.forEach((c, i) => (counts[i] += c));
    part.byOpCh.forEach((b, i) => {
      if (!b) return;
      const agg = byOpCh[i];
      if (!agg) return void (byOpCh[i] = { ...b });
      agg.count += b.count;
      agg.beforeMinor += b.beforeMinor;
      agg.afterMinor += b.afterMinor;
      agg.deltaMinor += b.deltaMinor;
    });
    for (let c = 0; c < part.customerTouched.length; c++) {
      if (!part.customerTouched[c]) continue;
      touched[c] = 1;
      delta[c] += part.customerDelta[c];
    }
  }
  let customersUp = 0;
  let customersDown = 0;
  let customers = 0;
  for (let c = 0; c < touched.length; c++) {
    if (!touched[c]) continue;
    customers++;
    if (delta[c] > 0) customersUp++;
    else if (delta[c] < 0) customersDown++;
  }
  const distribution: DeltaBucket[] = counts.map((count, i) => ({
    fromMinor: i === 0 ? null : EDGES[i - 1],
    toMinor: i === EDGES.length ? null : EDGES[i],
    count,
  }));
  return {
    from: window.from,
    to: window.to,
    transactions,
    beforeMinor,
    afterMinor,
    deltaMinor: afterMinor - beforeMinor,
    customersUp,
    customersDown,
    customersSame: customers - customersUp - customersDown,
    refusedAfter,
    // Stable, over the operation × channel order: ties come out the same however it was split.
    byOperationChannel: byOpCh.filter((b) => b !== null).sort((a, b) => a.deltaMinor - b.deltaMinor),
    distribution,
  };
}

/** Runs the scan of one slice to the end in one go (worker threads, benchmarks, tests). */
export function runSimulation(
  sqlite: Database.Database,
  p: SimulationParams,
  onProgress: (progress: number) => void = () => {},
): SimulationPart {
  const steps = simulateFees(sqlite, p);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    onProgress(next.value);
  }
}
