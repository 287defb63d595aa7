import type { Kysely } from 'kysely';
import type { FeeVersionDetail, FeeVersionSummary } from '../../../shared/contract/fees';
import { AppError } from '../../../shared/contract/errors';
import { ruleKey, type FeeRule } from '../../../shared/domain/fees';
import type { DB } from '../../db/schema';
import type { Services, Trx } from '../core/context';
import { change } from '../core/change';

type Db = Kysely<DB> | Trx;

/** Versions with their author, approver and rule count: correlated lookups on primary keys. */
function versionQuery(db: Db) {
  return db.selectFrom('fee_schedule_versions as v').select((eb) => [
    'v.id',
    'v.schedule_id',
    'v.version_no',
    'v.status',
    'v.effective_from',
    'v.effective_to',
    'v.created_by',
    'v.approved_by',
    'v.review_note',
    'v.created_at',
    'v.version',
    'v.based_on_id',
    eb.selectFrom('operators as o').select('o.display_name').whereRef('o.id', '=', 'v.created_by').as('author'),
    eb.selectFrom('operators as o').select('o.display_name').whereRef('o.id', '=', 'v.approved_by').as('approver'),
    eb
      .selectFrom('fee_rules as r')
      .select((e) => e.fn.countAll<number>().as('n'))
      .whereRef('r.version_id', '=', 'v.id')
      .as('rule_count'),
  ]);
}

type VersionRow = Awaited<ReturnType<ReturnType<typeof versionQuery>['executeTakeFirstOrThrow']>>;

function toSummary(r: VersionRow): FeeVersionSummary {
  return {
    id: r.id,
    scheduleId: r.schedule_id,
    versionNo: r.version_no,
    status: r.status,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    createdBy: r.created_by === null ? null : { id: r.created_by, displayName: r.author ?? '' },
    approvedBy: r.approved_by === null ? null : { id: r.approved_by, displayName: r.approver ?? '' },
    reviewNote: r.review_note,
    createdAt: r.created_at,
    basedOnId: r.based_on_id,
    ruleCount: Number(r.rule_count ?? 0),
    version: r.version,
  };
}

export async function listVersions(db: Db, scheduleId: number): Promise<FeeVersionSummary[]> {
  const rows = await versionQuery(db)
    .where('v.schedule_id', '=', scheduleId)
    .orderBy('v.schedule_id')
    .orderBy('v.version_no', 'desc')
    .execute();
  return rows.map(toSummary);
}

// Rules of a version never change once it leaves draft; a draft's change bumps its row version.
const ruleCache = new Map<string, FeeRule[]>();

export async function loadRules(db: Db, versionId: number, rowVersion: number): Promise<FeeRule[]> {
  const key = `${versionId}:${rowVersion}`;
  const hit = ruleCache.get(key);
  if (hit) return hit;
  const rows = await db
    .selectFrom('fee_rules')
    .select(['operation', 'channel', 'segment', 'definition_json'])
    .where('version_id', '=', versionId)
    .orderBy('operation')
    .orderBy('channel')
    .orderBy('segment')
    .execute();
  const rules = rows.map((r): FeeRule => ({
    operation: r.operation,
    channel: r.channel,
    segment: r.segment,
    definition: JSON.parse(r.definition_json),
  }));
  if (ruleCache.size > 500) ruleCache.clear();
  ruleCache.set(key, rules);
  return rules;
}

export async function loadVersion(db: Db, id: number): Promise<FeeVersionDetail> {
  const row = await versionQuery(db).where('v.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No fee schedule version ${id}`);
  const schedule = await db
    .selectFrom('fee_schedules')
    .select('currency')
    .where('id', '=', row.schedule_id)
    .executeTakeFirstOrThrow();
  return {
    ...toSummary(row),
    currency: schedule.currency,
    rules: await loadRules(db, row.id, row.version),
  };
}

/** The version pricing a schedule at an instant: the latest to start at or before it that has not ended. */
export async function versionInForce(db: Db, scheduleId: number, atIso: string) {
  return db
    .selectFrom('fee_schedule_versions')
    .select(['id', 'version_no', 'status', 'version'])
    .where('schedule_id', '=', scheduleId)
    .where('status', 'in', ['scheduled', 'active', 'superseded'])
    .where('effective_from', '<=', atIso)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', atIso)]))
    .orderBy('effective_from', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Another schedule's live version pricing one of these keys during [from, to): the rule
 * "no two rules overlap for the same operation × channel × segment × time". The
 * database checks the same when a version is scheduled (trigger fee_versions_no_overlap).
 */
export async function findOverlap(
  db: Db,
  version: { id: number; scheduleId: number; rules: FeeRule[] },
  from: string,
  to: string | null,
): Promise<number | null> {
  const live = await db
    .selectFrom('fee_rules as r')
    .innerJoin('fee_schedule_versions as v', 'v.id', 'r.version_id')
    .select(['r.operation', 'r.channel', 'r.segment'])
    .where('v.schedule_id', '<>', version.scheduleId)
    .where('v.status', 'in', ['scheduled', 'active'])
    .where((eb) => eb.or([eb('v.effective_to', 'is', null), eb('v.effective_to', '>', from)]))
    .$if(to !== null, (q) => q.where('v.effective_from', '<', to!))
    .execute();
  const taken = new Set(live.map(ruleKey));
  const index = version.rules.findIndex((r) => taken.has(ruleKey(r)));
  return index < 0 ? null : index;
}

/**
 * Scheduled versions whose effective-from has passed become active, and the version
 * they replace is superseded from that instant: at every start (the app may have been
 * closed at that instant), on a timer while it runs, and before fee reads. Audited as
 * the system.
 */
export async function activateDueVersions(services: Services): Promise<number[]> {
  const nowIso = services.now().toISOString();
  const due = await services.db
    .selectFrom('fee_schedule_versions')
    .select(['id', 'schedule_id', 'version_no', 'effective_from'])
    .where('status', '=', 'scheduled')
    .where('effective_from', '<=', nowIso)
    .orderBy('status')
    .orderBy('effective_from')
    .execute();
  const activated: number[] = [];
  for (const v of due) {
    const done = await change(services, async ({ trx, audit, tell }) => {
      const still = await trx
        .selectFrom('fee_schedule_versions')
        .select('status')
        .where('id', '=', v.id)
        .executeTakeFirst();
      if (still?.status !== 'scheduled') return false; // another caller got there first
      const previous = await trx
        .updateTable('fee_schedule_versions')
        .set((eb) => ({ status: 'superseded', effective_to: v.effective_from, version: eb('version', '+', 1) }))
        .where('schedule_id', '=', v.schedule_id)
        .where('status', '=', 'active')
        .returning(['id', 'version_no'])
        .executeTakeFirst();
      await trx
        .updateTable('fee_schedule_versions')
        .set((eb) => ({ status: 'active', version: eb('version', '+', 1) }))
        .where('id', '=', v.id)
        .execute();
      if (previous)
        await audit({
          action: 'fee_version.superseded',
          entityType: 'fee_version',
          entityId: previous.id,
          before: { status: 'active' },
          after: { status: 'superseded', effectiveTo: v.effective_from, supersededBy: v.version_no },
        });
      await audit({
        action: 'fee_version.activated',
        entityType: 'fee_version',
        entityId: v.id,
        before: { status: 'scheduled' },
        after: { status: 'active', effectiveFrom: v.effective_from, activatedAt: nowIso },
      });
      tell('fees:changed', { versionId: v.id });
      return true;
    });
    if (done) activated.push(v.id);
  }
  return activated;
}
