import { addDays, clockFor } from './business-time';

/** Complaints (issue 16): where they come from, what about, and how they end. */
export const COMPLAINT_CHANNELS = ['phone', 'chat', 'email', 'social', 'letter', 'branch', 'regulator'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export const COMPLAINT_CATEGORIES = [
  'fees',
  'refund',
  'payment_failure',
  'frozen_account',
  'service',
  'fraud',
  'privacy',
  'other',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

/** Who referred a complaint: the PBOC's 12363 line takes complaints about payment institutions. */
export const REGULATORS = ['pboc_12363', 'other_regulator'] as const;
export type Regulator = (typeof REGULATORS)[number];

export const COMPLAINT_OUTCOMES = ['upheld', 'partially_upheld', 'not_upheld'] as const;
export type ComplaintOutcome = (typeof COMPLAINT_OUTCOMES)[number];

/**
 * The response clock, in calendar days in the business time zone: 15 days, extendable to 30
 * for a complex case (the 12363 rules). Admins set both in Settings.
 */
export interface ComplaintClock {
  responseDays: number;
  extendedDays: number;
}
export const DEFAULT_COMPLAINT_CLOCK: ComplaintClock = { responseDays: 15, extendedDays: 30 };
export const COMPLAINT_CLOCK_KEY = 'complaints.clock';

export function clockProblem(c: ComplaintClock): 'RANGE' | 'EXTENDED_SHORTER' | null {
  const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= 90;
  if (!ok(c.responseDays) || !ok(c.extendedDays)) return 'RANGE';
  if (c.extendedDays < c.responseDays) return 'EXTENDED_SHORTER';
  return null;
}

/** The end of the business day `days` calendar days after the complaint arrived, as a UTC instant. */
export function responseDueAt(openedAt: string, days: number, timeZone: string): string {
  const clock = clockFor(timeZone);
  const opened = clock.date(Date.parse(openedAt));
  return new Date(clock.dayStart(addDays(opened, days + 1))).toISOString();
}

/** The deadline that binds: ours, or the regulator's when it is earlier. */
export function bindingDueAt(ownDueAt: string, regulatorDueAt: string | null): string {
  return regulatorDueAt && regulatorDueAt < ownDueAt ? regulatorDueAt : ownDueAt;
}

export interface ComplaintFact {
  category: ComplaintCategory;
  dueAt: string;
  respondedAt: string | null;
  outcome: ComplaintOutcome | null;
}

export interface CategoryFigures {
  category: ComplaintCategory;
  volume: number;
  open: number;
  overdue: number;
  responded: number;
  upheld: number;
  partiallyUpheld: number;
  notUpheld: number;
  /** (upheld + partially upheld) / responded, in per mille; null before any response. */
  upheldPermille: number | null;
}

/**
 * Volume, overdue and upheld rate per category. Overdue: answered after the deadline, or still
 * unanswered past it at `now`. A partly upheld complaint counts as upheld in the rate, as
 * regulators count it.
 */
export function summariseComplaints(rows: Iterable<ComplaintFact>, now: Date): CategoryFigures[] {
  const nowIso = now.toISOString();
  const by = new Map<ComplaintCategory, CategoryFigures>();
  for (const r of rows) {
    let f = by.get(r.category);
    if (!f) {
      f = {
        category: r.category,
        volume: 0,
        open: 0,
        overdue: 0,
        responded: 0,
        upheld: 0,
        partiallyUpheld: 0,
        notUpheld: 0,
        upheldPermille: null,
      };
      by.set(r.category, f);
    }
    f.volume++;
    if (r.respondedAt === null) f.open++;
    else f.responded++;
    if ((r.respondedAt ?? nowIso) > r.dueAt) f.overdue++;
    if (r.outcome === 'upheld') f.upheld++;
    if (r.outcome === 'partially_upheld') f.partiallyUpheld++;
    if (r.outcome === 'not_upheld') f.notUpheld++;
  }
  for (const f of by.values()) {
    f.upheldPermille = f.responded ? Math.round(((f.upheld + f.partiallyUpheld) * 1000) / f.responded) : null;
  }
  return COMPLAINT_CATEGORIES.flatMap((c) => (by.has(c) ? [by.get(c)!] : []));
}
