/**
 * A `datetime-local` value ("2026-11-22T09:30") read as wall-clock time in the
 * business time zone, returned as a UTC ISO instant.
 */
export function localInputToIso(local: string, timeZone: string): string {
  const [date, time = '00:00'] = local.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  // The zone's offset at that instant: format the guess in the zone and compare.
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(guess));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asZone = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
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
