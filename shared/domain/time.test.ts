import { describe, expect, it } from 'vitest';
import { isoToLocalInput, localInputToIso, monthStartIso, startOfZonedDay, zonedDate, zonedMonth } from './time';

describe('wall-clock time in the business time zone', () => {
  it('reads a time just after spring-forward west of UTC correctly (New York, 8 March 2026)', () => {
    expect(localInputToIso('2026-03-08T03:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(localInputToIso('2026-03-08T01:30', 'America/New_York')).toBe('2026-03-08T06:30:00.000Z');
  });

  it('maps a skipped time forward and a repeated time to its first occurrence', () => {
    expect(localInputToIso('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(localInputToIso('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
  });

  it('keeps seconds and round-trips every 15 minutes across both New York changes and a half-hour zone', () => {
    expect(localInputToIso('2026-11-22T09:30:15', 'Asia/Shanghai')).toBe('2026-11-22T01:30:15.000Z');
    for (const zone of ['America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC']) {
      for (const from of ['2026-03-07T00:00:00Z', '2026-10-31T00:00:00Z', '2026-04-04T00:00:00Z']) {
        for (let at = Date.parse(from); at < Date.parse(from) + 3 * 86_400_000; at += 15 * 60_000) {
          const iso = new Date(at).toISOString();
          const wall = isoToLocalInput(iso, zone, true);
          // A repeated wall time reads back as its first occurrence, so compare the wall clock.
          expect(isoToLocalInput(localInputToIso(wall, zone), zone, true), `${zone} ${iso}`).toBe(wall);
        }
      }
    }
  });

  it('finds days and months where they begin in the zone', () => {
    expect(zonedDate('2026-02-01T04:45:00Z', 'America/New_York')).toBe('2026-01-31');
    expect(zonedMonth('2026-02-01T04:45:00Z', 'America/New_York')).toBe('2026-01');
    expect(startOfZonedDay('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfZonedDay('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
    expect(monthStartIso('2028-03', 'Asia/Shanghai')).toBe('2028-02-29T16:00:00.000Z');
  });
});
