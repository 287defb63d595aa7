import type { Migration } from './index';
import { IMPORT_STATUSES } from '../../../shared/contract/contact-imports';
import { sqlList } from '../../../shared/domain/catalog';

// The counters every rollup level keeps. Thresholds are fixed columns (a small queue-time
// histogram), so the service-level threshold and the short-abandon cut-off can be changed in
// settings without rewriting history.
const COUNTERS = `
  contacts INTEGER NOT NULL DEFAULT 0,
  answered INTEGER NOT NULL DEFAULT 0,
  answered_within_10s INTEGER NOT NULL DEFAULT 0,
  answered_within_15s INTEGER NOT NULL DEFAULT 0,
  answered_within_20s INTEGER NOT NULL DEFAULT 0,
  answered_within_30s INTEGER NOT NULL DEFAULT 0,
  answered_within_45s INTEGER NOT NULL DEFAULT 0,
  answered_within_60s INTEGER NOT NULL DEFAULT 0,
  abandoned INTEGER NOT NULL DEFAULT 0,
  short_abandoned INTEGER NOT NULL DEFAULT 0,
  abandoned_under_3s INTEGER NOT NULL DEFAULT 0,
  abandoned_under_10s INTEGER NOT NULL DEFAULT 0,
  abandoned_under_15s INTEGER NOT NULL DEFAULT 0,
  callbacks INTEGER NOT NULL DEFAULT 0,
  resolved INTEGER NOT NULL DEFAULT 0,
  escalated INTEGER NOT NULL DEFAULT 0,
  queue_seconds INTEGER NOT NULL DEFAULT 0,
  answered_queue_seconds INTEGER NOT NULL DEFAULT 0,
  handle_seconds INTEGER NOT NULL DEFAULT 0,
  -- The histogram is cumulative and every contact is either answered or abandoned.
  CHECK (answered + abandoned = contacts
    AND answered_within_10s <= answered_within_15s AND answered_within_15s <= answered_within_20s
    AND answered_within_20s <= answered_within_30s AND answered_within_30s <= answered_within_45s
    AND answered_within_45s <= answered_within_60s AND answered_within_60s <= answered
    AND abandoned_under_3s <= short_abandoned AND short_abandoned <= abandoned_under_10s
    AND abandoned_under_10s <= abandoned_under_15s AND abandoned_under_15s <= abandoned
    AND callbacks + resolved + escalated = answered)`;

const dateText = (col: string) =>
  `${col} TEXT NOT NULL CHECK (${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')`;
const utc = (col: string, nullable = false) =>
  `${col} TEXT ${nullable ? '' : 'NOT NULL'} CHECK (${col} IS NULL OR ${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')`;

/** The 15-minute bucket of a canonical ISO instant, in SQL (matches bucketOf()). */
export const BUCKET_SQL = `substr(started_at, 1, 14) || printf('%02d', CAST(substr(started_at, 15, 2) AS INTEGER) / 15 * 15) || ':00.000Z'`;

/** Every 15-minute rollup row recomputed from contacts: the backfill, and the consistency tests' reference. */
export const ROLLUP_FROM_CONTACTS = `
  SELECT ${BUCKET_SQL} AS b, channel, category,
    count(*),
    sum(outcome <> 'abandoned'),
    sum(outcome <> 'abandoned' AND queue_seconds <= 10),
    sum(outcome <> 'abandoned' AND queue_seconds <= 15),
    sum(outcome <> 'abandoned' AND queue_seconds <= 20),
    sum(outcome <> 'abandoned' AND queue_seconds <= 30),
    sum(outcome <> 'abandoned' AND queue_seconds <= 45),
    sum(outcome <> 'abandoned' AND queue_seconds <= 60),
    sum(outcome = 'abandoned'),
    sum(outcome = 'abandoned' AND queue_seconds < 5),
    sum(outcome = 'abandoned' AND queue_seconds < 3),
    sum(outcome = 'abandoned' AND queue_seconds < 10),
    sum(outcome = 'abandoned' AND queue_seconds < 15),
    sum(outcome = 'callback'),
    sum(outcome = 'resolved'),
    sum(outcome = 'escalated'),
    sum(queue_seconds),
    sum(CASE WHEN outcome <> 'abandoned' THEN queue_seconds ELSE 0 END),
    sum(CASE WHEN outcome <> 'abandoned' THEN talk_seconds + hold_seconds + acw_seconds ELSE 0 END)
  FROM contacts GROUP BY b, channel, category`;

export const callVolumes: Migration = {
  version: 50,
  name: 'call-volumes',
  up(db) {
    db.exec(`
      -- Rebuilt below from contacts with the new histogram columns; the old table had no room for them.
      DROP TABLE contact_rollup;
      CREATE TABLE contact_rollup (
        ${utc('bucket')},
        channel TEXT NOT NULL,
        category TEXT NOT NULL,
        ${COUNTERS},
        PRIMARY KEY (bucket, channel, category)
      ) STRICT, WITHOUT ROWID;

      -- The same sums by local day and by local hour in the business time zone, so a 90-day
      -- dashboard reads thousands of rows, not hundreds of thousands. Rebuilt from contact_rollup
      -- when the business time zone changes (the zone they were built in is kept in settings).
      CREATE TABLE contact_rollup_day (
        ${dateText('day')},
        channel TEXT NOT NULL,
        category TEXT NOT NULL,
        ${COUNTERS},
        PRIMARY KEY (day, channel, category)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE contact_rollup_hour (
        ${dateText('day')},
        hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
        weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6), -- 0 = Monday
        channel TEXT NOT NULL,
        category TEXT NOT NULL,
        ${COUNTERS},
        PRIMARY KEY (day, hour, channel, category)
      ) STRICT, WITHOUT ROWID;

      -- The hour rollup without categories: what heatmaps and hourly series read when no category
      -- filter is set, at 4 rows an hour instead of 52.
      CREATE TABLE contact_rollup_hour_channel (
        ${dateText('day')},
        hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
        weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
        channel TEXT NOT NULL,
        ${COUNTERS},
        PRIMARY KEY (day, hour, channel)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE contact_imports (
        id INTEGER PRIMARY KEY,
        source_name TEXT NOT NULL CHECK (length(source_name) BETWEEN 1 AND 200),
        file_name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN (${sqlList(IMPORT_STATUSES)})),
        time_zone TEXT NOT NULL,
        mapping_json TEXT NOT NULL CHECK (json_valid(mapping_json)),
        total_bytes INTEGER NOT NULL CHECK (total_bytes >= 0),
        processed_bytes INTEGER NOT NULL DEFAULT 0 CHECK (processed_bytes >= 0),
        rows_read INTEGER NOT NULL DEFAULT 0,
        imported INTEGER NOT NULL DEFAULT 0,
        duplicates INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        started_by INTEGER REFERENCES operators(id),
        ${utc('started_at')},
        ${utc('finished_at', true)},
        CHECK (imported + duplicates + errors <= rows_read),
        CHECK ((status = 'running') = (finished_at IS NULL))
      ) STRICT;
      -- One import at a time: two would race for the same external ids.
      CREATE UNIQUE INDEX contact_imports_one_running ON contact_imports (status) WHERE status = 'running';

      CREATE TABLE contact_import_errors (
        import_id INTEGER NOT NULL REFERENCES contact_imports(id),
        row_no INTEGER NOT NULL,
        reason TEXT NOT NULL,
        field TEXT,
        value TEXT NOT NULL,
        PRIMARY KEY (import_id, row_no)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE contact_import_mappings (
        source_name TEXT PRIMARY KEY,
        mapping_json TEXT NOT NULL CHECK (json_valid(mapping_json)),
        time_zone TEXT NOT NULL,
        ${utc('updated_at')}
      ) STRICT;

      ALTER TABLE contacts ADD COLUMN import_id INTEGER REFERENCES contact_imports(id);

      -- Rollups bucket on the text of started_at, so it must be the canonical UTC form.
      CREATE TRIGGER contacts_canonical_time BEFORE INSERT ON contacts
      WHEN NEW.started_at NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'
      BEGIN SELECT RAISE(ABORT, 'contacts.started_at must be canonical UTC (toISOString)'); END;
      -- A contact linked to a freeze case is about that case's account.
      CREATE TRIGGER contacts_case_matches_account BEFORE INSERT ON contacts
      WHEN NEW.case_id IS NOT NULL AND NEW.account_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM freeze_cases WHERE id = NEW.case_id AND account_id = NEW.account_id)
      BEGIN SELECT RAISE(ABORT, 'CONTACT_CASE_MISMATCH'); END;
      -- Contacts are facts: rollups would drift if one changed or vanished.
      CREATE TRIGGER contacts_no_delete BEFORE DELETE ON contacts
      BEGIN SELECT RAISE(ABORT, 'contacts are append-only'); END;
      CREATE TRIGGER contacts_no_fact_update BEFORE UPDATE OF channel, category, outcome, started_at, queue_seconds,
        talk_seconds, hold_seconds, acw_seconds ON contacts
      BEGIN SELECT RAISE(ABORT, 'a contact''s facts are append-only'); END;

      INSERT INTO contact_rollup ${ROLLUP_FROM_CONTACTS};
    `);
  },
};
