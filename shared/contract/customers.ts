import { z } from 'zod';
import { channel, id, pageInput, type Page } from './define';
import type { CurrencyCode } from '../domain/money';
import { SEGMENTS, type Channel, type Operation, type TransactionStatus } from '../domain/catalog';

export interface CustomerRow {
  id: number;
  nameZh: string;
  nameEn: string;
  phoneMasked: string;
  kycLevel: number;
  segment: string;
  registeredAt: string;
  accountNo: string;
  accountStatus: 'active' | 'frozen' | 'closed';
  balanceMinor: number;
  currency: CurrencyCode;
}

export interface TransactionRow {
  id: number;
  txnNo: string;
  accountNo: string;
  operation: Operation;
  channel: Channel;
  amountMinor: number;
  feeMinor: number;
  currency: CurrencyCode;
  status: TransactionStatus;
  merchant: string | null;
  createdAt: string;
  refundedMinor: number;
}

export const CUSTOMER_SORTS = ['registeredAt', 'nameEn', 'balance'] as const;
export const TRANSACTION_SORTS = ['createdAt', 'amount'] as const;

export const customerChannels = {
  'customers:list': channel<Page<CustomerRow>>()({
    input: pageInput([...CUSTOMER_SORTS], {
      status: z.enum(['active', 'frozen', 'closed']).optional(),
      kycLevel: z.number().int().min(0).max(3).optional(),
      segment: z.enum(SEGMENTS).optional(),
      /** A phone or its last 4 digits, an account number, or the start of a name (as the search box reads it). */
      q: z.string().trim().min(1).max(40).optional(),
    }),
    permission: 'customers.read',
  }),
  'transactions:list': channel<Page<TransactionRow>>()({
    input: pageInput([...TRANSACTION_SORTS], {
      accountId: id.optional(),
    }),
    permission: 'transactions.read',
  }),
};
