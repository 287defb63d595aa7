import { apiQuery } from '../../lib/api';

/** The database's and the audit trail's health, for administrators. */
export const integrityQueries = {
  /** Polled: a warning raised by a scheduled check shows without a reload. */
  status: () => apiQuery('integrity:status', {}, { refetchInterval: 60_000 }),
};
