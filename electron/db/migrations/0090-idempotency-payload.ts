import type { Migration } from './index';

/**
 * Binds each idempotency key to the payload it was first used with (a fingerprint of the
 * input without the key), so the same key with another payload is refused instead of
 * replaying the first result. Keys stored before this keep a null hash and stay bound to
 * their operator and channel only.
 */
export const idempotencyPayload: Migration = {
  version: 90,
  name: 'idempotency-payload',
  up(db) {
    db.exec(
      `ALTER TABLE idempotency_keys ADD COLUMN payload_hash TEXT CHECK (payload_hash IS NULL OR length(payload_hash) = 64);`,
    );
  },
};
