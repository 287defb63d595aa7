import { Button, List, ListItem, ListItemText, Paper, Typography } from '@mui/material';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../../../shared/contract/customer360';
import type { CurrencyCode } from '../../../../shared/domain/money';
import { useFormat } from '../../lib/format';
import { useAuditLabels } from '../audit/labels';
import { customerQueries } from './queries';

/** Transactions, refunds, cases, contacts and audit events about the customer, newest first. */
export function Timeline({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const audit = useAuditLabels();
  const query = useInfiniteQuery(customerQueries.timeline(customerId));
  const entries = query.data?.pages.flat() ?? [];
  const describe = (e: TimelineEntry) => {
    const s = e.summary;
    const money = () => fmt.money(Number(s.amount_minor), s.currency as CurrencyCode);
    switch (e.kind) {
      case 'transaction':
        return t('customer.timeline.transaction', {
          operation: t(`catalog.operation.${s.operation}`),
          amount: money(),
          status: t(`catalog.txnStatus.${s.status}`),
        });
      case 'refund':
        return t('customer.timeline.refund', {
          refundNo: s.refund_no,
          amount: money(),
          status: t(`catalog.refundStatus.${s.status}`),
        });
      case 'case':
        return t('customer.timeline.case', {
          caseNo: s.case_no,
          reason: t(`catalog.freezeReason.${s.reason}`),
          status: t(`catalog.caseStatus.${s.status}`),
        });
      case 'contact':
        return t('customer.timeline.contact', {
          channel: t(`catalog.contactChannel.${s.channel}`),
          category: t(`catalog.contactCategory.${s.category}`),
          outcome: t(`catalog.contactOutcome.${s.outcome}`),
        });
      case 'audit':
        return t('customer.timeline.audit', { action: audit.action(String(s.action)) });
    }
  };
  return (
    <Paper variant="outlined" data-testid="customer-timeline">
      {entries.length === 0 && query.isSuccess ? (
        <Typography sx={{ p: 2 }} color="text.secondary">
          {t('customer.timeline.empty')}
        </Typography>
      ) : null}
      <List dense>
        {entries.map((e) => (
          <ListItem key={`${e.kind}-${e.id}`} data-kind={e.kind}>
            <ListItemText primary={describe(e)} secondary={fmt.dateTime(e.at)} />
          </ListItem>
        ))}
      </List>
      {query.hasNextPage ? (
        <Button sx={{ m: 1 }} onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {t('customer.timeline.more')}
        </Button>
      ) : null}
    </Paper>
  );
}
