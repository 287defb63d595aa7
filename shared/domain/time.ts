/**
 * A `datetime-local` value ("2026-11-22T09:30") read as wall-clock time in the
 * business time zone, returned as a UTC ISO instant.
 */
export function localInputToIso(local: string, timeZone: string): string {
  const [date, time = '00:00'] = local.split('T');
  const [y, m, d] = date.split('-').map(Number);
  // Seconds are optional ("09:30" or "09:30:15", as an <input step="1"> gives).
  const [hh, mm, ss = 0] = time.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm, ss);
  // The zone's offset at that instant: format the guess in the zone and compare.
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(guess));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asZone = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return new Date(guess - (asZone - guess)).toISOString();
}

/** The calendar date ("2026-11-22") of an instant in a time zone. */
export function zonedDate(iso: string | Date, timeZone: string): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** The UTC instant at which a zone's calendar day begins. */
export function startOfZonedDay(date: string, timeZone: string): string {
  return localInputToIso(`${date}T00:00`, timeZone);
}

/** The calendar date `days` after `date` ("2026-11-22" + 1 → "2026-11-23"). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const monthFormats = new Map<string, Intl.DateTimeFormat>();

/** "2026-11": the calendar month an instant falls in, in the given time zone. */
export function zonedMonth(iso: string, timeZone: string): string {
  let f = monthFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
    monthFormats.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(iso));
  return `${parts.find((p) => p.type === 'year')?.value}-${parts.find((p) => p.type === 'month')?.value}`;
}

/** The UTC instant at which a zone's calendar month ("2026-11") begins. */
export function monthStartIso(month: string, timeZone: string): string {
  return localInputToIso(`${month}-01T00:00`, timeZone);
}

/** The month after "2026-12" is "2027-01". */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The inverse of localInputToIso: a UTC instant as "2026-11-22T09:30" wall-clock time in the zone. */
export function isoToLocalInput(iso: string, timeZone: string, withSeconds = false): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  const hm = `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
  return withSeconds ? `${hm}:${get('second')}` : hm;
}
