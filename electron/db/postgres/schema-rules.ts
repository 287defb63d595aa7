import { REFUND_STATUSES, sqlList } from '../../../shared/domain/catalog';
import { HOLDING_STATUSES, REFUND_TRANSITIONS } from '../../../shared/domain/refunds';
import { TRANSITIONS as FEE_TRANSITIONS } from '../migrations/0040-fees';

/**
 * The rules the SQLite triggers enforce (0010–0110), as PL/pgSQL triggers: four-eyes, the
 * append-only audit and contacts, refunded + pending ≤ captured kept in step with the refund
 * requests, and the refund and fee-version state machines. Each refusal is a check_violation
 * with the same message as on SQLite.
 */
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A BEFORE trigger refusing the change when `condition` (plpgsql, may use NEW/OLD and subqueries) holds. */
function refuse(name: string, on: string, events: string, condition: string, message: string): string {
  return `
  CREATE FUNCTION rule_${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF ${condition} THEN RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = ${quote(message)}; END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END $fn$;
  CREATE TRIGGER ${name} BEFORE ${events} ON ${on} FOR EACH ROW EXECUTE FUNCTION rule_${name}();`;
}

const HOLDING = sqlList(HOLDING_STATUSES);
const MOVES = sqlList(REFUND_STATUSES.flatMap((from) => REFUND_TRANSITIONS[from].map((to) => `${from}>${to}`)));
const fen = (e: string) =>
  `(jsonb_typeof(${e}) = 'number' AND (${e})::numeric = trunc((${e})::numeric) AND (${e})::numeric >= 0)`;
// JSON null and a missing key both read as absent (SQLite's json_extract gives SQL NULL for either).
const absent = (e: string) => `coalesce(jsonb_typeof(${e}), 'null') = 'null'`;
const fenOrNull = (e: string) => `(${absent(e)} OR ${fen(e)})`;
const rate = (e: string) =>
  `(jsonb_typeof(${e}) = 'number' AND (${e})::numeric = trunc((${e})::numeric) AND (${e})::numeric BETWEEN 0 AND 1000000)`;
const d = `NEW.definition_json::jsonb`;
const tiers = `(CASE WHEN jsonb_typeof(${d}->'tiers') = 'array' THEN ${d}->'tiers' ELSE '[]'::jsonb END)`;

export const RULES_SQL = `
  -- Append-only for the application: history is never rewritten (TRUNCATE included).
  ${refuse('audit_events_no_update', 'audit_events', 'UPDATE', 'true', 'audit_events is append-only')}
  ${refuse('audit_events_no_delete', 'audit_events', 'DELETE', 'true', 'audit_events is append-only')}
  CREATE FUNCTION rule_audit_events_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = 'audit_events is append-only'; END $fn$;
  CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION rule_audit_events_no_truncate();

  -- Four-eyes on freeze cases.
  ${refuse(
    'freeze_cases_checker_needs_maker',
    'freeze_cases',
    'UPDATE OF checker_id',
    'NEW.checker_id IS NOT NULL AND (NEW.maker_id IS NULL OR NEW.maker_id = NEW.checker_id)',
    'four-eyes: the checker must be a different operator from the maker',
  )}
  ${refuse(
    'freeze_cases_checker_is_supervisor',
    'freeze_cases',
    'UPDATE OF checker_id',
    `NEW.checker_id IS NOT NULL AND NEW.checker_id IS DISTINCT FROM OLD.checker_id
      AND (SELECT role FROM operators WHERE id = NEW.checker_id) NOT IN ('supervisor', 'admin')`,
    'four-eyes: only a supervisor may approve',
  )}
  ${refuse(
    'freeze_cases_close_needs_checker',
    'freeze_cases',
    'UPDATE OF status',
    `NEW.status = 'closed' AND OLD.status <> 'closed' AND NEW.checker_id IS NULL`,
    'four-eyes: a permanent closure needs a second approval',
  )}
  ${refuse(
    'freeze_cases_high_unfreeze_needs_checker',
    'freeze_cases',
    'UPDATE OF status',
    `NEW.status = 'unfrozen' AND OLD.status <> 'unfrozen' AND NEW.risk = 'high' AND NEW.checker_id IS NULL`,
    'four-eyes: a high-risk unfreeze needs a second approval',
  )}
  ${refuse(
    'freeze_cases_judicial_stays_frozen',
    'freeze_cases',
    'UPDATE OF status',
    `NEW.status = 'unfrozen' AND OLD.status <> 'unfrozen' AND NEW.reason = 'judicial'`,
    'a judicial freeze cannot be lifted here',
  )}
  ${refuse(
    'accounts_close_needs_zero_balance',
    'accounts',
    'UPDATE OF status, balance_minor',
    `NEW.status = 'closed' AND NEW.balance_minor <> 0`,
    'an account with a balance cannot be closed',
  )}

  -- Refunds: a request is for a settled transaction in its currency, carries its merchant, and
  -- holds its amount on the transaction (whose CHECK is refunded + pending <= captured).
  CREATE FUNCTION rule_refund_requests_valid_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
  DECLARE t record;
  BEGIN
    SELECT status, currency, merchant INTO t FROM transactions WHERE id = NEW.transaction_id;
    IF t.status IS DISTINCT FROM 'settled' OR t.currency IS DISTINCT FROM NEW.currency THEN
      RAISE EXCEPTION USING ERRCODE = 'check_violation',
        MESSAGE = 'refund request must match a settled transaction and its currency';
    END IF;
    NEW.merchant := t.merchant;
    RETURN NEW;
  END $fn$;
  CREATE TRIGGER refund_requests_valid_insert BEFORE INSERT ON refund_requests
    FOR EACH ROW EXECUTE FUNCTION rule_refund_requests_valid_insert();

  CREATE FUNCTION rule_refund_requests_hold() RETURNS trigger LANGUAGE plpgsql AS $fn$
  DECLARE
    old_hold bigint := 0; old_paid bigint := 0;
  BEGIN
    IF TG_OP = 'UPDATE' THEN
      old_hold := CASE WHEN OLD.status IN (${HOLDING}) THEN OLD.amount_minor ELSE 0 END;
      old_paid := CASE WHEN OLD.status = 'paid' THEN OLD.amount_minor ELSE 0 END;
    END IF;
    UPDATE transactions SET
      pending_refund_minor = pending_refund_minor - old_hold
        + CASE WHEN NEW.status IN (${HOLDING}) THEN NEW.amount_minor ELSE 0 END,
      refunded_minor = refunded_minor - old_paid + CASE WHEN NEW.status = 'paid' THEN NEW.amount_minor ELSE 0 END
    WHERE id = NEW.transaction_id;
    RETURN NULL;
  END $fn$;
  CREATE TRIGGER refund_requests_hold_insert AFTER INSERT ON refund_requests
    FOR EACH ROW EXECUTE FUNCTION rule_refund_requests_hold();
  CREATE TRIGGER refund_requests_hold_update AFTER UPDATE OF status ON refund_requests
    FOR EACH ROW WHEN ((OLD.status IN (${HOLDING})) <> (NEW.status IN (${HOLDING})) OR 'paid' IN (OLD.status, NEW.status))
    EXECUTE FUNCTION rule_refund_requests_hold();

  ${refuse(
    'refund_requests_transition',
    'refund_requests',
    'UPDATE OF status',
    `OLD.status <> NEW.status AND (OLD.status || '>' || NEW.status) NOT IN (${MOVES})`,
    'refund status change not allowed',
  )}
  ${refuse(
    'refund_requests_immutable',
    'refund_requests',
    'UPDATE OF amount_minor, currency, transaction_id',
    'NEW.amount_minor <> OLD.amount_minor OR NEW.currency <> OLD.currency OR NEW.transaction_id <> OLD.transaction_id',
    "a refund request's amount and transaction never change",
  )}
  ${refuse('refund_requests_no_delete', 'refund_requests', 'DELETE', 'true', 'refund requests are cancelled, never deleted')}
  ${refuse(
    'refund_requests_maker_checker',
    'refund_requests',
    'UPDATE OF first_approver_id',
    'NEW.first_approver_id IS NOT NULL AND NEW.first_approver_id = NEW.requested_by',
    'four-eyes: the requester cannot approve their own refund',
  )}
  ${refuse(
    'refund_requests_reject_reason',
    'refund_requests',
    'UPDATE OF status',
    `NEW.status = 'rejected' AND OLD.status <> 'rejected'
      AND (NEW.reject_reason IS NULL OR (NEW.reject_reason = 'other' AND length(trim(coalesce(NEW.reject_note, ''))) = 0))`,
    'a rejection needs a reason code, and "other" a note',
  )}

  -- Fee versions: the workflow, four eyes, nothing edited past approval, no overlap.
  ${refuse(
    'fee_versions_transition',
    'fee_schedule_versions',
    'UPDATE OF status',
    `NEW.status <> OLD.status AND NOT (${FEE_TRANSITIONS.map(([a, b]) => `(OLD.status = '${a}' AND NEW.status = '${b}')`).join(' OR ')})`,
    'fee version: illegal status change',
  )}
  ${refuse(
    'fee_versions_approver',
    'fee_schedule_versions',
    'UPDATE OF status',
    `NEW.status IN ('approved', 'scheduled') AND OLD.status <> NEW.status
      AND (NEW.approved_by IS NULL OR NEW.approved_by IS NOT DISTINCT FROM NEW.created_by)`,
    'fee version: approval needs a second operator',
  )}
  ${refuse(
    'fee_versions_frozen',
    'fee_schedule_versions',
    'UPDATE',
    `OLD.status IN ('approved', 'scheduled', 'active', 'superseded') AND (
      NEW.effective_from IS DISTINCT FROM OLD.effective_from OR NEW.created_by IS DISTINCT FROM OLD.created_by
      OR NEW.approved_by IS DISTINCT FROM OLD.approved_by OR NEW.schedule_id IS DISTINCT FROM OLD.schedule_id
      OR NEW.version_no IS DISTINCT FROM OLD.version_no
      OR (NEW.effective_to IS DISTINCT FROM OLD.effective_to AND NEW.status <> 'superseded'))`,
    'fee version: only a draft can be edited',
  )}
  ${refuse(
    'fee_versions_no_overlap',
    'fee_schedule_versions',
    'UPDATE OF status',
    `NEW.status = 'scheduled' AND OLD.status <> 'scheduled' AND EXISTS (
      SELECT 1 FROM fee_rules mine
      JOIN fee_rules theirs ON theirs.operation = mine.operation AND theirs.channel = mine.channel
        AND theirs.segment = mine.segment
      JOIN fee_schedule_versions v ON v.id = theirs.version_id
      WHERE mine.version_id = NEW.id AND v.schedule_id <> NEW.schedule_id
        AND v.status IN ('scheduled', 'active')
        AND (v.effective_to IS NULL OR v.effective_to > NEW.effective_from)
        AND (NEW.effective_to IS NULL OR NEW.effective_to > v.effective_from))`,
    'fee rules: overlap with another schedule',
  )}
  ${refuse(
    'fee_rules_draft_only',
    'fee_rules',
    'INSERT OR UPDATE OR DELETE',
    `(SELECT status FROM fee_schedule_versions
       WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.version_id ELSE OLD.version_id END) <> 'draft'`,
    'fee rules: only a draft can be edited',
  )}
  ${refuse(
    'fee_rules_valid',
    'fee_rules',
    'INSERT OR UPDATE',
    `NOT coalesce((
      ${fen(`${d}->'fixedMinor'`)} AND ${rate(`${d}->'ratePpm'`)}
      AND ${fenOrNull(`${d}->'minFeeMinor'`)} AND ${fenOrNull(`${d}->'maxFeeMinor'`)} AND ${fenOrNull(`${d}->'minAmountMinor'`)}
      AND (${absent(`${d}->'minFeeMinor'`)} OR ${absent(`${d}->'maxFeeMinor'`)}
           OR (${d}->>'minFeeMinor')::numeric <= (${d}->>'maxFeeMinor')::numeric)
      AND (${tiers} = '[]'::jsonb OR (${d}->'tiers'->0->>'fromMinor') = '0')
      AND NOT EXISTS (
        SELECT 1 FROM jsonb_array_elements(${tiers}) WITH ORDINALITY AS t(value, n)
        WHERE NOT ${fen("t.value->'fromMinor'")} OR NOT ${fen("t.value->'fixedMinor'")}
           OR NOT ${rate("t.value->'ratePpm'")}
           OR (t.n > 1 AND (t.value->>'fromMinor')::numeric <= (${d}->'tiers'->(t.n::int - 2)->>'fromMinor')::numeric))
    ), false)`,
    'fee rules: invalid definition',
  )}

  -- Contacts are facts, linked to the case's own account.
  ${refuse(
    'contacts_case_matches_account',
    'contacts',
    'INSERT',
    `NEW.case_id IS NOT NULL AND NEW.account_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM freeze_cases WHERE id = NEW.case_id AND account_id = NEW.account_id)`,
    'CONTACT_CASE_MISMATCH',
  )}
  ${refuse('contacts_no_delete', 'contacts', 'DELETE', 'true', 'contacts are append-only')}
  ${refuse(
    'contacts_no_fact_update',
    'contacts',
    'UPDATE OF channel, category, outcome, started_at, queue_seconds, talk_seconds, hold_seconds, acw_seconds',
    'true',
    "a contact's facts are append-only",
  )}

  -- The change mark: every writing statement on the console's tables bumps it, in its transaction.
  CREATE FUNCTION bump_db_changes() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN UPDATE db_changes SET n = n + 1 WHERE one = 1; RETURN NULL; END $fn$;
  DO $do$ DECLARE t text; BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
      AND tablename NOT IN ('db_changes', 'audit_head', 'schema_migrations') LOOP
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_db_changes()', t || '_changes', t);
    END LOOP;
  END $do$;
`;
