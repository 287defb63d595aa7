import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  CardActionArea,
  FormControlLabel,
  MenuItem,
  Stack,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { RefundFilter } from '../../../../shared/contract/refunds';
import { REFUND_REASONS, REFUND_STATUSES, REFUND_TYPES } from '../../../../shared/domain/catalog';
import { parseMoney } from '../../../../shared/domain/money';
import { useFormat } from '../../lib/format';
import { refundQueries } from './queries';

export const FILTER_KEYS = [
  'status',
  'type',
  'reason',
  'merchant',
  'min',
  'max',
  'age',
  'mine',
  'byme',
  'second',
  'abuse',
] as const;
export type RawFilter = Record<(typeof FILTER_KEYS)[number], string>;

const AGES = ['under1d', 'from1to3d', 'over3d'] as const;

/** URL text → the channel's filter. Amounts are typed in yuan and sent in fen. */
export function toFilter(raw: RawFilter): RefundFilter {
  const min = raw.min ? parseMoney(raw.min, 'CNY') : null;
  const max = raw.max ? parseMoney(raw.max, 'CNY') : null;
  return {
    // The queue opens on open work; 'any' shows every request.
    ...(raw.status === 'any' ? {} : { status: (raw.status || 'open') as RefundFilter['status'] }),
    ...(raw.type ? { type: raw.type as RefundFilter['type'] } : {}),
    ...(raw.reason ? { reason: raw.reason as RefundFilter['reason'] } : {}),
    ...(raw.merchant.trim() ? { merchant: raw.merchant.trim() } : {}),
    ...(min !== null && min >= 0 ? { minAmount: min } : {}),
    ...(max !== null && max >= 0 ? { maxAmount: max } : {}),
    ...(raw.age ? { age: raw.age as RefundFilter['age'] } : {}),
    ...(raw.mine === '1' ? { withinMyLimit: true } : {}),
    ...(raw.byme === '1' ? { requestedByMe: true } : {}),
    ...(raw.second === '1' ? { awaitingMySecond: true } : {}),
    ...(raw.abuse === '1' ? { abuse: true } : {}),
  };
}

export function RefundFilters({
  raw,
  set,
  clear,
}: {
  raw: RawFilter;
  set: (k: keyof RawFilter, v: string) => void;
  clear: () => void;
}) {
  const { t } = useTranslation();
  const select = (
    key: 'status' | 'type' | 'reason' | 'age',
    values: readonly string[],
    label: string,
    prefix: string,
  ) => (
    <TextField
      select
      size="small"
      label={label}
      value={key === 'status' ? raw.status || 'open' : raw[key]}
      onChange={(e) => set(key, e.target.value)}
      sx={{ width: 170 }}
      data-testid={`filter-${key}`}
    >
      {key === 'status' ? (
        <MenuItem value="any">{t('refunds.filters.any')}</MenuItem>
      ) : (
        <MenuItem value="">{t('refunds.filters.any')}</MenuItem>
      )}
      {values.map((v) => (
        <MenuItem key={v} value={v}>
          {t(`${prefix}.${v}`)}
        </MenuItem>
      ))}
    </TextField>
  );
  const badAmount = (v: string) => v !== '' && (parseMoney(v, 'CNY') ?? -1) < 0;
  return (
    <Stack direction="row" spacing={1} sx={{ mb: 1.5, flexWrap: 'wrap', rowGap: 1, alignItems: 'center' }}>
      {select('status', ['open', ...REFUND_STATUSES], t('refunds.filters.status'), 'catalog.refundStatus')}
      {select('type', REFUND_TYPES, t('refunds.filters.type'), 'catalog.refundType')}
      {select('reason', REFUND_REASONS, t('refunds.filters.reason'), 'catalog.refundReason')}
      {select('age', AGES, t('refunds.filters.age'), 'refunds.ageing')}
      <TextField
        size="small"
        label={t('refunds.filters.merchant')}
        value={raw.merchant}
        onChange={(e) => set('merchant', e.target.value)}
        sx={{ width: 130 }}
      />
      {(['min', 'max'] as const).map((k) => (
        <TextField
          key={k}
          size="small"
          label={t(k === 'min' ? 'refunds.filters.minAmount' : 'refunds.filters.maxAmount')}
          value={raw[k]}
          onChange={(e) => set(k, e.target.value)}
          error={badAmount(raw[k])}
          sx={{ width: 120 }}
          slotProps={{ htmlInput: { inputMode: 'decimal' } }}
        />
      ))}
      <FormControlLabel
        control={<Switch checked={raw.mine === '1'} onChange={(e) => set('mine', e.target.checked ? '1' : '')} />}
        label={t('refunds.filters.withinMyLimit')}
        data-testid="filter-mine"
      />
      <FormControlLabel
        control={<Switch checked={raw.byme === '1'} onChange={(e) => set('byme', e.target.checked ? '1' : '')} />}
        label={t('refunds.filters.requestedByMe')}
        data-testid="filter-byme"
      />
      <FormControlLabel
        control={<Switch checked={raw.second === '1'} onChange={(e) => set('second', e.target.checked ? '1' : '')} />}
        label={t('refunds.filters.awaitingMySecond')}
        data-testid="filter-second"
      />
      <FormControlLabel
        control={<Switch checked={raw.abuse === '1'} onChange={(e) => set('abuse', e.target.checked ? '1' : '')} />}
        label={t('refunds.filters.abuse')}
        data-testid="filter-abuse"
      />
      <Button onClick={clear} data-testid="filters-clear">
        {t('refunds.filters.clear')}
      </Button>
    </Stack>
  );
}

/** Open requests by age, counted in the database; a card filters the queue to its bucket. */
export function AgeingSummary({ onPick }: { onPick: (age: string, status: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const ageing = useQuery(refundQueries.ageing());
  const cards = [
    ['under1d', 'pending'],
    ['from1to3d', 'pending'],
    ['over3d', 'pending'],
    ['awaitingSecond', 'awaiting_second_approval'],
  ] as const;
  return (
    <Stack
      direction="row"
      spacing={1.5}
      sx={{ mb: 1.5 }}
      data-testid="refund-ageing"
      aria-label={t('refunds.ageing.title')}
    >
      {cards.map(([k, status]) => (
        <Card key={k} variant="outlined" sx={{ minWidth: 150 }}>
          <CardActionArea sx={{ px: 2, py: 1 }} onClick={() => onPick(k === 'awaitingSecond' ? '' : k, status)}>
            <Typography variant="caption" color="text.secondary">
              {t(`refunds.ageing.${k}`)}
            </Typography>
            <Typography
              variant="h6"
              color={k === 'over3d' && (ageing.data?.over3d ?? 0) > 0 ? 'error.main' : undefined}
              data-testid={`ageing-${k}`}
            >
              {ageing.data ? fmt.number(ageing.data[k]) : '—'}
            </Typography>
          </CardActionArea>
        </Card>
      ))}
    </Stack>
  );
}
