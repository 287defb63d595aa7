import { apiQuery } from '../../lib/api';

/** Refunds' query keys (the queue grid reads `refunds:list` itself). */
export const refundQueries = {
  detail: (id: number | null) => apiQuery('refunds:get', { id: id ?? 0 }, { enabled: id !== null }),
  ageing: () => apiQuery('refunds:ageing', {}, { refetchInterval: 60_000 }),
  settings: () => apiQuery('refunds:settings', {}),
};
