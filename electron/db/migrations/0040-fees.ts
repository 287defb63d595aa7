import type { Migration } from './index';

// The fee rule's JSON, read in SQL for the database's own checks (SQLite dialect).
const j = (path: string) => `json_extract(NEW.definition_json, '$.${path}')`;
const fen = (path: string) => `(typeof(${j(path)}) = 'integer' AND ${j(path)} >= 0)`;
const fenOrNull = (path: string) => `(${j(path)} IS NULL OR ${fen(path)})`;
const rate = (expr: string) => `(typeof(${expr}) = 'integer' AND ${expr} BETWEEN 0 AND 1000000)`;

/** The workflow's legal steps; anything else is refused by the database as well as the handlers. */
export const TRANSITIONS = [
  ['draft', 'submitted'],
  ['submitted', 'draft'], // rejected, with the reviewer's note
  ['submitted', 'approved'],
  ['submitted', 'scheduled'], // approval carries the effective-from date, so it schedules at once
  ['approved', 'scheduled'],
  ['scheduled', 'active'],
  ['active', 'superseded'],
];

export const fees: Migration = {
  version: 40,
  name: 'fees',
  up(db) {
    db.exec(`
      ALTER TABLE fee_schedule_versions ADD COLUMN based_on_id INTEGER REFERENCES fee_schedule_versions(id);

      -- Activation looks for scheduled versions that are due; the list orders by version number.
      CREATE INDEX fee_versions_by_status ON fee_schedule_versions (status, effective_from);
      CREATE INDEX fee_versions_by_schedule ON fee_schedule_versions (schedule_id, version_no);
      -- At most one version of a schedule is in force.
      CREATE UNIQUE INDEX fee_versions_one_active ON fee_schedule_versions (schedule_id) WHERE status = 'active';

      -- The impact simulation reads every column it needs from this index, in time order,
      -- without touching the table (a covering index scan).
      CREATE INDEX transactions_fee_scan ON transactions (created_at, account_id, operation, channel, amount_minor, status);

      CREATE TRIGGER fee_versions_transition BEFORE UPDATE OF status ON fee_schedule_versions
      WHEN NEW.status <> OLD.status AND NOT (
        ${TRANSITIONS.map(([a, b]) => `(OLD.status = '${a}' AND NEW.status = '${b}')`).join(' OR ')}
      )
      BEGIN SELECT RAISE(ABORT, 'fee version: illegal status change'); END;

      -- Four eyes: an approved version names an approver other than its author.
      CREATE TRIGGER fee_versions_approver BEFORE UPDATE OF status ON fee_schedule_versions
      WHEN NEW.status IN ('approved', 'scheduled') AND OLD.status <> NEW.status
        AND (NEW.approved_by IS NULL OR NEW.approved_by IS NEW.created_by)
      BEGIN SELECT RAISE(ABORT, 'fee version: approval needs a second operator'); END;

      -- A version past approval is never edited: only its status moves, and superseding closes it.
      CREATE TRIGGER fee_versions_frozen BEFORE UPDATE ON fee_schedule_versions
      WHEN OLD.status IN ('approved', 'scheduled', 'active', 'superseded') AND (
        NEW.effective_from IS NOT OLD.effective_from OR NEW.created_by IS NOT OLD.created_by
        OR NEW.approved_by IS NOT OLD.approved_by OR NEW.schedule_id IS NOT OLD.schedule_id
        OR NEW.version_no IS NOT OLD.version_no
        OR (NEW.effective_to IS NOT OLD.effective_to AND NEW.status <> 'superseded'))
      BEGIN SELECT RAISE(ABORT, 'fee version: only a draft can be edited'); END;

      -- Rules change only while their version is a draft.
      CREATE TRIGGER fee_rules_insert_draft_only BEFORE INSERT ON fee_rules
      WHEN (SELECT status FROM fee_schedule_versions WHERE id = NEW.version_id) <> 'draft'
      BEGIN SELECT RAISE(ABORT, 'fee rules: only a draft can be edited'); END;
      CREATE TRIGGER fee_rules_update_draft_only BEFORE UPDATE ON fee_rules
      WHEN (SELECT status FROM fee_schedule_versions WHERE id = OLD.version_id) <> 'draft'
      BEGIN SELECT RAISE(ABORT, 'fee rules: only a draft can be edited'); END;
      CREATE TRIGGER fee_rules_delete_draft_only BEFORE DELETE ON fee_rules
      WHEN (SELECT status FROM fee_schedule_versions WHERE id = OLD.version_id) <> 'draft'
      BEGIN SELECT RAISE(ABORT, 'fee rules: only a draft can be edited'); END;

      -- The same limits shared/domain/fee-validation.ts checks: whole non-negative fen,
      -- rates within 0–100% in whole ppm, min ≤ max, tiers from 0 and ascending.
      ${['INSERT', 'UPDATE']
        .map(
          (op) => `
      CREATE TRIGGER fee_rules_valid_${op.toLowerCase()} BEFORE ${op} ON fee_rules
      WHEN NOT (
        ${fen('fixedMinor')} AND ${rate(j('ratePpm'))}
        AND ${fenOrNull('minFeeMinor')} AND ${fenOrNull('maxFeeMinor')} AND ${fenOrNull('minAmountMinor')}
        AND (${j('minFeeMinor')} IS NULL OR ${j('maxFeeMinor')} IS NULL OR ${j('minFeeMinor')} <= ${j('maxFeeMinor')})
        AND (json_array_length(NEW.definition_json, '$.tiers') = 0 OR ${j('tiers[0].fromMinor')} = 0)
        AND NOT EXISTS (
          SELECT 1 FROM json_each(NEW.definition_json, '$.tiers') t
          WHERE typeof(json_extract(t.value, '$.fromMinor')) <> 'integer'
             OR typeof(json_extract(t.value, '$.fixedMinor')) <> 'integer'
             OR json_extract(t.value, '$.fixedMinor') < 0
             OR NOT ${rate("json_extract(t.value, '$.ratePpm')")}
             OR (t.key > 0 AND json_extract(t.value, '$.fromMinor') <= json_extract(NEW.definition_json, '$.tiers[' || (t.key - 1) || '].fromMinor')))
      )
      BEGIN SELECT RAISE(ABORT, 'fee rules: invalid definition'); END;`,
        )
        .join('\n')}

      -- No two schedules price the same operation × channel × segment at the same time:
      -- checked when a version is scheduled, against every other schedule's live versions.
      CREATE TRIGGER fee_versions_no_overlap BEFORE UPDATE OF status ON fee_schedule_versions
      WHEN NEW.status = 'scheduled' AND OLD.status <> 'scheduled' AND EXISTS (
        SELECT 1 FROM fee_rules mine
        JOIN fee_rules theirs ON theirs.operation = mine.operation AND theirs.channel = mine.channel
          AND theirs.segment = mine.segment
        JOIN fee_schedule_versions v ON v.id = theirs.version_id
        WHERE mine.version_id = NEW.id AND v.schedule_id <> NEW.schedule_id
          AND v.status IN ('scheduled', 'active')
          AND (v.effective_to IS NULL OR v.effective_to > NEW.effective_from)
          AND (NEW.effective_to IS NULL OR NEW.effective_to > v.effective_from))
      BEGIN SELECT RAISE(ABORT, 'fee rules: overlap with another schedule'); END;
    `);
  },
};
