import type { Role } from '../../shared/domain/roles';
import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { SEGMENTS } from '../../shared/domain/catalog';
import type { FeeRuleDefinition } from '../../shared/domain/fees';
import { monthStartIso, nextMonth, zonedMonth } from '../../shared/domain/time';
import { readSettings } from '../db/settings';
import { DEMO_FEE_RULES } from './fee-rules';
import type { AuditJournal } from './journal';

const DAY = 86_400_000;

/**
 * The demo's fee schedule: 'Standard CNY' version 1, drafted by a supervisor and
 * approved by the admin, for every segment, in force since 400 days before the anchor. It walks the
 * real workflow (draft → submitted → scheduled → active) so the database's own
 * checks hold for seeded data too, each step with the audit event its handler writes.
 * Returns the rules by "operation|channel|segment".
 */
export function seedFeeSchedule(
  sqlite: Database.Database,
  anchor: number,
  people: { author: number; approver: number },
  journal: AuditJournal,
): Map<string, FeeRuleDefinition> {
  const { author, approver } = people;
  return sqlite.transaction(() => {
    const scheduleId = Number(
      sqlite.prepare("INSERT INTO fee_schedules (name, currency) VALUES ('Standard CNY', 'CNY')").run().lastInsertRowid,
    );
    const from = new Date(anchor - 400 * DAY).toISOString();
    const created = new Date(anchor - 410 * DAY).toISOString();
    const versionId = Number(
      sqlite
        .prepare(
          "INSERT INTO fee_schedule_versions (schedule_id, version_no, status, effective_from, created_at, created_by) VALUES (?, 1, 'draft', ?, ?, ?)",
        )
        .run(scheduleId, from, created, author).lastInsertRowid,
    );
    const insert = sqlite.prepare(
      'INSERT INTO fee_rules (version_id, operation, channel, segment, definition_json) VALUES (?, ?, ?, ?, ?)',
    );
    const map = new Map<string, FeeRuleDefinition>();
    for (const r of DEMO_FEE_RULES) {
      for (const segment of SEGMENTS) {
        const definition = segment === 'premium' ? withPremiumPerks(r.operation, r.definition) : r.definition;
        insert.run(versionId, r.operation, r.channel, segment, JSON.stringify(definition));
        map.set(`${r.operation}|${r.channel}|${segment}`, definition);
      }
    }
    const step = sqlite.prepare(
      'UPDATE fee_schedule_versions SET status = ?, approved_by = ?, version = version + 1 WHERE id = ?',
    );
    const event = (
      at: number,
      who: number | null,
      role: Role | null,
      action: string,
      before: object | null,
      after: object,
    ) =>
      journal.add(
        { at, operatorId: who, role },
        {
          action,
          entityType: 'fee_version',
          entityId: versionId,
          before: before as Record<string, unknown> | null,
          after: after as Record<string, unknown>,
        },
      );
    const drafted = anchor - 410 * DAY;
    event(drafted, author, 'supervisor', 'fee_version.drafted', null, { versionNo: 1, basedOn: null, rules: map.size });
    step.run('submitted', null, versionId);
    event(
      drafted + 3_600_000,
      author,
      'supervisor',
      'fee_version.submitted',
      { status: 'draft' },
      { status: 'submitted' },
    );
    step.run('scheduled', approver, versionId);
    event(
      drafted + DAY,
      approver,
      'admin',
      'fee_version.approved',
      { status: 'submitted', effectiveFrom: from },
      {
        status: 'scheduled',
        effectiveFrom: from,
      },
    );
    step.run('active', approver, versionId);
    event(
      anchor - 400 * DAY,
      null,
      null,
      'fee_version.activated',
      { status: 'scheduled' },
      {
        status: 'active',
        effectiveFrom: from,
        activatedAt: from,
      },
    );
    return map;
  })();
}

/**
 * The same version 1 through Kysely, on either engine, walked through its workflow steps (the
 * cross-engine tests seed PostgreSQL with it; the demo dataset uses seedFeeSchedule).
 */
export async function seedFeeScheduleVia(db: Kysely<DB>, anchor: number, people: { author: number; approver: number }) {
  const rules = DEMO_FEE_RULES.flatMap((r) =>
    SEGMENTS.map((segment) => ({
      operation: r.operation,
      channel: r.channel,
      segment,
      definition_json: JSON.stringify(
        segment === 'premium' ? withPremiumPerks(r.operation, r.definition) : r.definition,
      ),
    })),
  );
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
        effective_from: new Date(anchor - 400 * DAY).toISOString(),
        created_at: new Date(anchor - 410 * DAY).toISOString(),
        created_by: people.author,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('fee_rules')
      .values(rules.map((r) => ({ ...r, version_id: v.id })))
      .execute();
    for (const status of ['submitted', 'scheduled', 'active'] as const) {
      await trx
        .updateTable('fee_schedule_versions')
        .set({ status, approved_by: people.approver })
        .where('id', '=', v.id)
        .execute();
    }
  });
}

/** Premium customers withdraw the first 3 times each month for free (a monthly free quota, docs/domain.md, "Fees"). */
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
