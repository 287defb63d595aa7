import type { InputOf } from '../../../../shared/contract';
import { apiQuery } from '../../lib/api';

/** Fee schedules' query keys. */
export const feeQueries = {
  schedules: () => apiQuery('fees:schedules', {}),
  versions: (scheduleId: number | null) =>
    apiQuery('fees:versions', { scheduleId: scheduleId ?? 1 }, { enabled: scheduleId !== null }),
  version: (id: number) => apiQuery('fees:version', { id }),
  diff: (fromId: number, toId: number) => apiQuery('fees:diff', { fromId, toId }),
  preview: (input: InputOf<'fees:preview'>, enabled: boolean) =>
    apiQuery('fees:preview', input, { enabled, placeholderData: (prev) => prev, staleTime: 0 }),
  /** Polled while the worker runs. */
  simulation: (jobId: number | null) =>
    apiQuery(
      'fees:simulationStatus',
      { jobId: jobId ?? 1 },
      {
        enabled: jobId !== null,
        staleTime: 0,
        // A queued simulation waits for a worker; keep asking until it has run.
        refetchInterval: (q) => (q.state.data?.state === 'running' || q.state.data?.state === 'queued' ? 150 : false),
      },
    ),
};
