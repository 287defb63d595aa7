import { FREEZE_TRIGGERS, sqlString, type FreezeTrigger } from '../migrations/0120-freeze-rules';

/**
 * PostgreSQL's dialect of a freeze trigger: the same conditions and messages as SQLite's
 * 0120, in a PL/pgSQL function (a trigger's WHEN may not hold a subquery here), each
 * refusal a check_violation like the other rules (schema-rules.ts).
 */
const pgTrigger = (t: FreezeTrigger) => `
  CREATE FUNCTION rule_${t.name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF ${t.when} THEN
      ${t.refusals
        .map(
          ([when, message], i) =>
            `${i === 0 ? 'IF' : 'ELSIF'} ${when} THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = ${sqlString(message)};`,
        )
        .join('\n      ')}
      END IF;
    END IF;
    RETURN NEW;
  END $fn$;
  CREATE TRIGGER ${t.name} BEFORE ${t.events} ON ${t.table} FOR EACH ROW EXECUTE FUNCTION rule_${t.name}();`;

/** Twin of SQLite's 0120-freeze-rules: what each freeze type blocks, refused by the database. */
export const FREEZE_RULES_SQL = FREEZE_TRIGGERS.map(pgTrigger).join('\n');
