import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { SEGMENTS } from '../../shared/domain/catalog';
import type { FeeRuleDefinition } from '../../shared/domain/fees';
import { monthStartIso, nextMonth, zonedMonth } from '../../shared/domain/time';
import { readSettings } from '../db/settings';
import { DEMO_FEE_RULES } from './fee-rules';

const DAY = 86_400_000;

/**
 * The demo's fee schedule: 'Standard CNY' version 1, drafted by a supervisor and
 * approved by the admin, for every segment, in force since 400 days before the anchor. It walks the
 * real workflow (draft → submitted → scheduled → active) so the database's own
 * checks hold for seeded data too. Returns the rules by "operation|channel|segment".
 */
export function seedFeeSchedule(
  sqlite: Database.Database,
  anchor: number,
  operators: { id: number; role: string }[],
): Map<string, FeeRuleDefinition> {
  const plan = feeSchedulePlan(anchor, operators);
  return sqlite.transaction(() => {
    const scheduleId = Number(
      sqlite.prepare("INSERT INTO fee_schedules (name, currency) VALUES ('Standard CNY', 'CNY')").run().lastInsertRowid,
    );
    const versionId = Number(
      sqlite
        .prepare(
          "INSERT INTO fee_schedule_versions (schedule_id, version_no, status, effective_from, created_at, created_by) VALUES (?, 1, 'draft', ?, ?, ?)",
        )
        .run(scheduleId, plan.from, plan.created, plan.author).lastInsertRowid,
    );
    const insert = sqlite.prepare(
      'INSERT INTO fee_rules (version_id, operation, channel, segment, definition_json) VALUES (?, ?, ?, ?, ?)',
    );
    for (const r of plan.rules) insert.run(versionId, r.operation, r.channel, r.segment, r.definition_json);
    const step = sqlite.prepare('UPDATE fee_schedule_versions SET status = ?, approved_by = ? WHERE id = ?');
    for (const status of plan.steps) step.run(status, plan.approver, versionId);
    return plan.map;
  })();
}

/** The same schedule through Kysely, on either engine (the cross-engine tests seed PostgreSQL with it). */
export async function seedFeeScheduleVia(db: Kysely<DB>, anchor: number, operators: { id: number; role: string }[]) {
  const plan = feeSchedulePlan(anchor, operators);
  await db.transaction().execute(async (trx) => {
    const s = await trx
      .insertInto('fee_schedules')
      .values({ name: 'Standard CNY', currency: 'CNY' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const v = await trx
      .insertInto('fee_schedule_versions')
      .values({
        schedule_id: s.id,
        version_no: 1,
        status: 'draft',
        effective_from: plan.from,
        created_at: plan.created,
        created_by: plan.author,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('fee_rules')
      .values(plan.rules.map((r) => ({ ...r, version_id: v.id })))
      .execute();
    for (const status of plan.steps) {
      await trx
        .updateTable('fee_schedule_versions')
        .set({ status, approved_by: plan.approver })
        .where('id', '=', v.id)
        .execute();
    }
  });
  return plan.map;
}

/** What both seeders write: version 1 for every segment, and the workflow steps it walks. */
function feeSchedulePlan(anchor: number, operators: { id: number; role: string }[]) {
  const map = new Map<string, FeeRuleDefinition>();
  const rules: { operation: string; channel: string; segment: string; definition_json: string }[] = [];
  for (const r of DEMO_FEE_RULES) {
    for (const segment of SEGMENTS) {
      const definition = segment === 'premium' ? withPremiumPerks(r.operation, r.definition) : r.definition;
      rules.push({ operation: r.operation, channel: r.channel, segment, definition_json: JSON.stringify(definition) });
      map.set(`${r.operation}|${r.channel}|${segment}`, definition);
    }
  }
  return {
    author: operators.find((o) => o.role === 'supervisor')?.id ?? null,
    approver: operators.find((o) => o.role === 'admin')?.id ?? null,
    from: new Date(anchor - 400 * DAY).toISOString(),
    created: new Date(anchor - 410 * DAY).toISOString(),
    rules,
    map,
    steps: ['submitted', 'scheduled', 'active'],
  };
}

/** Premium customers withdraw the first 3 times each month for free (DOMAIN.md, "Promotions"). */
function withPremiumPerks(operation: string, def: FeeRuleDefinition): FeeRuleDefinition {
  return operation === 'withdrawal' ? { ...def, freeQuota: { kind: 'count', count: 3 } } : def;
}

/**
 * Month-to-date usage resets at the business time zone's month boundary, as in pricing
 * and the simulation. Months are cached as [start, end) instants so the generator does
 * not format a date per transaction.
 */
export function businessMonth(sqlite: Database.Database): (iso: string) => string {
  const zone = readSettings(sqlite).timeZone;
  const months: { start: string; end: string; month: string }[] = [];
  return (iso) => {
    for (const m of months) if (iso >= m.start && iso < m.end) return m.month;
    const month = zonedMonth(iso, zone);
    months.push({ start: monthStartIso(month, zone), end: monthStartIso(nextMonth(month), zone), month });
    return month;
  };
}
