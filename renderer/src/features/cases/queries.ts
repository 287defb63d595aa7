import { apiQuery } from '../../lib/api';

/** The newest rows a case can link to, for the pickers in the case dialogs. */
const LATEST = { dir: 'desc', limit: 20, after: null } as const;

/** Service cases' query keys (the case queue grid reads `cases:list` itself). */
export const caseQueries = {
  detail: (id: number) => apiQuery('cases:get', { id }),
  figures: (enabled: boolean) => ({ ...apiQuery('cases:figures', {}, { refetchInterval: 60_000 }), enabled }),
  /** This customer's latest fraud reports: a caller asking for changes is checked first. */
  fraudReportsOf: (customerId: number) =>
    apiQuery('cases:list', {
      sort: 'openedAt',
      dir: 'desc',
      limit: 5,
      after: null,
      filter: { kind: 'fraud_report', customerId },
    }),
  complaintClock: () => apiQuery('complaints:clock', {}),
  complaintReport: (from: string, to: string) =>
    apiQuery('complaints:report', { from, to }, { enabled: !!from && !!to && from <= to }),
  identityState: (customerId: number | null) =>
    apiQuery('identity:state', { customerId: customerId ?? 0 }, { enabled: customerId !== null }),
  latestTransactions: (accountId: number) =>
    apiQuery('transactions:list', { sort: 'createdAt', ...LATEST, filter: { accountId } }),
  latestContacts: (customerId: number) =>
    apiQuery('customers:contacts', { sort: 'at', ...LATEST, filter: { customerId } }),
};
