import type { InputOf } from '../../../../shared/contract';
import type { ContactChannel } from '../../../../shared/domain/catalog';
import { apiQuery } from '../../lib/api';

/** Call volumes' query keys (the drill-down grid reads `contacts:list` itself). */
export const callQueries = {
  dashboard: (input: InputOf<'calls:dashboard'>) =>
    apiQuery('calls:dashboard', input, { placeholderData: (prev) => prev }),
  forecast: (channel: ContactChannel) => apiQuery('calls:forecast', { channel }),
  /** Polled while the import runs; progress events refresh it too. */
  importStatus: (id: number) =>
    apiQuery(
      'contacts:importStatus',
      { id },
      { refetchInterval: (q) => (q.state.data?.status === 'running' ? 500 : false) },
    ),
};
