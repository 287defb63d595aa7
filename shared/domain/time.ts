import { addDays, clockFor, weekStart } from './business-time';

/**
 * The forms the screens and the contract use for instants and wall-clock text. Every zone
 * calculation is ZoneClock's (business-time.ts); this module only converts between forms.
 */
export { addDays };

/**
 * A `datetime-local` value ("2026-11-22T09:30", seconds optional) read as wall-clock time in the
 * business time zone, returned as a UTC ISO instant. A time skipped by a DST jump maps forward;
 * a repeated one maps to its first occurrence.
 */
export function localInputToIso(local: string, timeZone: string): string {
  const [date, time = '00:00'] = local.split('T');
  const [hh, mm, ss = 0] = time.split(':').map(Number);
  return new Date(clockFor(timeZone).toUtc(date, hh, mm) + ss * 1000).toISOString();
}

/** The calendar date ("2026-11-22") of an instant in a time zone. */
export function zonedDate(iso: string | Date, timeZone: string): string {
  return clockFor(timeZone).date(typeof iso === 'string' ? Date.parse(iso) : iso.getTime());
}

/** The UTC instant at which a zone's calendar day begins. */
export function startOfZonedDay(date: string, timeZone: string): string {
  return new Date(clockFor(timeZone).dayStart(date)).toISOString();
}

/** "2026-11": the calendar month an instant falls in, in the given time zone. */
export function zonedMonth(iso: string, timeZone: string): string {
  return zonedDate(iso, timeZone).slice(0, 7);
}

/** The UTC instant at which a zone's calendar month ("2026-11") begins. */
export function monthStartIso(month: string, timeZone: string): string {
  return startOfZonedDay(`${month}-01`, timeZone);
}

/** The month after "2026-12" is "2027-01". */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The inverse of localInputToIso: a UTC instant as "2026-11-22T09:30" wall-clock time in the zone. */
export function isoToLocalInput(iso: string, timeZone: string, withSeconds = false): string {
  const wall = clockFor(timeZone).wallText(Date.parse(iso)).replace(' ', 'T');
  return withSeconds ? wall : wall.slice(0, 16);
}

/** The UTC instant at which the business week (Monday 00:00 in the zone) holding `now` began. */
export function startOfZonedWeek(now: Date, timeZone: string): string {
  return startOfZonedDay(weekStart(zonedDate(now, timeZone)), timeZone);
}
