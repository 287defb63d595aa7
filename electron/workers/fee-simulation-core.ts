import type Database from 'better-sqlite3';
import type { DeltaBucket, SimulationBreakdown, SimulationResult } from '../../shared/contract/fees';
import { CHANNELS, OPERATIONS, SEGMENTS } from '../../shared/domain/catalog';
import { newFeeWorking, workFee, type FeeRule, type FeeRuleDefinition } from '../../shared/domain/fees';
import { monthStartIso, nextMonth, zonedMonth } from '../../shared/domain/time';
import { indexOf, OP_CH } from '../db/fee-scan';
import { packedWindow, settledOf, type RowSink } from './fee-simulation-packed';
import { splitWindow } from './fee-simulation-split';

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
 * whole (a customer's slices may differ in sign), as a transferable array indexed by id.
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
  /** Per customer id: the sum of their transactions' deltas; NaN for a customer with none. */
  customerDelta: Float64Array;
}

/**
 * What the fold looks every row up in, indexed by id: each customer's segment (Uint8, its index
 * in SEGMENTS) and each account's customer (Int32). At the huge scale they are 2M rows, the
 * largest part of a slice's start: so one thread loads the customers and another the accounts,
 * into memory every thread of the simulation shares, rather than each thread loading both.
 */
export interface SimulationLookups {
  customerSegment: SharedArrayBuffer;
  accountCustomer: SharedArrayBuffer;
  /** Int32[1]: how many of the two tables are loaded, for the threads that wait on them. */
  loaded: SharedArrayBuffer;
}

/** The largest ids, which size the lookups. */
export interface SimulationSizes {
  maxAccount: number;
  maxCustomer: number;
}

export function createLookups(sizes: SimulationSizes): SimulationLookups {
  return {
    customerSegment: new SharedArrayBuffer(sizes.maxCustomer + 1),
    accountCustomer: new SharedArrayBuffer((sizes.maxAccount + 1) * Int32Array.BYTES_PER_ELEMENT),
    loaded: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT),
  };
}

/** One slice's thread among the simulation's: which lookups it loads, and the memory they share. */
export interface SimulationThread {
  lookups: SimulationLookups;
  /** 0 … threads − 1. */
  index: number;
  threads: number;
  /** Customer ids per fetch of their accounts on SQLite, the chunks dealt round the threads (LOOKUP_CHUNK unless a test asks otherwise). */
  lookupChunk?: number;
  /** The lookups were loaded whole by an earlier simulation, and nothing they hold has changed since: none are loaded. */
  ready?: boolean;
}

/** The shares of the lookups a thread waits for before its scan: none when they are ready. */
export const lookupShares = (thread: SimulationThread, shares: number) => (thread.ready ? 0 : shares);

/**
 * On PostgreSQL: the customers on the first thread, the accounts on the second (or the first,
 * alone); the others load neither. SQLite deals its shares otherwise (simulateFees).
 */
export function lookupsLoadedBy(thread: SimulationThread): { customers: boolean; accounts: boolean } {
  if (thread.ready) return { customers: false, accounts: false };
  return { customers: thread.index === 0, accounts: thread.index === Math.min(1, thread.threads - 1) };
}

/** A customer: id, segment as its index in SEGMENTS. */
export type CustomerRow = [number, number];
/** An account: id, customer id. */
export type AccountRow = [number, number];
/** A settled transaction of a quota operation before the window: account, operation × channel index, amount. */
export type EarlierRow = [number, number, number];
/** A repriced transaction: account, operation × channel index, amount, 1 if settled (else pending). */
export type WindowRow = [number, number, number, number];

export { OP_CH };
/**
 * PostgreSQL's window order, its transactions_fee_scan's: rows tied on all of it are the same
 * transaction to the fold. SQLite reads FEE_SCAN_ORDER, which agrees with it (fee-scan.ts).
 */
export const WINDOW_ORDER = 'created_at, account_id, operation, channel, amount_minor, status';

/**
 * The statements the scan reads, written once for both engines (`param(i)` is SQLite's `?`
 * or PostgreSQL's `$i`), each returning the columns of its row type in that order. PostgreSQL
 * reads the window and the pre-count here, in the order of its covering index
 * transactions_fee_scan; SQLite reads them packed (fee-simulation-packed.ts) in an order that
 * prices every row the same, so both engines agree to the fen, free quotas included. Customers
 * and accounts are two scans of covering indexes, joined by the fold.
 */
export function simulationQueries(param: (i: number) => string) {
  const accountsOfCustomers = `FROM accounts WHERE customer_id > ${param(1)} AND customer_id <= ${param(2)}`;
  return {
    maxAccount: 'SELECT coalesce(max(id), 0) AS n FROM accounts',
    maxCustomer: 'SELECT coalesce(max(id), 0) AS n FROM customers',
    customers: `SELECT id, ${indexOf('segment', SEGMENTS)} FROM customers`,
    accounts: 'SELECT id, customer_id FROM accounts',
    /** The ids of one segment's customers (SQLite reads them as one array of numbers, from customers_by_segment). */
    customersOfSegment: `SELECT id FROM customers WHERE segment = ${param(1)}`,
    /** Parameters: a customer id range (after, up to), read on accounts_by_customer. */
    accountsOfCustomers: `SELECT id, customer_id ${accountsOfCustomers}`,
    /** The same, each account as one number, id × `scale` + customer id (SQLite reads them as one flat array). */
    accountsOfCustomersPacked: (scale: number) => `SELECT id * ${scale} + customer_id ${accountsOfCustomers}`,
    /** Parameters: month start, window start, then the quota operations. */
    earlier: (operations: number) =>
      `SELECT account_id, ${OP_CH}, amount_minor FROM transactions
       WHERE created_at >= ${param(1)} AND created_at < ${param(2)} AND status = 'settled'
         AND operation IN (${Array.from({ length: operations }, (_, i) => param(i + 3)).join(', ')})`,
    /**
     * Parameters: one range's from and to (SimulationFold.ranges). No time column: within a
     * range every row shares its month and its waivers, and a 24-character string a row was
     * the largest part of reading it.
     */
    window: `SELECT account_id, ${OP_CH}, amount_minor, CASE WHEN status = 'settled' THEN 1 ELSE 0 END
       FROM transactions
       WHERE created_at >= ${param(1)} AND created_at < ${param(2)} AND status IN ('settled', 'pending')
       ORDER BY ${WINDOW_ORDER}`,
  };
}

/** The operations a rule of either version gives a free quota: their month-to-date usage is counted first. */
export function quotaOperations(p: Pick<SimulationParams, 'baseRules' | 'draftRules'>): string[] {
  const withQuota = new Set(
    [...p.baseRules, ...p.draftRules].filter((r) => r.definition.freeQuota).map((r) => r.operation),
  );
  return OPERATIONS.filter((op) => withQuota.has(op));
}

/**
 * The simulation's arithmetic over one slice, fed rows by an engine's row source (SQLite's
 * simulateFees below, PostgreSQL's in fee-simulation-postgres.ts) in this order: the
 * customers and accounts this thread loads, `lookupsLoaded`, then (where
 * `quotaOps` is not empty) the settled rows of those operations from `monthStart` up to
 * p.from, `awaitLookups`, then for each of `ranges()` in turn, `enter(range start)` and
 * that range's rows in time order. Month-to-date usage (free quotas) is then exact from the
 * first repriced transaction, so a slice that starts mid-month prices like the scan of the
 * whole window.
 */
export class SimulationFold {
  private readonly opIndex = new Map<string, number>(OPERATIONS.map((o, i) => [o, i]));
  private readonly chIndex = new Map<string, number>(CHANNELS.map((c, i) => [c, i]));
  private readonly base: (FeeRuleDefinition | null)[];
  private readonly draft: (FeeRuleDefinition | null)[];
  // The shared lookups, then (once both are loaded) this thread's own record of each account,
  // one after another in one array: the customer × SEGMENTS + segment, the sum of its
  // transactions' deltas (NaN: none yet), then its month-to-date usage (countAt, amountAt).
  // Rows come in time order, so at the huge scale each read of an account is a cache miss:
  // one record a row is one miss, where separate arrays for the customer, the customer's
  // delta and the usage were three or four.
  private readonly customerSegment: Uint8Array;
  private readonly accountCustomer: Int32Array;
  private readonly loaded: Int32Array;
  private readonly accounts: Float64Array;
  private readonly stride: number;
  // Month boundaries as UTC instants, so the hot loop compares strings, never formats dates.
  private month: string;
  private monthEnd: string;
  /** The start of the range the rows now added are in (enter): their month and waivers. */
  private at: string;
  // Month-to-date usage is kept only for each operation × channel where a rule of either
  // version has a free quota (nothing else reads it): where in the account's record its count
  // is, and its amount where a quota counts amounts (-1: not kept). Zeroed when a month begins;
  // most rows skip it. The demo schedule keeps a count for bank withdrawals and a count and an
  // amount for in-app transfers: 40 bytes an account, 40 MB a thread at 1M accounts.
  private readonly countAt = new Int16Array(OPERATIONS.length * CHANNELS.length).fill(-1);
  private readonly amountAt = new Int16Array(OPERATIONS.length * CHANNELS.length).fill(-1);
  /** What workFee reads, refilled from the record for each row that has a slot. */
  private readonly used = { count: 0, amountMinor: 0 };
  /** What workFee writes how it priced a row into: one for every row. */
  private readonly working = newFeeWorking();
  /** The operations whose earlier rows of the month must be counted first; empty when none has a quota. */
  readonly quotaOps: string[];
  /** The start of p.from's month in the business time zone. */
  readonly monthStart: string;
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
    lookups: SimulationLookups,
  ) {
    this.base = this.table(p.baseRules);
    this.draft = this.table(p.draftRules);
    this.customerSegment = new Uint8Array(lookups.customerSegment);
    this.accountCustomer = new Int32Array(lookups.accountCustomer);
    this.loaded = new Int32Array(lookups.loaded);
    this.month = zonedMonth(p.from, p.timeZone);
    this.monthEnd = monthStartIso(nextMonth(this.month), p.timeZone);
    this.monthStart = monthStartIso(this.month, p.timeZone);
    let fields = ACCOUNT_FIELDS;
    for (let oc = 0; oc < this.countAt.length; oc++) {
      const quotas = [this.base, this.draft].flatMap((rules) =>
        SEGMENTS.map((_, seg) => rules[oc * SEGMENTS.length + seg]?.freeQuota ?? null),
      );
      if (quotas.some((q) => q)) this.countAt[oc] = fields++;
      if (quotas.some((q) => q?.kind === 'amount')) this.amountAt[oc] = fields++;
    }
    this.stride = fields;
    this.accounts = new Float64Array(this.accountCustomer.length * this.stride);
    for (let r = 1; r < this.accounts.length; r += this.stride) this.accounts[r] = NaN;
    this.quotaOps = quotaOperations(p);
    this.at = p.from;
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

  customer([customerId, segment]: CustomerRow): void {
    this.customerSegment[customerId] = segment;
  }

  account([accountId, customerId]: AccountRow): void {
    this.accountCustomer[accountId] = customerId;
  }

  /** This thread has loaded `shares` of the lookups: the threads waiting on them go on. */
  lookupsLoaded(shares: number): void {
    Atomics.add(this.loaded, 0, shares);
    Atomics.notify(this.loaded, 0);
  }

  /**
   * Waits until every share of the lookups is loaded (by this thread or others: the two
   * tables, or on SQLite the customers and each thread's share of the accounts), then packs
   * this thread's copy. A thread that fails is not waited for: the job manager terminates them all.
   */
  awaitLookups(shares: number): void {
    for (let n = Atomics.load(this.loaded, 0); n < shares; n = Atomics.load(this.loaded, 0))
      Atomics.wait(this.loaded, 0, n);
    const accounts = this.accounts;
    for (let a = 0, r = 0; a < this.accountCustomer.length; a++, r += this.stride) {
      const customer = this.accountCustomer[a];
      accounts[r] = customer * SEGMENTS.length + this.customerSegment[customer];
    }
  }

  earlier([accountId, oc, amount]: EarlierRow): void {
    this.earlierRow(accountId, oc, amount);
  }

  /** earlier() without the row array (SQLite's packed rows). */
  earlierRow(accountId: number, oc: number, amount: number): void {
    const c = this.countAt[oc];
    if (c < 0) return;
    const r = accountId * this.stride;
    this.accounts[r + c]++;
    const a = this.amountAt[oc];
    if (a >= 0) this.accounts[r + a] += amount;
  }

  /**
   * The slice cut where anything the price depends on in time changes (a month of the
   * business zone begins, a waiver of either version begins or ends) and into RANGES equal
   * steps besides, for progress: consecutive [from, to) ranges covering [p.from, p.to).
   */
  ranges(): [string, string][] {
    const cuts = new Set<string>([this.p.from, this.p.to]);
    for (let m = nextMonth(this.month), at = this.monthEnd; at < this.p.to; m = nextMonth(m)) {
      cuts.add(at);
      at = monthStartIso(nextMonth(m), this.p.timeZone);
    }
    for (const rules of [this.p.baseRules, this.p.draftRules])
      for (const r of rules) for (const w of r.definition.waivers) cuts.add(w.from).add(w.to);
    for (let i = 1; i < RANGES; i++)
      cuts.add(new Date(this.fromMs + Math.floor((this.span * i) / RANGES)).toISOString());
    const sorted = [...cuts].filter((c) => c >= this.p.from && c <= this.p.to).sort();
    return sorted.slice(0, -1).map((from, i) => [from, sorted[i + 1]]);
  }

  /** The rows that follow were created in the range starting at `at` (one of ranges()). */
  enter(at: string): void {
    this.at = at;
    while (at >= this.monthEnd) {
      this.month = nextMonth(this.month);
      this.monthEnd = monthStartIso(nextMonth(this.month), this.p.timeZone);
      if (this.stride > ACCOUNT_FIELDS)
        for (let r = 0; r < this.accounts.length; r += this.stride)
          for (let k = r + ACCOUNT_FIELDS; k < r + this.stride; k++) this.accounts[k] = 0;
    }
  }

  add([accountId, oc, amount, settled]: WindowRow): void {
    this.addRow(accountId, oc, amount, settled);
  }

  /** add() without the row array (SQLite's packed rows). */
  addRow(accountId: number, oc: number, amount: number, settled: number): void {
    const at = this.at;
    const accounts = this.accounts;
    const r = accountId * this.stride;
    const c = this.countAt[oc];
    const a = this.amountAt[oc];
    let used = NO_USAGE;
    if (c >= 0) {
      used = this.used;
      used.count = accounts[r + c];
      used.amountMinor = a >= 0 ? accounts[r + a] : 0;
    }
    const key = oc * SEGMENTS.length + ((accounts[r] | 0) % SEGMENTS.length);
    const b = this.base[key];
    const d = this.draft[key];
    const w = this.working;
    const feeBefore = b ? workFee(b, amount, at, used, w) : 0;
    let feeAfter = 0;
    if (d) {
      feeAfter = workFee(d, amount, at, used, w);
      if (w.kind === 'refused') this.refusedAfter++;
    }
    const delta = feeAfter - feeBefore;
    this.transactions++;
    this.before += feeBefore;
    this.after += feeAfter;
    const sum = accounts[r + 1];
    accounts[r + 1] = sum === sum ? sum + delta : delta; // NaN: its first
    let agg = this.byOpCh[oc];
    if (!agg) {
      agg = this.byOpCh[oc] = {
        operation: OPERATIONS[Math.floor(oc / CHANNELS.length)],
        channel: CHANNELS[oc % CHANNELS.length],
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
    if (c >= 0 && settled) {
      accounts[r + c]++;
      if (a >= 0) accounts[r + a] += amount;
    }
  }

  /** How far through the slice a row created at `at` is, 0–1. */
  progressAt(at: string): number {
    return Math.min(1, Math.max(0, (Date.parse(at) - this.fromMs) / this.span));
  }

  part(): SimulationPart {
    // The accounts' sums, added up by customer (integers: exact in any order).
    const customerDelta = new Float64Array(this.customerSegment.length).fill(NaN);
    for (let r = 0; r < this.accounts.length; r += this.stride) {
      const delta = this.accounts[r + 1];
      if (delta !== delta) continue;
      const customer = (this.accounts[r] / SEGMENTS.length) | 0;
      const sum = customerDelta[customer];
      customerDelta[customer] = sum === sum ? sum + delta : delta;
    }
    return {
      transactions: this.transactions,
      beforeMinor: this.before,
      afterMinor: this.after,
      refusedAfter: this.refusedAfter,
      counts: this.counts,
      byOpCh: this.byOpCh,
      customerDelta,
    };
  }
}

/** Equal steps a slice is read in, besides its month and waiver edges: progress, and a stop between them. */
const RANGES = 50;
const NO_USAGE = { count: 0, amountMinor: 0 };
/** An account's record before its quota slots: customer × SEGMENTS + segment, then its delta. */
const ACCOUNT_FIELDS = 2;
const SQLITE_QUERIES = simulationQueries(() => '?');
/** Customer ids per fetch of their accounts: about 100k rows, a few MB at a time. */
const LOOKUP_CHUNK = 100_000;

/** The one thread of a simulation that is not split: it loads both lookups itself. */
export function aloneThread(sizes: SimulationSizes): SimulationThread {
  return { lookups: createLookups(sizes), index: 0, threads: 1 };
}

/** The lookups' sizes, read on a connection of its own (a simulation run whole, in tests and benchmarks). */
export function sizesOn(sqlite: Database.Database): SimulationSizes {
  const size = (text: string) => (sqlite.prepare(text).get() as { n: number }).n;
  return { maxAccount: size(SQLITE_QUERIES.maxAccount), maxCustomer: size(SQLITE_QUERIES.maxCustomer) };
}

/**
 * The SQLite row source: the scan on a connection of its own (a worker's, in the app), over
 * the window [p.from, p.to) or one slice of it, reading FEE_SCAN_INDEX a packed integer a row
 * (fee-simulation-packed.ts).
 * A generator, so the caller can report progress, yield to other work, or stop between chunks.
 */
export function* simulateFees(
  sqlite: Database.Database,
  p: SimulationParams,
  thread: SimulationThread = aloneThread(sizesOn(sqlite)),
  chunk = 50_000,
): Generator<number, SimulationPart> {
  // Rows are fetched a range at a time with all(), not one by one with iterate(): at the huge
  // scale the iterator's per-row cost was the larger part of the scan (1.75 µs a row against
  // 1.1 µs through all(), and 0.5 µs of it in SQLite itself).
  const q = SQLITE_QUERIES;
  const fold = new SimulationFold(p, thread.lookups);
  // The lookups are loaded in shares, so that every thread is done with them about together:
  // the customers on the first thread, and the accounts a chunk of customers at a time, the
  // chunks dealt round the threads. On PostgreSQL they stay one table a thread.
  if (thread.index === 0 && !thread.ready) {
    // Only the customers not of the first segment: its index is 0, which every customer's
    // entry already holds. At the huge scale that is 150k ids of 1M (0.05 s against 0.42 s).
    const ofSegment = sqlite.prepare(q.customersOfSegment).pluck();
    SEGMENTS.forEach((segment, i) => {
      if (i > 0) for (const id of ofSegment.all(segment) as number[]) fold.customer([id, i]);
    });
  }
  if (!thread.ready) {
    // Each account packed into one number (id × 2^bits + customer), read as one flat array:
    // at the huge scale 2M rows took 0.67 s as an array a row.
    const maxCustomer = thread.lookups.customerSegment.byteLength - 1;
    const scale = 2 ** Math.max(1, Math.ceil(Math.log2(maxCustomer + 1)));
    const ofCustomers = sqlite.prepare(q.accountsOfCustomersPacked(scale)).pluck();
    const chunk = thread.lookupChunk ?? LOOKUP_CHUNK;
    for (let after = chunk * thread.index; after < maxCustomer; after += chunk * thread.threads) {
      const rows = ofCustomers.all(after, after + chunk) as number[];
      for (let i = 0; i < rows.length; i++) {
        const id = Math.floor(rows[i] / scale);
        fold.account([id, rows[i] - id * scale]);
      }
    }
  }
  fold.lookupsLoaded(lookupShares(thread, thread.index === 0 ? 2 : 1));
  const maxAccount = thread.lookups.accountCustomer.byteLength / 4 - 1;
  if (fold.quotaOps.length) {
    // Packed like the window's rows: at the huge scale a 19-day pre-count of 270k rows took
    // 0.7-0.85 s as an array a row.
    const earlier = packedWindow(sqlite, maxAccount, settledOf(fold.quotaOps));
    const count: RowSink = (accountId, oc, amount) => fold.earlierRow(accountId, oc, amount);
    // A day at a time, so a month's usage is never one array in memory.
    const days = Math.ceil((Date.parse(p.from) - Date.parse(fold.monthStart)) / 86_400_000);
    if (days > 0)
      for (const day of splitWindow(fold.monthStart, p.from, days)) {
        const rows = earlier.rows(day.from, day.to);
        for (let i = 0; i < rows.length; i++) earlier.feed(rows[i], count);
      }
  }
  fold.awaitLookups(lookupShares(thread, thread.threads + 1));
  const add: RowSink = (accountId, oc, amount, settled) => fold.addRow(accountId, oc, amount, settled);
  const window = packedWindow(sqlite, maxAccount);
  let n = 0;
  for (const [from, to] of fold.ranges()) {
    fold.enter(from);
    const rows = window.rows(from, to);
    for (let i = 0; i < rows.length; i++) {
      window.feed(rows[i], add);
      if (++n % chunk === 0) yield fold.progressAt(from);
    }
    yield fold.progressAt(to);
  }
  return fold.part();
}

/** Adds the slices' sums (integers, so the order cannot change a fen) into the window's result. */
export function combineParts(
  parts: SimulationPart[],
  window: { from: string; to: string },
): Omit<SimulationResult, 'ranIn' | 'millis' | 'days' | 'workers'> {
  const [first, ...rest] = parts;
  const delta = first.customerDelta;
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
    for (let c = 0; c < part.customerDelta.length; c++) {
      const d = part.customerDelta[c];
      if (d !== d) continue; // NaN: none in this slice
      delta[c] = delta[c] === delta[c] ? delta[c] + d : d;
    }
  }
  let customersUp = 0;
  let customersDown = 0;
  let customers = 0;
  for (let c = 0; c < delta.length; c++) {
    if (delta[c] !== delta[c]) continue;
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
  thread?: SimulationThread,
): SimulationPart {
  const steps = simulateFees(sqlite, p, thread);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    onProgress(next.value);
  }
}
