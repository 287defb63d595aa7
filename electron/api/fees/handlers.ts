import { AppError } from '../../../shared/contract/errors';
import { postgresTargetOf } from '../../imports/run-import-postgres';
import type { FeeVersionDetail, PreviewSide } from '../../../shared/contract/fees';
import { diffRules, issuesToFields, validateRules } from '../../../shared/domain/fee-validation';
import { quoteFee, ruleKey, type FeeRule } from '../../../shared/domain/fees';
import type { FeeVersionStatus } from '../../../shared/domain/catalog';
import { localInputToIso } from '../../../shared/domain/time';
import { appendAudit } from '../../db/audit';
import { changeMarkOf } from '../../db/keyset';
import type { AuthedContext, Trx } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { cancelSimulation, simulationStatus, startSimulation } from './simulation';
import { transactionDensity } from './simulation-density';
import { findOverlap, listVersions, loadRules, loadVersion, versionInForce } from './versions';
import { actor } from '../core/permissions';
import { readSettings } from '../../db/settings';

const DAY = 86_400_000;

/** Loads a version for a workflow step and checks the caller saw its latest state. */
async function loadForStep(trx: Trx, id: number, expectedVersion: number, status: FeeVersionStatus) {
  const v = await loadVersion(trx, id);
  if (v.version !== expectedVersion) throw new AppError('STALE_VERSION', 'This version was changed; reload');
  if (v.status !== status) {
    if (status === 'draft') throw new AppError('FEE_VERSION_LOCKED', `Version ${v.versionNo} is ${v.status}`);
    throw new AppError('FEE_WRONG_STATUS', `Version ${v.versionNo} is ${v.status}, not ${status}`);
  }
  return v;
}

function assertValid(rules: FeeRule[], from: string, to: string | null) {
  if (to !== null && to <= from) {
    throw new AppError('VALIDATION', 'The effective-to time must come after effective-from', {
      effectiveTo: 'too_small',
    });
  }
  const issues = validateRules(rules, { from, to });
  if (issues.length === 0) return;
  const first = issues[0];
  const r = rules[first.index];
  const code = issues.every((i) => i.code === 'overlap') ? 'FEE_RULES_OVERLAP' : 'FEE_RULE_INVALID';
  throw new AppError(
    code,
    `Rule ${r.operation}/${r.channel}/${r.segment}: ${first.field} is ${first.code}`,
    issuesToFields(issues),
  );
}

async function assertNoOverlap(trx: Trx, v: FeeVersionDetail, from: string, to: string | null) {
  const index = await findOverlap(trx, v, from, to);
  if (index === null) return;
  const r = v.rules[index];
  throw new AppError('FEE_RULES_OVERLAP', `Rule ${ruleKey(r)} is priced by another schedule in that period`, {
    [`rules.${index}.operation`]: 'overlap',
  });
}

/** Four eyes: the approver neither drafted nor edited the version (the audit trail says who did). */
async function assertNotAuthor(trx: Trx, ctx: AuthedContext, v: FeeVersionDetail) {
  const me = ctx.session.operatorId;
  const edited = await trx
    .selectFrom('audit_events')
    .select('id')
    .where('entity_type', '=', 'fee_version')
    .where('entity_id', '=', String(v.id))
    .where('operator_id', '=', me)
    .where('action', 'in', ['fee_version.drafted', 'fee_version.edited'])
    .limit(1)
    .executeTakeFirst();
  if (v.createdBy?.id === me || edited) {
    throw new AppError('FEE_SELF_APPROVAL', 'The author of a version cannot review it');
  }
}

/** Midnight at the start of tomorrow in the business time zone: a draft's proposed start. */
function tomorrowIso(ctx: AuthedContext): string {
  const zone = readSettings(ctx.engine).timeZone;
  const day = new Date(ctx.now().getTime() + DAY).toLocaleDateString('en-CA', { timeZone: zone });
  return localInputToIso(`${day}T00:00`, zone);
}

/** One workflow write: the change and its audit event in one transaction, then the event. */
async function step(
  ctx: AuthedContext,
  write: (trx: Trx) => Promise<{ id: number; action: string; before?: object; after?: object; note?: string }>,
): Promise<FeeVersionDetail> {
  const { id, lastId } = await ctx.db.transaction().execute(async (trx) => {
    const w = await write(trx);
    const lastId = await appendAudit(trx, {
      ...actor(ctx),
      action: w.action,
      entityType: 'fee_version',
      entityId: w.id,
      before: (w.before as Record<string, unknown>) ?? null,
      after: (w.after as Record<string, unknown>) ?? null,
      note: w.note ?? null,
    });
    return { id: w.id, lastId };
  });
  ctx.emit('fees:changed', { versionId: id });
  ctx.emit('audit:appended', { lastId });
  return loadVersion(ctx.db, id);
}

export const feeHandlers: Pick<
  Handlers,
  | 'fees:schedules'
  | 'fees:versions'
  | 'fees:version'
  | 'fees:createDraft'
  | 'fees:saveDraft'
  | 'fees:submit'
  | 'fees:approve'
  | 'fees:reject'
  | 'fees:diff'
  | 'fees:preview'
  | 'fees:simulate'
  | 'fees:simulationStatus'
  | 'fees:cancelSimulation'
> = {
  async 'fees:schedules'(ctx) {
    const rows = await ctx.db
      .selectFrom('fee_schedules as s')
      .select((eb) => [
        's.id',
        's.name',
        's.currency',
        eb
          .selectFrom('fee_schedule_versions as v')
          .select('v.id')
          .whereRef('v.schedule_id', '=', 's.id')
          .where('v.status', '=', 'active')
          .as('active_id'),
      ])
      .orderBy('s.name')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      currency: r.currency,
      activeVersionId: r.active_id ?? null,
    }));
  },

  async 'fees:versions'(ctx, { scheduleId }) {
    return listVersions(ctx.db, scheduleId);
  },

  async 'fees:version'(ctx, { id }) {
    return loadVersion(ctx.db, id);
  },

  async 'fees:createDraft'(ctx, { fromVersionId }) {
    return step(ctx, async (trx) => {
      const source = await loadVersion(trx, fromVersionId);
      const last = await trx
        .selectFrom('fee_schedule_versions')
        .select((eb) => eb.fn.max('version_no').as('n'))
        .where('schedule_id', '=', source.scheduleId)
        .executeTakeFirstOrThrow();
      const effectiveFrom = tomorrowIso(ctx);
      const created = await trx
        .insertInto('fee_schedule_versions')
        .values({
          schedule_id: source.scheduleId,
          version_no: Number(last.n ?? 0) + 1,
          status: 'draft',
          effective_from: effectiveFrom,
          created_by: ctx.session.operatorId,
          created_at: ctx.now().toISOString(),
          based_on_id: source.id,
        })
        .returning(['id', 'version_no'])
        .executeTakeFirstOrThrow();
      if (source.rules.length)
        await trx
          .insertInto('fee_rules')
          .values(source.rules.map((r) => ({ version_id: created.id, ...rowOf(r) })))
          .execute();
      return {
        id: created.id,
        action: 'fee_version.drafted',
        after: { versionNo: created.version_no, basedOn: source.versionNo, rules: source.rules.length },
      };
    });
  },

  async 'fees:saveDraft'(ctx, input) {
    const rules = input.rules as FeeRule[];
    assertValid(rules, input.effectiveFrom, input.effectiveTo);
    return step(ctx, async (trx) => {
      const v = await loadForStep(trx, input.id, input.expectedVersion, 'draft');
      await assertNoOverlap(trx, { ...v, rules }, input.effectiveFrom, input.effectiveTo);
      await trx.deleteFrom('fee_rules').where('version_id', '=', v.id).execute();
      if (rules.length)
        await trx
          .insertInto('fee_rules')
          .values(rules.map((r) => ({ version_id: v.id, ...rowOf(r) })))
          .execute();
      await trx
        .updateTable('fee_schedule_versions')
        .set({ effective_from: input.effectiveFrom, effective_to: input.effectiveTo, version: v.version + 1 })
        .where('id', '=', v.id)
        .execute();
      const changes = diffRules(v.rules, rules);
      return {
        id: v.id,
        action: 'fee_version.edited',
        before: { effectiveFrom: v.effectiveFrom, effectiveTo: v.effectiveTo },
        after: {
          effectiveFrom: input.effectiveFrom,
          effectiveTo: input.effectiveTo,
          changes: changes.map(
            (c) => `${c.change} ${c.key}${c.fields.length ? `: ${c.fields.map((f) => f.field).join(', ')}` : ''}`,
          ),
        },
      };
    });
  },

  async 'fees:submit'(ctx, { id, expectedVersion }) {
    return step(ctx, async (trx) => {
      const v = await loadForStep(trx, id, expectedVersion, 'draft');
      assertValid(v.rules, v.effectiveFrom, v.effectiveTo);
      await trx
        .updateTable('fee_schedule_versions')
        .set({ status: 'submitted', version: v.version + 1 })
        .where('id', '=', id)
        .execute();
      return { id, action: 'fee_version.submitted', before: { status: 'draft' }, after: { status: 'submitted' } };
    });
  },

  async 'fees:approve'(ctx, { id, expectedVersion, effectiveFrom, note }) {
    return step(ctx, async (trx) => {
      const v = await loadForStep(trx, id, expectedVersion, 'submitted');
      await assertNotAuthor(trx, ctx, v);
      if (effectiveFrom <= ctx.now().toISOString()) {
        throw new AppError('FEE_EFFECTIVE_NOT_FUTURE', `Effective-from ${effectiveFrom} is not in the future`, {
          effectiveFrom: 'not_future',
        });
      }
      assertValid(v.rules, effectiveFrom, v.effectiveTo);
      await assertNoOverlap(trx, v, effectiveFrom, v.effectiveTo);
      // Approval carries the effective-from date, so the version is scheduled in the same step.
      await trx
        .updateTable('fee_schedule_versions')
        .set({
          status: 'scheduled',
          approved_by: ctx.session.operatorId,
          effective_from: effectiveFrom,
          review_note: note?.trim() || null,
          version: v.version + 1,
        })
        .where('id', '=', id)
        .execute();
      return {
        id,
        action: 'fee_version.approved',
        before: { status: 'submitted', effectiveFrom: v.effectiveFrom },
        after: { status: 'scheduled', effectiveFrom },
        note,
      };
    });
  },

  async 'fees:reject'(ctx, { id, expectedVersion, note }) {
    return step(ctx, async (trx) => {
      const v = await loadForStep(trx, id, expectedVersion, 'submitted');
      await assertNotAuthor(trx, ctx, v);
      await trx
        .updateTable('fee_schedule_versions')
        .set({ status: 'draft', review_note: note, version: v.version + 1 })
        .where('id', '=', id)
        .execute();
      return { id, action: 'fee_version.rejected', before: { status: 'submitted' }, after: { status: 'draft' }, note };
    });
  },

  async 'fees:diff'(ctx, { fromId, toId }) {
    const [a, b] = await Promise.all([loadVersion(ctx.db, fromId), loadVersion(ctx.db, toId)]);
    return diffRules(a.rules, b.rules);
  },

  async 'fees:preview'(ctx, input) {
    const schedule = await ctx.db
      .selectFrom('fee_schedules')
      .select('currency')
      .where('id', '=', input.scheduleId)
      .executeTakeFirst();
    if (!schedule) throw new AppError('NOT_FOUND', `No fee schedule ${input.scheduleId}`);
    const currency = schedule.currency;
    const zone = readSettings(ctx.engine).timeZone;
    const q = { ...input, atIso: new Date(input.at).toISOString() };
    const side = async (v: { id: number; version_no: number; status: FeeVersionStatus; version: number }) =>
      ({
        versionId: v.id,
        versionNo: v.version_no,
        status: v.status,
        quote: quoteFee(await loadRules(ctx.db, v.id, v.version), currency, q, zone),
      }) satisfies PreviewSide;
    const current = await versionInForce(ctx.db, input.scheduleId, q.atIso);
    const draft =
      input.draftId === null
        ? undefined
        : await ctx.db
            .selectFrom('fee_schedule_versions')
            .select(['id', 'version_no', 'status', 'version'])
            .where('id', '=', input.draftId)
            .where('schedule_id', '=', input.scheduleId)
            .executeTakeFirst();
    if (input.draftId !== null && !draft) throw new AppError('NOT_FOUND', `No fee version ${input.draftId}`);
    return { current: current ? await side(current) : null, draft: draft ? await side(draft) : null };
  },

  async 'fees:simulate'(ctx, { draftId, days }) {
    const draft = await loadVersion(ctx.db, draftId);
    const base = await ctx.db
      .selectFrom('fee_schedule_versions')
      .select(['id', 'version'])
      .where('schedule_id', '=', draft.scheduleId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (!base) throw new AppError('FEE_NO_ACTIVE_VERSION', 'No active version to compare with');
    const to = ctx.now();
    // Before the sizes: a customer added after this moves the mark, so lookups loaded without it are not kept.
    const lookupsMark = await changeMarkOf(ctx, 'customers');
    const largest = async (table: 'accounts' | 'customers') => {
      const row = await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.max('id').as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    };
    const params = {
      baseRules: await loadRules(ctx.db, base.id, base.version),
      draftRules: draft.rules,
      from: new Date(to.getTime() - days * DAY).toISOString(),
      to: to.toISOString(),
      timeZone: readSettings(ctx.engine).timeZone,
    };
    return startSimulation({
      dbPath: ctx.engine.sqlite?.name ?? '',
      // Team mode: each worker opens its own connection to the same server, as the CSV import's does.
      postgres: postgresTargetOf(ctx.engine),
      days,
      baseVersionId: base.id,
      draftVersionId: draftId,
      params,
      density: await transactionDensity(ctx.db, params),
      sizes: { maxAccount: await largest('accounts'), maxCustomer: await largest('customers') },
      lookupsMark,
    });
  },

  async 'fees:simulationStatus'(_ctx, { jobId }) {
    return simulationStatus(jobId);
  },

  async 'fees:cancelSimulation'(_ctx, { jobId }) {
    return cancelSimulation(jobId);
  },
};

function rowOf(r: FeeRule) {
  return {
    operation: r.operation,
    channel: r.channel,
    segment: r.segment,
    definition_json: JSON.stringify(r.definition),
  };
}
