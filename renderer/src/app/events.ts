import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { splitChannel, type ErrorCode, type EventName } from '../../../shared/contract';
import { invalidatePrefix, onApiError, subscribe, type KeyPrefix } from '../lib/api';

/**
 * The one invalidation path: main announces every change as an event (to this window and every
 * other), and this table says which cached queries it makes stale. Grids refresh through the same
 * keys (see InfiniteGrid), so no mutation keeps its own list and no page keeps a refresh counter.
 */
export const INVALIDATES: Record<EventName, KeyPrefix[] | 'everything'> = {
  // Every write appends an audit event; writes with no event of their own (limits) ride on it.
  'audit:appended': ['audit:', 'overview:', 'limits:', 'backups:'],
  'operators:changed': ['operators:'],
  'settings:changed': ['settings:', 'app:', 'calls:', 'overview:', 'refunds:'],
  'customers:changed': ['customers:', 'transactions:', 'search:', 'identity:'],
  'frozen:changed': ['frozen:', 'customers:cases', 'customers:timeline', 'overview:'],
  'notes:changed': ['notes:'],
  'views:changed': ['views:'],
  'refunds:changed': ['refunds:', 'transactions:', 'customers:refunds', 'customers:timeline', 'overview:'],
  'contacts:changed': ['calls:', 'contacts:list', 'customers:', 'overview:', 'frozen:', 'refunds:get'],
  'contacts:importProgress': ['contacts:importStatus'],
  'fees:changed': ['fees:', 'overview:'],
  // The desktop locked (OS lock or sleep) or a session ended: re-read who is signed in.
  'session:changed': ['session:'],
  'cases:changed': ['cases:', 'complaints:', 'customers:', 'frozen:', 'overview:', 'refunds:', 'identity:'],
  // Team mode: the host lost the database for a while and missed what other desks announced.
  'database:reconnected': 'everything',
};

/** A write refused because the record moved on under us: its domain reloads so the operator sees why. */
const CONFLICTS: ErrorCode[] = [
  'STALE_VERSION',
  'CASE_CHANGED',
  'CASE_NOT_DECIDABLE',
  'CASE_OWNED_BY_OTHER',
  'REFUND_CHANGED',
  'REFUND_INVALID_STATE',
  'FEE_WRONG_STATUS',
];

export function useMainEvents() {
  const qc = useQueryClient();
  useEffect(() => {
    const offs = (Object.keys(INVALIDATES) as EventName[]).map((event) =>
      subscribe(event, () => {
        const stale = INVALIDATES[event];
        if (stale === 'everything') void qc.invalidateQueries();
        else stale.forEach((p) => void invalidatePrefix(qc, p));
      }),
    );
    offs.push(
      onApiError((err) => {
        if (err.channel && CONFLICTS.includes(err.code))
          void invalidatePrefix(qc, `${splitChannel(err.channel)[0]}:` as KeyPrefix);
      }),
    );
    return () => offs.forEach((off) => off());
  }, [qc]);
}
