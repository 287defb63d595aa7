import { apiQuery } from '../../lib/api';

/** Frozen accounts' query keys (the queue grid reads `frozen:list` itself). */
export const frozenQueries = {
  case: (id: number) => apiQuery('frozen:get', { id }),
};
