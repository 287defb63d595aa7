import { apiQuery } from '../../lib/api';

/** Overview's query keys. Events from main refresh it; the slow poll is only a fallback. */
export const overviewQueries = {
  get: () => apiQuery('overview:get', {}, { refetchInterval: 60_000 }),
};
