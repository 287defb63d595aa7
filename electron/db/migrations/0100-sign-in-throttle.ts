import type { Migration } from './index';
import { sqlList } from '../../../shared/domain/catalog';
import { SIGN_IN_THROTTLE, THROTTLE_SCOPES } from '../../../shared/domain/sign-in';

// UTC ISO text, as in every table (0010).
const UTC_GLOB = `GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'`;

/**
 * Sign-in throttling per username and per client (shared/domain/sign-in.ts) replaces the
 * per-operator failure log and lock. Usernames are counted whether or not an operator has
 * them, so a lock-out says nothing about who exists. Existing failures and locks carry over.
 */
export const signInThrottle: Migration = {
  version: 100,
  name: 'sign-in-throttle',
  up(db) {
    db.exec(`
      CREATE TABLE sign_in_throttle (
        scope TEXT NOT NULL CHECK (scope IN (${sqlList(THROTTLE_SCOPES)})),
        subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
        failures INTEGER NOT NULL CHECK (failures >= 0),
        last_failure_at TEXT NOT NULL CHECK (last_failure_at ${UTC_GLOB}),
        blocked_until TEXT CHECK (blocked_until IS NULL OR blocked_until ${UTC_GLOB}),
        PRIMARY KEY (scope, subject)
      ) STRICT, WITHOUT ROWID;

      -- An operator locked out under the old rule had reached the threshold; one with
      -- recent failures keeps their count.
      INSERT INTO sign_in_throttle (scope, subject, failures, last_failure_at, blocked_until)
      SELECT 'user', o.username,
             CASE WHEN o.locked_until IS NOT NULL THEN max(${SIGN_IN_THROTTLE.user.freeFailures}, count(f.id)) ELSE count(f.id) END,
             coalesce(max(f.at), strftime('%Y-%m-%dT%H:%M:%fZ', o.locked_until, '-15 minutes')),
             o.locked_until
      FROM operators o LEFT JOIN sign_in_failures f ON f.operator_id = o.id
      GROUP BY o.id
      HAVING count(f.id) > 0 OR o.locked_until IS NOT NULL;

      DROP TABLE sign_in_failures;
      ALTER TABLE operators DROP COLUMN locked_until;
    `);
  },
};
