import { apiQuery } from '../../lib/api';

/** Backups of the desk's database, for administrators. */
export const backupQueries = {
  /** Polled: a scheduled backup, or another administrator's restore request, shows without a reload. */
  status: () => apiQuery('backups:status', {}, { refetchInterval: 15_000 }),
  recovery: () => apiQuery('recovery:status', {}),
};
