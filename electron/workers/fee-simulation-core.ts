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

/**
 * The scan the simulation runs on a connection of its own (a worker's, in the app), over
 * the window [p.from, p.to) or one slice of it. Transactions are read from a covering index
 * in time order, only the columns needed, in raw mode. Month-to-date usage (free quotas) is
 * exact from the first repriced transaction: where any rule has a quota, the settled rows of
 * those operations from the start of the business-time-zone month up to p.from are counted
 * first, so a slice that starts mid-month prices like the scan of the whole window.
 * A generator, so the caller can report progress, yield to other work, or stop between chunks.
 */
export function* simulateFees(
  sqlite: Database.Database,
  p: SimulationParams,
  chunk = 50_000,
): Generator<number, SimulationPart> {
  const opIndex = new Map<string, number>(OPERATIONS.map((o, i) => [o, i]));
  const chIndex = new Map<string, number>(CHANNELS.map((c, i) => [c, i]));
  const keyOf = (op: number, ch: number, seg: number) => (op * CHANNELS.length + ch) * SEGMENTS.length + seg;
  const table = (rules: FeeRule[]) => {
    const defs: (FeeRuleDefinition | null)[] = new Array(OPERATIONS.length * CHANNELS.length * SEGMENTS.length);
    defs.fill(null);
    for (const r of rules)
      defs[keyOf(opIndex.get(r.operation)!, chIndex.get(r.channel)!, SEGMENTS.indexOf(r.segment))] = r.definition;
    return defs;
  };
  const base = table(p.baseRules);
  const draft = table(p.draftRules);

  // Each account's segment and customer, in flat arrays indexed by account id.
  const maxAccount = (sqlite.prepare('SELECT coalesce(max(id), 0) AS n FROM accounts').get() as { n: number }).n;
  const segmentOf = new Uint8Array(maxAccount + 1);
  const customerOf = new Int32Array(maxAccount + 1);
  const segIndex = new Map<string, number>(SEGMENTS.map((s, i) => [s, i]));
  for (const [accountId, customerId, segment] of sqlite
    .prepare('SELECT a.id, a.customer_id, c.segment FROM accounts a JOIN customers c ON c.id = a.customer_id')
    .raw()
    .iterate() as IterableIterator<[number, number, string]>) {
    segmentOf[accountId] = segIndex.get(segment) ?? 0;
    customerOf[accountId] = customerId;
  }

  // Month boundaries as UTC instants, so the hot loop compares strings, never formats dates.
  let month = zonedMonth(p.from, p.timeZone);
  let monthNo = 0;
  let monthEnd = monthStartIso(nextMonth(month), p.timeZone);

  // Month-to-date usage per account × operation × channel, kept only where a rule of either
  // version has a free quota (nothing else reads it): most rows skip this map entirely.
  type Usage = { month: number; count: number; amountMinor: number };
  const usage = new Map<number, Usage>();
  const needsUsage = new Uint8Array(OPERATIONS.length * CHANNELS.length);
  for (let i = 0; i < base.length; i++)
    if (base[i]?.freeQuota || draft[i]?.freeQuota) needsUsage[Math.floor(i / SEGMENTS.length)] = 1;
  const usageKey = (accountId: number, oc: number) => accountId * OPERATIONS.length * CHANNELS.length + oc;
  const quotaOps = OPERATIONS.filter((_, op) => CHANNELS.some((_c, ch) => needsUsage[op * CHANNELS.length + ch]));
  if (quotaOps.length) {
    const monthStart = monthStartIso(month, p.timeZone);
    const earlier = sqlite
      .prepare(
        `SELECT account_id, operation, channel, amount_minor FROM transactions
         WHERE created_at >= ? AND created_at < ? AND status = 'settled'
           AND operation IN (${quotaOps.map(() => '?').join(', ')})`,
      )
      .raw()
      .iterate(monthStart, p.from, ...quotaOps) as IterableIterator<[number, string, string, number]>;
    for (const [accountId, operation, channel, amount] of earlier) {
      const oc = opIndex.get(operation)! * CHANNELS.length + chIndex.get(channel)!;
      if (!needsUsage[oc]) continue;
      const key = usageKey(accountId, oc);
      let used = usage.get(key);
      if (!used) usage.set(key, (used = { month: 0, count: 0, amountMinor: 0 }));
      used.count++;
      used.amountMinor += amount;
    }
  }
  const noUsage = { count: 0, amountMinor: 0 };
  const maxCustomer = (sqlite.prepare('SELECT coalesce(max(id), 0) AS n FROM customers').get() as { n: number }).n;
  const customerDelta = new Float64Array(maxCustomer + 1);
  const customerTouched = new Uint8Array(maxCustomer + 1);
  const byOpCh: (SimulationBreakdown | null)[] = new Array(OPERATIONS.length * CHANNELS.length).fill(null);
  const counts = new Array<number>(EDGES.length + 1).fill(0);
  let transactions = 0;
  let before = 0;
  let after = 0;
  let refusedAfter = 0;
  const fromMs = Date.parse(p.from);
  const span = Math.max(1, Date.parse(p.to) - fromMs);

  const rows = sqlite
    .prepare(
      `SELECT created_at, account_id, operation, channel, amount_minor, status FROM transactions
       WHERE created_at >= ? AND created_at < ? AND status IN ('settled', 'pending') ORDER BY created_at`,
    )
    .raw()
    .iterate(p.from, p.to) as IterableIterator<[string, number, string, string, number, string]>;
  let n = 0;
  for (const [at, accountId, operation, channel, amount, status] of rows) {
    while (at >= monthEnd) {
      month = nextMonth(month);
      monthEnd = monthStartIso(nextMonth(month), p.timeZone);
      monthNo++;
    }
    const op = opIndex.get(operation)!;
    const ch = chIndex.get(channel)!;
    const oc = op * CHANNELS.length + ch;
    let used: Usage | undefined;
    if (needsUsage[oc]) {
      const uKey = usageKey(accountId, oc);
      used = usage.get(uKey);
      if (!used) usage.set(uKey, (used = { month: monthNo, count: 0, amountMinor: 0 }));
      else if (used.month !== monthNo) {
        used.month = monthNo;
        used.count = 0;
        used.amountMinor = 0;
      }
    }
    const key = keyOf(op, ch, segmentOf[accountId]);
    const b = base[key];
    const d = draft[key];
    const feeBefore = b ? calculateFee(b, amount, at, used ?? noUsage).feeMinor : 0;
    let feeAfter = 0;
    if (d) {
      const outcome = calculateFee(d, amount, at, used ?? noUsage);
      if (outcome.kind === 'refused') refusedAfter++;
      feeAfter = outcome.feeMinor;
    }
    const delta = feeAfter - feeBefore;
    transactions++;
    before += feeBefore;
    after += feeAfter;
    const customer = customerOf[accountId];
    customerDelta[customer] += delta;
    customerTouched[customer] = 1;
    let agg = byOpCh[oc];
    if (!agg) {
      agg = byOpCh[oc] = {
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
    counts[bucket]++;
    if (used && status === 'settled') {
      used.count++;
      used.amountMinor += amount;
    }
    if (++n % chunk === 0) yield Math.min(1, Math.max(0, (Date.parse(at) - fromMs) / span));
  }
  return {
    transactions,
    beforeMinor: before,
    afterMinor: after,
    refusedAfter,
    counts,
    byOpCh,
    customerDelta,
    customerTouched,
  };
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
