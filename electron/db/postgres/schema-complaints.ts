import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_CLOCK_KEY,
  COMPLAINT_OUTCOMES,
  DEFAULT_COMPLAINT_CLOCK,
  REGULATORS,
} from '../../../shared/domain/complaints';
import { sqlList } from '../../../shared/domain/catalog';
import { RECORDING_REF_MAX } from '../../../shared/domain/recordings';
import { CHANGE_MARKS_SQL, quote, refuse } from './schema-rules';
import { caseMovesSql } from './schema-cases';

/**
 * Twin of SQLite's 0140-complaints: a referral carries its number and the regulator's deadline,
 * an answer its outcome, explanation and the response sent, and is final; a complaint is
 * resolved only with an answer.
 */
export const COMPLAINTS_SQL = `
  CREATE TABLE complaint_details (
    case_id bigint PRIMARY KEY REFERENCES service_cases(id),
    channel text NOT NULL CHECK (channel IN (${sqlList(COMPLAINT_CHANNELS)})),
    category text NOT NULL CHECK (category IN (${sqlList(COMPLAINT_CATEGORIES)})),
    customer_words text NOT NULL CHECK (length(trim(customer_words)) BETWEEN 1 AND 4000),
    regulator text CHECK (regulator IS NULL OR regulator IN (${sqlList(REGULATORS)})),
    referral_no text,
    regulator_due_at timestamptz,
    -- The deadline from our own clock (the case's sla_due_at is the earlier of this and the regulator's).
    own_due_at timestamptz NOT NULL,
    complex integer NOT NULL DEFAULT 0 CHECK (complex IN (0, 1)),
    extension_reason text,
    outcome text CHECK (outcome IS NULL OR outcome IN (${sqlList(COMPLAINT_OUTCOMES)})),
    explanation text,
    response_text text,
    responded_at timestamptz,
    CHECK (regulator IS NULL OR (length(trim(coalesce(referral_no, ''))) > 0 AND regulator_due_at IS NOT NULL)),
    CHECK (outcome IS NULL OR (length(trim(coalesce(explanation, ''))) > 0
                               AND length(trim(coalesce(response_text, ''))) > 0 AND responded_at IS NOT NULL)),
    CHECK (complex = 0 OR length(trim(coalesce(extension_reason, ''))) > 0)
  );
  CREATE INDEX complaint_details_by_category ON complaint_details (category);

  -- An answer, once recorded, stands: it is what the customer was sent.
  ${refuse(
    'complaint_answer_final',
    'complaint_details',
    'UPDATE OF outcome, explanation, response_text, responded_at',
    'OLD.outcome IS NOT NULL',
    "a complaint's answer cannot be changed once sent",
  )}
  ${refuse(
    'complaint_resolved_needs_answer',
    'service_cases',
    'UPDATE OF status',
    `NEW.kind = 'complaint' AND NEW.status = 'resolved' AND OLD.status <> 'resolved'
      AND (SELECT outcome FROM complaint_details WHERE case_id = NEW.id) IS NULL`,
    'a complaint is resolved only with its outcome and the response sent',
  )}

  INSERT INTO settings (key, value) VALUES (${quote(COMPLAINT_CLOCK_KEY)}, ${quote(JSON.stringify(DEFAULT_COMPLAINT_CLOCK))})
    ON CONFLICT DO NOTHING;
  ${caseMovesSql('complaint')}
  ${CHANGE_MARKS_SQL}
`;

/** Twin of SQLite's 0150-recordings: a contact's recording reference (no whitespace) and notice flag. */
export const RECORDINGS_SQL = `
  ALTER TABLE contacts ADD COLUMN recording_ref text
    CHECK (recording_ref IS NULL OR ((length(recording_ref) BETWEEN 1 AND ${RECORDING_REF_MAX})
      AND strpos(recording_ref, ' ') = 0 AND strpos(recording_ref, chr(9)) = 0
      AND strpos(recording_ref, chr(10)) = 0 AND strpos(recording_ref, chr(13)) = 0));
  ALTER TABLE contacts ADD COLUMN recording_notice integer
    CHECK (recording_notice IS NULL OR recording_notice IN (0, 1));
`;
