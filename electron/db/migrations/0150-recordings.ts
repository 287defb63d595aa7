import type { Migration } from './index';
import { RECORDING_REF_MAX } from '../../../shared/domain/recordings';

/**
 * Contacts carry the telephony system's recording reference and whether the recording
 * notice was played. The CHECKs hold the shape on every path (log, import, generator).
 */
export const recordings: Migration = {
  version: 150,
  name: 'recordings',
  up(db) {
    db.exec(`
      ALTER TABLE contacts ADD COLUMN recording_ref TEXT
        CHECK (recording_ref IS NULL OR ((length(recording_ref) BETWEEN 1 AND ${RECORDING_REF_MAX})
          AND instr(recording_ref, ' ') = 0 AND instr(recording_ref, char(9)) = 0
          AND instr(recording_ref, char(10)) = 0 AND instr(recording_ref, char(13)) = 0));
      ALTER TABLE contacts ADD COLUMN recording_notice INTEGER
        CHECK (recording_notice IS NULL OR recording_notice IN (0, 1));
    `);
  },
};
