import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeeRule } from '../../../shared/domain/fees';
import { seedFeeSchedule } from '../../seed/fees';
import { AuditJournal } from '../../seed/journal';
import { makeTestConsole, type TestConsole } from '../../test/harness';
import { keyFileProvider } from '../../db/audit-key';
import { bootConsole } from '../../host/boot';
import { activateDueWork } from '../../host/due-work';

const DAY = 86_400_000;
let clock = new Date('2026-11-20T02:00:00.000Z');
let t: TestConsole;
let ids: Record<'supervisor' | 'supervisor2' | 'admin' | 'agent', number>;

beforeEach(async () => {
  clock = new Date('2026-11-20T02:00:00.000Z');
  t = makeTestConsole({ now: () => clock });
  ids = {
    supervisor: await t.signInAs('sup', 'supervisor'),
    supervisor2: await t.signInAs('sup2', 'supervisor'),
    admin: await t.signInAs('adm', 'admin'),
    agent: await t.signInAs('agt', 'agent'),
  };
  const journal = new AuditJournal(t.sqlite);
  seedFeeSchedule(t.sqlite, clock.getTime(), { author: ids.supervisor, approver: ids.admin }, journal);
  journal.flush();
});
afterEach(() => t.close());

/** Moves the clock; the signed-in test operators stay active (the idle lock reads the same clock). */
function setClock(at: Date) {
  clock = at;
  for (const session of t.services.sessions.values()) session.lastActiveAt = at.getTime();
}

const lowerWithdrawal = (rules: FeeRule[]) =>
  rules.map((r) =>
    r.operation === 'withdrawal' ? { ...r, definition: { ...r.definition, ratePpm: 500, minFeeMinor: 50 } } : r,
  );

/** v1 is active; the supervisor drafts v2 lowering withdrawal fees and submits it. */
async function submittedDraft(author = 'sup') {
  const draft = await t.ok(author, 'fees:createDraft', { fromVersionId: 1 });
  const saved = await t.ok(author, 'fees:saveDraft', {
    id: draft.id,
    expectedVersion: draft.version,
    effectiveFrom: draft.effectiveFrom,
    effectiveTo: null,
    rules: lowerWithdrawal(draft.rules),
  });
  return t.ok(author, 'fees:submit', { id: saved.id, expectedVersion: saved.version });
}

const status = (id: number) =>
  (t.sqlite.prepare('SELECT status FROM fee_schedule_versions WHERE id = ?').get(id) as { status: string }).status;
const actions = (id: number) =>
  (
    t.sqlite
      .prepare("SELECT action, host FROM audit_events WHERE entity_type = 'fee_version' AND entity_id = ? ORDER BY id")
      .all(String(id)) as { action: string; host: string }[]
  ).map((a) => a.action);

describe('the approval workflow', () => {
  it('drafts from the active version, submits, and is approved by someone else into scheduled', async () => {
    const v2 = await submittedDraft();
    expect(v2).toMatchObject({ versionNo: 2, status: 'submitted', basedOnId: 1, ruleCount: 36 });
    const future = new Date(clock.getTime() + 3 * DAY).toISOString();
    const approved = await t.ok('adm', 'fees:approve', {
      id: v2.id,
      expectedVersion: v2.version,
      effectiveFrom: future,
    });
    expect(approved).toMatchObject({ status: 'scheduled', effectiveFrom: future, approvedBy: { id: ids.admin } });
    expect(actions(v2.id)).toEqual([
      'fee_version.drafted',
      'fee_version.edited',
      'fee_version.submitted',
      'fee_version.approved',
    ]);
    expect(t.events.map((e) => e.event)).toContain('fees:changed');
  });

  it('takes an effective time with an offset and stores it in UTC', async () => {
    const v2 = await submittedDraft();
    // 2026-11-23 10:00 in Shanghai is 02:00Z, three days after the clock.
    const approved = await t.ok('adm', 'fees:approve', {
      id: v2.id,
      expectedVersion: v2.version,
      effectiveFrom: '2026-11-23T10:00:00+08:00',
    });
    expect(approved).toMatchObject({ status: 'scheduled', effectiveFrom: '2026-11-23T02:00:00.000Z' });
    const stored = t.sqlite.prepare('SELECT effective_from FROM fee_schedule_versions WHERE id = ?').get(v2.id);
    expect(stored).toEqual({ effective_from: '2026-11-23T02:00:00.000Z' });
  });

  it('the author cannot approve or reject their own version, nor can anyone who edited it', async () => {
    const v2 = await submittedDraft();
    const future = new Date(clock.getTime() + DAY).toISOString();
    expect(
      (await t.refusal('sup', 'fees:approve', { id: v2.id, expectedVersion: v2.version, effectiveFrom: future })).code,
    ).toBe('FEE_SELF_APPROVAL');
    expect((await t.refusal('sup', 'fees:reject', { id: v2.id, expectedVersion: v2.version, note: 'no' })).code).toBe(
      'FEE_SELF_APPROVAL',
    );
    // supervisor2 edits a draft the supervisor started, then may not approve it either.
    const v3 = await t.ok('sup', 'fees:createDraft', { fromVersionId: 1 });
    const edited = await t.ok('sup2', 'fees:saveDraft', {
      id: v3.id,
      expectedVersion: v3.version,
      effectiveFrom: v3.effectiveFrom,
      effectiveTo: null,
      rules: lowerWithdrawal(v3.rules),
    });
    const sub = await t.ok('sup', 'fees:submit', { id: v3.id, expectedVersion: edited.version });
    expect(
      (await t.refusal('sup2', 'fees:approve', { id: v3.id, expectedVersion: sub.version, effectiveFrom: future }))
        .code,
    ).toBe('FEE_SELF_APPROVAL');
    // And the database refuses the same even if a handler forgot.
    expect(() =>
      t.sqlite
        .prepare("UPDATE fee_schedule_versions SET status = 'scheduled', approved_by = created_by WHERE id = ?")
        .run(v2.id),
    ).toThrow();
  });

  it('approval needs a future effective-from; an agent may not draft', async () => {
    const v2 = await submittedDraft();
    const past = new Date(clock.getTime() - 1000).toISOString();
    expect(
      (await t.refusal('adm', 'fees:approve', { id: v2.id, expectedVersion: v2.version, effectiveFrom: past })).code,
    ).toBe('FEE_EFFECTIVE_NOT_FUTURE');
    expect((await t.refusal('agt', 'fees:createDraft', { fromVersionId: 1 })).code).toBe('FORBIDDEN');
    expect(status(v2.id)).toBe('submitted');
  });

  it('a rejected version goes back to draft with the reviewer’s note', async () => {
    const v2 = await submittedDraft();
    const back = await t.ok('sup2', 'fees:reject', {
      id: v2.id,
      expectedVersion: v2.version,
      note: 'Keep the ¥1 minimum',
    });
    expect(back).toMatchObject({ status: 'draft', reviewNote: 'Keep the ¥1 minimum' });
  });

  it('an active or scheduled version is never edited: handler and database both refuse', async () => {
    const v1 = await t.ok('sup', 'fees:version', { id: 1 });
    const err = await t.refusal('sup', 'fees:saveDraft', {
      id: 1,
      expectedVersion: v1.version,
      effectiveFrom: v1.effectiveFrom,
      effectiveTo: null,
      rules: v1.rules,
    });
    expect(err.code).toBe('FEE_VERSION_LOCKED');
    expect(() => t.sqlite.prepare('DELETE FROM fee_rules WHERE version_id = 1').run()).toThrow(/only a draft/);
    expect(() => t.sqlite.prepare("UPDATE fee_schedule_versions SET status = 'draft' WHERE id = 1").run()).toThrow(
      /illegal status/,
    );
  });
});

describe('validation', () => {
  it('a bad percentage is refused naming its rule and field, and nothing is saved', async () => {
    const draft = await t.ok('sup', 'fees:createDraft', { fromVersionId: 1 });
    const rules = draft.rules.map((r, i) =>
      i === 3 ? { ...r, definition: { ...r.definition, ratePpm: 1_500_000 } } : r,
    );
    const err = await t.refusal('sup', 'fees:saveDraft', {
      id: draft.id,
      expectedVersion: draft.version,
      effectiveFrom: draft.effectiveFrom,
      effectiveTo: null,
      rules,
    });
    expect(err.code).toBe('FEE_RULE_INVALID');
    expect(err.fields).toEqual({ 'rules.3.ratePpm': 'rate_invalid' });
    expect(await t.ok('sup', 'fees:version', { id: draft.id })).toEqual(draft);
    // The database has its own check on the stored definition.
    expect(() =>
      t.sqlite
        .prepare(
          "UPDATE fee_rules SET definition_json = json_set(definition_json, '$.ratePpm', 1500000) WHERE version_id = ?",
        )
        .run(draft.id),
    ).toThrow(/invalid definition/);
  });

  it('overlapping rules are refused: the same key twice, or another schedule pricing it at the same time', async () => {
    const draft = await t.ok('sup', 'fees:createDraft', { fromVersionId: 1 });
    const save = (rules: FeeRule[]) =>
      t.refusal('sup', 'fees:saveDraft', {
        id: draft.id,
        expectedVersion: draft.version,
        effectiveFrom: draft.effectiveFrom,
        effectiveTo: null,
        rules,
      });
    const dup = await save([...draft.rules, draft.rules[0]]);
    expect(dup.code).toBe('FEE_RULES_OVERLAP');
    expect(dup.fields).toEqual({ [`rules.${draft.rules.length}.operation`]: 'overlap' });

    // A second schedule whose live version prices premium payments at a branch (a key v1 has no rule for).
    t.sqlite.exec(`
      INSERT INTO fee_schedules (name, currency) VALUES ('Premium campaign', 'CNY');
      INSERT INTO fee_schedule_versions (schedule_id, version_no, status, effective_from, created_at, created_by)
        VALUES (2, 1, 'draft', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', ${ids.supervisor2});
      INSERT INTO fee_rules (version_id, operation, channel, segment, definition_json)
        SELECT last_insert_rowid(), 'payment', 'branch', 'premium', definition_json FROM fee_rules WHERE version_id = 1 LIMIT 1;
    `);
    const other = (t.sqlite.prepare('SELECT max(id) AS id FROM fee_schedule_versions').get() as { id: number }).id;
    const move = (s: string) =>
      t.sqlite
        .prepare('UPDATE fee_schedule_versions SET status = ?, approved_by = ? WHERE id = ?')
        .run(s, ids.admin, other);
    for (const s of ['submitted', 'scheduled', 'active']) move(s);
    const premium = { ...draft.rules[0], operation: 'payment', channel: 'branch', segment: 'premium' } as FeeRule;
    const cross = await save([...draft.rules, premium]);
    expect(cross.code).toBe('FEE_RULES_OVERLAP');
    expect(cross.fields).toEqual({ [`rules.${draft.rules.length}.operation`]: 'overlap' });

    // The database refuses the same when a schedule's version would be scheduled over another's.
    t.sqlite.exec(`
      INSERT INTO fee_schedule_versions (schedule_id, version_no, status, effective_from, created_at, created_by)
        VALUES (2, 2, 'draft', '2027-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', ${ids.supervisor2});
      INSERT INTO fee_rules (version_id, operation, channel, segment, definition_json)
        SELECT last_insert_rowid(), 'withdrawal', 'bank', 'standard', definition_json FROM fee_rules WHERE version_id = 1 LIMIT 1;
    `);
    const clash = (t.sqlite.prepare('SELECT max(id) AS id FROM fee_schedule_versions').get() as { id: number }).id;
    t.sqlite.prepare("UPDATE fee_schedule_versions SET status = 'submitted' WHERE id = ?").run(clash);
    expect(() =>
      t.sqlite
        .prepare("UPDATE fee_schedule_versions SET status = 'scheduled', approved_by = ? WHERE id = ?")
        .run(ids.admin, clash),
    ).toThrow(/overlap with another schedule/);
  });
});

describe('activation', () => {
  async function scheduled(inDays: number) {
    const v2 = await submittedDraft();
    return t.ok('adm', 'fees:approve', {
      id: v2.id,
      expectedVersion: v2.version,
      effectiveFrom: new Date(clock.getTime() + inDays * DAY).toISOString(),
    });
  }

  it('a scheduled version activates at its time; the previous one is superseded; both audited', async () => {
    const v2 = await scheduled(1);
    await activateDueWork(t.services);
    expect(status(v2.id)).toBe('scheduled');
    setClock(new Date(Date.parse(v2.effectiveFrom)));
    await activateDueWork(t.services);
    expect(status(v2.id)).toBe('active');
    expect(status(1)).toBe('superseded');
    const v1 = await t.ok('sup', 'fees:version', { id: 1 });
    expect(v1.effectiveTo).toBe(v2.effectiveFrom);
    expect(actions(v2.id).at(-1)).toBe('fee_version.activated');
    expect(actions(1).at(-1)).toBe('fee_version.superseded');
  });

  it('reads never activate what fell due: the due-work timer does', async () => {
    const v2 = await scheduled(1);
    setClock(new Date(clock.getTime() + 2 * DAY));
    const changes = () => (t.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const before = changes();
    await t.ok('agt', 'fees:schedules', {});
    const versions = await t.ok('agt', 'fees:versions', { scheduleId: 1 });
    expect(versions.find((v) => v.id === v2.id)?.status).toBe('scheduled');
    expect(changes()).toBe(before);
    await activateDueWork(t.services);
    expect(status(v2.id)).toBe('active');
  });

  it('a version that fell due while the app was closed activates on the next start', async () => {
    // The clock sits two days behind real time, so "one day ahead" has passed when the app restarts.
    setClock(new Date(Date.now() - 2 * DAY));
    const v2 = await scheduled(1);
    t.sqlite.close();
    const app = await bootConsole({
      dbPath: t.file,
      host: 'browser',
      demo: false,
      auditKey: keyFileProvider(`${t.file}.key`),
    });
    try {
      const row = app.sqlite!.prepare('SELECT status FROM fee_schedule_versions WHERE id = ?').get(v2.id) as {
        status: string;
      };
      expect(row.status).toBe('active');
      const audit = app
        .sqlite!.prepare("SELECT host FROM audit_events WHERE action = 'fee_version.activated' AND entity_id = ?")
        .get(String(v2.id)) as { host: string };
      expect(audit.host).toBe('system');
    } finally {
      app.stopTimers();
      app.sqlite!.close();
    }
  });
});

describe('preview', () => {
  it('quotes the version in force and the draft side by side, in under 5 ms', async () => {
    const v2 = await submittedDraft();
    const input = {
      scheduleId: 1,
      draftId: v2.id,
      operation: 'withdrawal',
      channel: 'bank',
      segment: 'premium',
      amountMinor: 100_000,
      at: clock.toISOString(),
      usage: { count: 3, amountMinor: 0 },
    };
    const p = await t.ok('agt', 'fees:preview', input);
    expect(p.current).toMatchObject({ versionNo: 1, quote: { feeMinor: 100, netMinor: 100_100 } });
    expect(p.draft).toMatchObject({ versionNo: 2, quote: { feeMinor: 50 } });
    expect(p.current?.quote.ruleSentence?.en).toBe(
      '0.1% of the amount, at least ¥1, at most ¥25; minimum amount ¥10; the first 3 withdrawals each month are free',
    );
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      await t.ok('agt', 'fees:preview', { ...input, amountMinor: 100_000 + i });
      times.push(performance.now() - t0);
    }
    expect(times.sort((a, b) => a - b)[25]).toBeLessThan(5);
  });
});
