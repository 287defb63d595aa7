import { apiQuery } from '../../lib/api';

/** Settings' query keys (the settings themselves are shared: see lib/queries.ts). */
export const settingsQueries = {
  operators: () => apiQuery('operators:list', {}),
  limits: () => apiQuery('limits:list', {}),
};
