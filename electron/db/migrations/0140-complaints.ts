import type { Migration } from './index';
import { insertCaseMoves } from './0130-service-cases';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_CLOCK_KEY,
  COMPLAINT_OUTCOMES,
  DEFAULT_COMPLAINT_CLOCK,
  REGULATORS,
} from '../../../shared/domain/complaints';
import { sqlList } from '../../../shared/domain/catalog';

const utc = (col: string) =>
  `${col} TEXT CHECK (${col} IS NULL OR ${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')`;

/**
 * Complaints on the service-case model. The database holds the rules on its own: a referral
 * carries its number and the regulator's deadline, an answer carries its outcome, explanation
 * and the response sent, and a complaint is resolved only with an answer. SQLite dialect.
 */
export const complaints: Migration = {
  version: 140,
  name: 'complaints',
  up(db) {
    db.exec(`
      CREATE TABLE complaint_details (
        case_id INTEGER PRIMARY KEY REFERENCES service_cases(id),
        channel TEXT NOT NULL CHECK (channel IN (${sqlList(COMPLAINT_CHANNELS)})),
        category TEXT NOT NULL CHECK (category IN (${sqlList(COMPLAINT_CATEGORIES)})),
        customer_words TEXT NOT NULL CHECK (length(trim(customer_words)) BETWEEN 1 AND 4000),
        regulator TEXT CHECK (regulator IS NULL OR regulator IN (${sqlList(REGULATORS)})),
        referral_no TEXT,
        ${utc('regulator_due_at')},
        -- The deadline from our own clock (the case's sla_due_at is the earlier of this and the regulator's).
        ${utc('own_due_at')} NOT NULL,
        complex INTEGER NOT NULL DEFAULT 0 CHECK (complex IN (0, 1)),
        extension_reason TEXT,
        outcome TEXT CHECK (outcome IS NULL OR outcome IN (${sqlList(COMPLAINT_OUTCOMES)})),
        explanation TEXT,
        response_text TEXT,
        ${utc('responded_at')},
        CHECK (regulator IS NULL OR (length(trim(coalesce(referral_no, ''))) > 0 AND regulator_due_at IS NOT NULL)),
        CHECK (outcome IS NULL OR (length(trim(coalesce(explanation, ''))) > 0
                                   AND length(trim(coalesce(response_text, ''))) > 0 AND responded_at IS NOT NULL)),
        CHECK (complex = 0 OR length(trim(coalesce(extension_reason, ''))) > 0)
      ) STRICT;
      CREATE INDEX complaint_details_by_category ON complaint_details (category);

      -- An answer, once recorded, stands: it is what the customer was sent.
      CREATE TRIGGER complaint_answer_final BEFORE UPDATE OF outcome, explanation, response_text, responded_at
        ON complaint_details
      WHEN OLD.outcome IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'a complaint''s answer cannot be changed once sent'); END;

      CREATE TRIGGER complaint_resolved_needs_answer BEFORE UPDATE OF status ON service_cases
      WHEN NEW.kind = 'complaint' AND NEW.status = 'resolved' AND OLD.status <> 'resolved'
        AND (SELECT outcome FROM complaint_details WHERE case_id = NEW.id) IS NULL
      BEGIN SELECT RAISE(ABORT, 'a complaint is resolved only with its outcome and the response sent'); END;

      INSERT OR IGNORE INTO settings (key, value) VALUES ('${COMPLAINT_CLOCK_KEY}', '${JSON.stringify(DEFAULT_COMPLAINT_CLOCK)}');
    `);
    insertCaseMoves(db, 'complaint');
  },
};
