import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHANNEL_NAMES, contract } from '../../../shared/contract';
import { can, ROLES } from '../../../shared/domain/roles';
import { describeEngines, makeEngineConsole, type EngineConsole } from '../../test/engines';
import { settledSimulation } from '../../test/simulations';
import { VALID_INPUT } from '../../test/valid-inputs';

/**
 * Every read channel, called with valid input by every role allowed to call it, on both engines
 * (describeEngines): none may fail with INTERNAL. PostgreSQL parses what SQLite lets pass (a
 * boolean compared with 1 broke Overview in team mode), and such an error shows on any data.
 */
const NOW = new Date('2026-06-10T03:00:00.000Z');
const READS = CHANNEL_NAMES.filter((c) => !contract[c].writes && !c.startsWith('session:'));
/** Reads that team mode still refuses (NOT_SUPPORTED, see README "Team mode"); every other read must answer. */
const SQLITE_ONLY = new Set<string>(['backups:status']);

describeEngines('every read channel', (kind) => {
  let t: EngineConsole;
  beforeAll(async () => {
    t = await makeEngineConsole(kind, { now: () => NOW });
    for (const role of ROLES) await t.signInAs(role, role, role);
  });
  afterAll(() => t?.close());

  it('answers every role without an internal error, and none refuses the engine', async () => {
    const internal: string[] = [];
    const unsupported: string[] = [];
    for (const channel of READS) {
      const permission = contract[channel].permission;
      for (const role of ROLES.filter((r) => permission === null || can(r, permission))) {
        const r = await t.call(role, channel, VALID_INPUT[channel]);
        if (!r.ok && r.error.code === 'INTERNAL') internal.push(`${channel} as ${role}: ${r.error.message}`);
        if (!r.ok && r.error.code === 'NOT_SUPPORTED' && !SQLITE_ONLY.has(channel)) unsupported.push(channel);
      }
    }
    expect(internal).toEqual([]);
    // The call-volume dashboard and forecast among them: they read the same rollups on PostgreSQL.
    expect(unsupported).toEqual([]);
  });

  it('runs the fee impact simulation to the end on this engine (team mode used to refuse it)', async () => {
    // The empty database has no schedule: one active version, no rules, and a supervisor's draft of it.
    const schedule = await t.db
      .insertInto('fee_schedules')
      .values({ name: 'Sweep', currency: 'CNY' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const active = await t.db
      .insertInto('fee_schedule_versions')
      .values({
        schedule_id: schedule.id,
        version_no: 1,
        status: 'active',
        effective_from: '2026-01-01T00:00:00.000Z',
        effective_to: null,
        created_by: null,
        approved_by: null,
        review_note: null,
        created_at: '2026-01-01T00:00:00.000Z',
        based_on_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const draft = await t.ok('supervisor', 'fees:createDraft', { fromVersionId: active.id });
    const s = await settledSimulation(
      t,
      'supervisor',
      await t.ok('supervisor', 'fees:simulate', { draftId: draft.id, days: 30 }),
    );
    expect(s).toMatchObject({ state: 'done', error: null, result: { transactions: 0, deltaMinor: 0 } });
  });
});
