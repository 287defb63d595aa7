import { createHash, createHmac } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AuditEventsTable } from './schema';

/** The audit chain's primitives, shared by the writers (audit.ts) and the verifier (audit-verify.ts). */
export const GENESIS_HASH = createHash('sha256').update('wallet-ops-console/audit/genesis').digest('hex');

/** An event's fields as stored, without its place in the chain. */
export type StoredFields = Omit<Selectable<AuditEventsTable>, 'id' | 'prev_hash' | 'hash' | 'mac'>;

/**
 * The canonical text of an event: its fields in a fixed order, as stored. The id is
 * left out on purpose: order is protected by the chain itself, which lets the
 * verifier tell a reordering from an edit.
 */
export function canonicalEvent(e: StoredFields): string {
  return JSON.stringify([
    e.at,
    e.operator_id,
    e.operator_role,
    e.action,
    e.entity_type,
    e.entity_id,
    e.before_json,
    e.after_json,
    e.note,
    e.host,
  ]);
}

export function chainHash(prevHash: string, canonical: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** The event's keyed MAC: HMAC-SHA-256 of its chain hash under the key kept outside the database. */
export function eventMac(key: Buffer, hash: string): string {
  return createHmac('sha256', key).update(hash).digest('hex');
}
