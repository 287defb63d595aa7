import { SERVICE_CASE_SORTS } from '../../shared/contract/cases';
import { CONTACT_SORTS } from '../../shared/contract/calls';
import { CUSTOMER_SORTS, TRANSACTION_SORTS } from '../../shared/contract/customers';
import { FREEZE_SORTS } from '../../shared/contract/frozen';
import { REFUND_SORTS } from '../../shared/contract/refunds';

export interface GridFilters {
  channel: string;
  role: string;
  sorts: readonly string[];
  /** Each filter the grid's toolbar offers, alone and in the combinations that change the plan. */
  filters: Record<string, Record<string, unknown>>;
}

/**
 * Every grid's sorts and filters, for the sweeps that try each pair: the plans on a database
 * without statistics (grid-plans, the queues' plan tests) and the same pages on both engines
 * (grid-engines). Frozen's `owner: 0` stands for a real owner, which each sweep picks.
 */
export const GRID_FILTERS: GridFilters[] = [
  {
    channel: 'customers:list',
    role: 'agent',
    sorts: CUSTOMER_SORTS,
    filters: {
      none: {},
      status: { status: 'frozen' },
      kycLevel: { kycLevel: 3 },
      segment: { segment: 'premium' },
      statusAndSegment: { status: 'active', segment: 'merchant' },
    },
  },
  {
    channel: 'transactions:list',
    role: 'agent',
    sorts: TRANSACTION_SORTS,
    filters: { none: {}, account: { accountId: 12 } },
  },
  {
    channel: 'contacts:list',
    role: 'supervisor',
    sorts: CONTACT_SORTS,
    filters: {
      none: {},
      range: { from: '2026-10-20T00:00:00.000Z', to: '2026-10-27T00:00:00.000Z' },
      channel: { channels: ['phone'] },
      category: { categories: ['refund'] },
      outcome: { outcome: 'abandoned' },
      account: { accountId: 12 },
      heatmapCell: { from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z', weekday: 1, hour: 10 },
    },
  },
  {
    channel: 'cases:list',
    role: 'supervisor',
    sorts: SERVICE_CASE_SORTS,
    filters: {
      none: {},
      kind: { kind: 'complaint' },
      active: { status: 'active' },
      mine: { owner: 'mine' },
      overdue: { overdue: true },
      customer: { customerId: 12 },
    },
  },
  {
    channel: 'audit:list',
    role: 'admin',
    sorts: ['id'],
    filters: {
      none: {},
      operator: { operatorId: 2 },
      action: { action: 'refund.approved' },
      actions: { actions: ['refund.', 'freeze.decided'] },
      entity: { entityType: 'refund_request', entityId: '5' },
      range: { from: '2026-10-20T00:00:00.000Z', to: '2026-10-27T00:00:00.000Z' },
    },
  },
  {
    channel: 'frozen:list',
    role: 'agent',
    sorts: FREEZE_SORTS,
    filters: {
      none: {},
      active: { status: 'active' },
      open: { status: 'open' },
      reason: { reason: 'frequent_transfers' },
      risk: { risk: 'high' },
      mine: { owner: 'mine' },
      unassigned: { owner: 'unassigned' },
      owner: { owner: 0 },
      overdue: { overdue: true },
      overdueHigh: { overdue: true, risk: 'high', status: 'active' },
      frozenRange: { frozenFrom: '2026-10-20T00:00:00.000Z', frozenTo: '2026-10-30T00:00:00.000Z' },
    },
  },
  {
    channel: 'refunds:list',
    role: 'agent',
    sorts: REFUND_SORTS,
    filters: {
      none: {},
      status: { status: 'pending' },
      type: { type: 'merchant' },
      reason: { reason: 'duplicate' },
      amountRange: { minAmount: 1_000, maxAmount: 50_000 },
      merchant: { merchant: '星巴克' },
      age: { age: 'over3d' },
      withinMyLimit: { status: 'pending', withinMyLimit: true },
      awaitingMySecond: { awaitingMySecond: true },
      open: { status: 'open' },
      mineOpen: { status: 'open', requestedByMe: true },
      mine: { requestedByMe: true },
      minePending: { status: 'pending', requestedByMe: true },
      abuse: { status: 'open', abuse: true },
    },
  },
];
