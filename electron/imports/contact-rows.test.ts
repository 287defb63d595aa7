import { describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../shared/contract/contact-imports';
import { ZoneClock } from '../../shared/domain/business-time';
import { guessMapping, parseContactRow, parseDuration, parseTime } from './contact-rows';
import { parseCsv } from './csv';

const HEADER =
  'call_id,start_time,media_type,queue_name,wait_time,talk_time,hold_time,wrap_up_time,disposition,account_no';
const mapping: ImportMapping = guessMapping(HEADER.split(','));
const shanghai = new ZoneClock('Asia/Shanghai');
const row = (line: string) => parseContactRow(parseCsv(line)[0], mapping, shanghai);

describe('CSV reading', () => {
  it('handles quotes, doubled quotes, embedded commas and line breaks, CRLF and a BOM', () => {
    const text = '\ufeffa,b,c\r\n1,"two, with ""quotes""","line\nbreak"\r\n\r\n3,,\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'two, with "quotes"', 'line\nbreak'],
      ['3', '', ''],
    ]);
  });
  it('gives the same records however the text is cut into chunks', async () => {
    const { CsvReader } = await import('./csv');
    const text = 'x,y\n"a ""b""",c\r\nd,"e\r\nf"\n';
    for (let cut = 1; cut < text.length; cut++) {
      const out: string[][] = [];
      const r = new CsvReader((f) => out.push(f));
      r.push(text.slice(0, cut));
      r.push(text.slice(cut));
      r.end();
      expect(out).toEqual(parseCsv(text));
    }
  });
});

describe('guessing the mapping from a call-centre export header', () => {
  it('maps every field it recognises', () => {
    expect(mapping).toMatchObject({
      externalId: 0,
      startedAt: 1,
      channel: 2,
      category: 3,
      queueSeconds: 4,
      talkSeconds: 5,
      holdSeconds: 6,
      acwSeconds: 7,
      outcome: 8,
      accountNo: 9,
    });
  });
});

describe('one row', () => {
  it('accepts a clean row and reads its offset', () => {
    const r = row('C-1,2026-06-01T09:15:22+08:00,voice,Payments,12,200,5,30,answered,620000000001');
    expect(r).toEqual({
      ok: true,
      contact: {
        externalKey: 'C-1',
        startedAtMs: Date.parse('2026-06-01T01:15:22Z'),
        channel: 'phone',
        category: 'payment_failure',
        outcome: 'resolved',
        queueSeconds: 12,
        talkSeconds: 200,
        holdSeconds: 5,
        acwSeconds: 30,
        accountNo: '620000000001',
        note: null,
        recordingRef: null,
        recordingNotice: null,
      },
    });
  });
  it('reads a time without an offset in the stated zone, and clock durations', () => {
    const r = row('C-2,2026/06/01 09:15:22,chat,退款,0:45,01:02:03,,,transferred,');
    expect(r.ok && r.contact.startedAtMs).toBe(Date.parse('2026-06-01T01:15:22Z'));
    expect(r.ok && [r.contact.queueSeconds, r.contact.talkSeconds, r.contact.category, r.contact.outcome]).toEqual([
      45,
      3723,
      'refund',
      'escalated',
    ]);
  });
  it('refuses a missing field', () =>
    expect(row('C-3,,voice,Payments,12,200,0,0,answered,')).toMatchObject({
      ok: false,
      reason: 'missing_field',
      field: 'startedAt',
    }));
  it('refuses a missing outcome', () =>
    expect(row('C-3,2026-06-01T09:15:22Z,voice,Payments,12,200,0,0,,')).toMatchObject({
      ok: false,
      reason: 'missing_field',
      field: 'outcome',
    }));
  for (const bad of [
    '2026-06-31T10:00:00+08:00',
    'yesterday 3pm',
    '2026-13-02 10:00',
    '2026-06-02T25:10:00',
    '2026-06-02T10:00:00+15:00',
  ]) {
    it(`refuses a bad time: ${bad}`, () =>
      expect(row(`C-4,${bad},voice,Payments,12,200,0,0,answered,`)).toMatchObject({
        ok: false,
        reason: 'bad_time',
        value: bad,
      }));
  }
  it('refuses a negative duration', () =>
    expect(row('C-5,2026-06-01T09:15:22Z,voice,Payments,-12,200,0,0,answered,')).toMatchObject({
      ok: false,
      reason: 'negative_duration',
      field: 'queueSeconds',
    }));
  it('refuses a duration that is not a number', () =>
    expect(row('C-6,2026-06-01T09:15:22Z,voice,Payments,12,long,0,0,answered,')).toMatchObject({
      ok: false,
      reason: 'bad_number',
      field: 'talkSeconds',
    }));
  it('refuses an unknown channel', () =>
    expect(row('C-7,2026-06-01T09:15:22Z,fax,Payments,12,200,0,0,answered,')).toMatchObject({
      ok: false,
      reason: 'unknown_channel',
      value: 'fax',
    }));
  it('refuses an unknown outcome and category', () => {
    expect(row('C-8,2026-06-01T09:15:22Z,voice,Payments,12,200,0,0,maybe,')).toMatchObject({
      reason: 'unknown_outcome',
    });
    expect(row('C-9,2026-06-01T09:15:22Z,voice,Astrology,12,200,0,0,answered,')).toMatchObject({
      reason: 'unknown_category',
    });
  });
  it('an abandoned contact has no talk time, whatever the export says', () => {
    const r = row('C-10,2026-06-01T09:15:22Z,voice,,40,33,0,9,abandoned,');
    expect(r.ok && [r.contact.talkSeconds, r.contact.acwSeconds, r.contact.category]).toEqual([0, 0, 'other']);
  });
});

describe('times and durations', () => {
  it('a wall-clock time in a DST gap moves forward; a repeated one takes its first occurrence', () => {
    const ny = new ZoneClock('America/New_York');
    expect(new Date(parseTime('2026-03-08 02:30:00', ny)!).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(new Date(parseTime('2026-11-01 01:30:00', ny)!).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });
  it('reads seconds and clock durations', () => {
    expect(parseDuration('95')).toBe(95);
    expect(parseDuration('1:35')).toBe(95);
    expect(parseDuration('-0:05')).toBe(-5);
    expect(parseDuration('abc')).toBeNull();
  });
});
