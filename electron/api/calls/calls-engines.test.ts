import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZoneClock } from '../../../shared/domain/business-time';
import { CONTACT_CATEGORIES, CONTACT_CHANNELS, CONTACT_OUTCOMES } from '../../../shared/domain/catalog';
import { parseCsv } from '../../imports/csv';
import { exportCsv } from '../../test/csv-export';
import { countRows } from '../../test/harness';
import {
  describeEngines,
  makeEngineConsole,
  PG_SKIP_REASON,
  postgresHost,
  TEST_PG,
  type EngineConsole,
} from '../../test/engines';

/**
 * Call volumes on both engines (describeEngines): contacts logged by hand move the rollups in
 * their own transaction, and the dashboard and forecast read them back, in the business time
 * zone, after a change of zone too (the day and hour rollups are rebuilt). The same contacts
 * give the same figures on SQLite and PostgreSQL, and on PostgreSQL a second desk sees them.
 */
const NOW = new Date('2026-11-03T12:00:00.000Z');
// New York leaves daylight saving time on 2026-11-01: one local day of 25 hours in the range.
const ZONES = ['Asia/Shanghai', 'America/New_York'] as const;

/** 120 contacts over five days around the DST change, every channel, category and outcome, varied waits. */
const CONTACTS = Array.from({ length: 120 }, (_, i) => ({
  channel: CONTACT_CHANNELS[i % CONTACT_CHANNELS.length],
  category: CONTACT_CATEGORIES[(i * 7) % CONTACT_CATEGORIES.length],
  outcome: CONTACT_OUTCOMES[(i * 5) % CONTACT_OUTCOMES.length],
  startedAt: new Date(Date.parse('2026-10-29T00:00:00.000Z') + i * 58 * 60_000 + (i % 13) * 1_000).toISOString(),
  queueSeconds: (i * 17) % 75,
  talkSeconds: 30 + ((i * 31) % 600),
  idempotencyKey: `engines-contact-${i}`,
}));

async function logContacts(t: EngineConsole, zone: string) {
  await t.signInAs('admin', 'admin', 'admin');
  await t.signInAs('sup', 'supervisor', 'sup');
  await t.signInAs('agent', 'agent', 'agent');
  await t.ok('admin', 'settings:update', { timeZone: zone });
  for (const c of CONTACTS) await t.ok('agent', 'contacts:log', c);
}

const INPUTS = [
  { from: '2026-10-28', to: '2026-11-03', interval: 'day', stackBy: 'channel' },
  { from: '2026-10-31', to: '2026-11-02', interval: 'hour', stackBy: 'category' },
  { from: '2026-11-01', to: '2026-11-01', interval: '15m', stackBy: 'channel', channels: ['phone', 'chat'] },
  { from: '2026-10-26', to: '2026-11-08', interval: 'week', stackBy: 'category', categories: ['refund', 'fees'] },
] as const;

/** Every dashboard of INPUTS and one forecast, in each zone in turn (a zone change rebuilds the local rollups). */
async function readEverything(t: EngineConsole) {
  const out: unknown[] = [];
  for (const zone of ZONES) {
    await t.ok('admin', 'settings:update', { timeZone: zone });
    for (const input of INPUTS) {
      out.push(await t.ok('sup', 'calls:dashboard', { channels: [], categories: [], ...input }));
    }
    out.push(await t.ok('sup', 'calls:forecast', { channel: 'phone' }));
  }
  return out;
}

describeEngines('call volumes', (kind) => {
  let t: EngineConsole;
  beforeAll(async () => {
    t = await makeEngineConsole(kind, { now: () => NOW });
    await logContacts(t, ZONES[0]);
  });
  afterAll(() => t?.close());

  it('logs each contact with its rollups and audit event in one transaction', async () => {
    expect(await countRows(t.db, 'contacts')).toBe(CONTACTS.length);
    const audited = await t.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'contact.logged')
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(CONTACTS.length);
    // A retried submit (same key) logs nothing more.
    await t.ok('agent', 'contacts:log', CONTACTS[0]);
    expect(await countRows(t.db, 'contacts')).toBe(CONTACTS.length);
  });

  for (const zone of ZONES) {
    it(`counts every contact on its local day in ${zone}`, async () => {
      await t.ok('admin', 'settings:update', { timeZone: zone });
      const d = await t.ok('sup', 'calls:dashboard', { ...INPUTS[0], channels: [], categories: [] });
      expect(d.timeZone).toBe(zone);
      expect(d.kpis.volume).toBe(CONTACTS.length);
      const clock = new ZoneClock(zone);
      const perDay = new Map<string, number>();
      for (const c of CONTACTS) {
        const day = clock.date(Date.parse(c.startedAt));
        perDay.set(day, (perDay.get(day) ?? 0) + 1);
      }
      expect(Object.fromEntries(d.series.map((p) => [p.label, p.total]))).toEqual(
        Object.fromEntries(d.series.map((p) => [p.label, perDay.get(p.label) ?? 0])),
      );
      // Hours and the heatmap follow the zone too: every contact in the hour of its local time.
      const h = await t.ok('sup', 'calls:dashboard', { ...INPUTS[1], channels: [], categories: [] });
      const inRange = CONTACTS.filter((c) => {
        const day = clock.date(Date.parse(c.startedAt));
        return day >= INPUTS[1].from && day <= INPUTS[1].to;
      });
      const perHour = new Array<number>(24).fill(0);
      for (const c of inRange) perHour[clock.parts(Date.parse(c.startedAt)).hour]++;
      expect(h.abandonByHour.map((x) => x.offered)).toHaveLength(24);
      expect(h.heatmap.reduce((sum, row) => sum.map((v, i) => v + row[i]), new Array<number>(24).fill(0))).toEqual(
        perHour,
      );
    });
  }

  it('shows a contact logged now in the dashboard and its drill-down total', async () => {
    await t.ok('admin', 'settings:update', { timeZone: ZONES[0] });
    const before = await t.ok('sup', 'calls:dashboard', { ...INPUTS[0], channels: [], categories: [] });
    await t.ok('agent', 'contacts:log', {
      channel: 'chat',
      category: 'refund',
      outcome: 'escalated',
      queueSeconds: 12,
      talkSeconds: 240,
      idempotencyKey: 'engines-contact-now',
    });
    const after = await t.ok('sup', 'calls:dashboard', { ...INPUTS[0], channels: [], categories: [] });
    expect(after.kpis.volume).toBe(before.kpis.volume + 1);
    const list = await t.ok('sup', 'contacts:list', {
      filter: { from: after.fromIso, to: after.toIso, channels: ['chat'], categories: ['refund'] },
      sort: 'startedAt',
      dir: 'desc',
      after: null,
      skip: 0,
      limit: 5,
      withTotal: true,
    });
    expect(list.total).toBe(CONTACTS.filter((c) => c.channel === 'chat' && c.category === 'refund').length + 1);
  });

  it('exports the drill-down into a file: every contact of the filter, at its local time', async () => {
    await t.ok('admin', 'settings:update', { timeZone: ZONES[1] });
    const out = await exportCsv(t, 'contacts', 'sup', { categories: ['refund'] });
    const [header, ...rows] = parseCsv(out.csv);
    expect(header[2]).toBe(`started_at (${ZONES[1]})`);
    const clock = new ZoneClock(ZONES[1]);
    const logged = new Map(CONTACTS.map((c) => [`MANUAL-${c.idempotencyKey}`, c]));
    const expected = CONTACTS.filter((c) => c.category === 'refund');
    expect(rows.filter((r) => logged.has(r[1])).map((r) => [r[1], r[2]])).toEqual(
      expected
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
        .map((c) => [`MANUAL-${c.idempotencyKey}`, clock.wallText(Date.parse(c.startedAt))]),
    );
  });
});

describe.skipIf(!TEST_PG)(
  `call volumes: the same figures on both engines${TEST_PG ? '' : ` (${PG_SKIP_REASON})`}`,
  () => {
    const consoles: EngineConsole[] = [];
    afterAll(async () => {
      for (const t of consoles) await t.close();
    });

    it('dashboards and forecasts equal for the same logged contacts', async () => {
      const results: unknown[][] = [];
      for (const kind of ['sqlite', 'postgres'] as const) {
        const t = await makeEngineConsole(kind, { now: () => NOW });
        consoles.push(t);
        await logContacts(t, ZONES[0]);
        results.push(await readEverything(t));
      }
      expect(results[1]).toEqual(results[0]);
    });

    it('a contact logged at one desk shows in the other desk’s dashboard', async () => {
      const deskA = consoles.find((c) => c.kind === 'postgres')!;
      const deskB = await postgresHost(deskA.url, { now: () => NOW });
      try {
        await deskB.signInAs('sup-b', 'supervisor', 'sup-b');
        const input = { ...INPUTS[0], channels: [], categories: [] };
        const before = await deskB.ok('sup-b', 'calls:dashboard', input);
        await deskA.ok('agent', 'contacts:log', {
          channel: 'phone',
          category: 'fees',
          outcome: 'resolved',
          queueSeconds: 3,
          talkSeconds: 90,
          idempotencyKey: 'engines-desk-a',
        });
        const after = await deskB.ok('sup-b', 'calls:dashboard', input);
        expect(after.kpis.volume).toBe(before.kpis.volume + 1);
        expect(after.topCategories.find((c) => c.category === 'fees')!.volume).toBe(
          before.topCategories.find((c) => c.category === 'fees')!.volume + 1,
        );
      } finally {
        await deskB.close();
      }
    });
  },
);
