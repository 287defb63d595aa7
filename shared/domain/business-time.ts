/**
 * Wall-clock arithmetic in the one business time zone, without a date library.
 * Every real zone changes its offset on a 15-minute boundary, so the offset is
 * cached per 15-minute slot: a 90-day range costs at most ~8,640 Intl calls once.
 */
const SLOT_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Monday … 6 = Sunday (the week starts on Monday, as in China and ISO 8601). */
  weekday: number;
}

export class ZoneClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
  }

  /** Minutes to add to UTC to get wall-clock time at this instant (+480 for Asia/Shanghai). */
  offsetMinutes(utcMs: number): number {
    const slot = Math.floor(utcMs / SLOT_MS);
    let off = this.offsets.get(slot);
    if (off === undefined) {
      const at = slot * SLOT_MS;
      const p = this.format.formatToParts(new Date(at));
      const get = (type: string) => Number(p.find((x) => x.type === type)?.value);
      off = Math.round((Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - at) / 60_000);
      if (this.offsets.size > 50_000) this.offsets.clear();
      this.offsets.set(slot, off);
    }
    return off;
  }

  parts(utcMs: number): LocalParts {
    const d = new Date(utcMs + this.offsetMinutes(utcMs) * 60_000);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      weekday: (d.getUTCDay() + 6) % 7,
    };
  }

  /** The local calendar date ('2026-11-22') of an instant. */
  date(utcMs: number): string {
    return new Date(utcMs + this.offsetMinutes(utcMs) * 60_000).toISOString().slice(0, 10);
  }

  /** 'YYYY-MM-DD HH:mm:ss' wall-clock text, for exports. */
  wallText(utcMs: number): string {
    return new Date(utcMs + this.offsetMinutes(utcMs) * 60_000).toISOString().slice(0, 19).replace('T', ' ');
  }

  /**
   * The instant a wall-clock time happens. A time skipped by a DST jump maps forward
   * (02:30 → 03:30); a repeated one maps to its first occurrence.
   */
  toUtc(date: string, hour = 0, minute = 0): number {
    const wall = Date.parse(`${date}T00:00:00Z`) + hour * 3_600_000 + minute * 60_000;
    const first = wall - this.offsetMinutes(wall - 14 * 3_600_000) * 60_000;
    const second = wall - this.offsetMinutes(wall + 14 * 3_600_000) * 60_000;
    // Try the earlier offset first so a repeated hour resolves to its first occurrence.
    for (const t of first <= second ? [first, second] : [second, first]) {
      if (t + this.offsetMinutes(t) * 60_000 === wall) return t;
    }
    return Math.max(first, second); // inside a gap: the instant the clock jumped to
  }

  /** Start of a local day, as an instant. */
  dayStart(date: string): number {
    return this.toUtc(date, 0, 0);
  }
}

const clocks = new Map<string, ZoneClock>();
/** One clock per zone for the process, so its offset cache is shared by every caller. */
export function clockFor(zone: string): ZoneClock {
  let c = clocks.get(zone);
  if (!c) clocks.set(zone, (c = new ZoneClock(zone)));
  return c;
}

/** Calendar arithmetic on 'YYYY-MM-DD' (no zone involved). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The Monday on or before a date. */
export function weekStart(date: string): string {
  return addDays(date, -weekdayOf(date));
}

export const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
