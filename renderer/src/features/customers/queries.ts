import { infiniteQueryOptions } from '@tanstack/react-query';
import { apiQuery, call } from '../../lib/api';

const TIMELINE_PAGE = 30;

/** Customers' query keys (the list and the tabs' grids read their channels themselves). */
export const customerQueries = {
  profile: (id: number) => apiQuery('customers:get', { id }),
  /** Newest first, paged by the time of the last entry. */
  timeline: (customerId: number) =>
    infiniteQueryOptions({
      queryKey: ['customers:timeline', { customerId }] as const,
      initialPageParam: null as string | null,
      queryFn: ({ pageParam }) => call('customers:timeline', { customerId, before: pageParam, limit: TIMELINE_PAGE }),
      getNextPageParam: (last) => (last.length === TIMELINE_PAGE ? last[last.length - 1].at : undefined),
    }),
};
