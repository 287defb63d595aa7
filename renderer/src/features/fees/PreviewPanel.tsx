import { useQuery } from '@tanstack/react-query';
import { Alert, Box, Card, CardContent, Grid, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeeScheduleInfo, FeeVersionSummary, PreviewSide } from '../../../../shared/contract/fees';
import {
  CHANNELS,
  OPERATIONS,
  SEGMENTS,
  type Channel,
  type Operation,
  type Segment,
} from '../../../../shared/domain/catalog';
import { parseMoney } from '../../../../shared/domain/money';
import { isoToLocalInput, localInputToIso } from '../../../../shared/domain/time';
import { useFormat } from '../../lib/format';
import { feeQueries } from './queries';
import { WallClockField } from '../../components/WallClockField';

/** The preview calculator: the fee for one operation under the version in force and this one, live. */
export function PreviewPanel({ schedule, version }: { schedule: FeeScheduleInfo; version: FeeVersionSummary }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [form, setForm] = useState({
    operation: 'withdrawal' as Operation,
    channel: 'bank' as Channel,
    segment: 'standard' as Segment,
    amount: '1000',
    at: isoToLocalInput(new Date().toISOString(), fmt.timeZone),
    usedCount: '0',
    usedAmount: '0',
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const amountMinor = parseMoney(form.amount, 'CNY');
  const usedAmount = parseMoney(form.usedAmount, 'CNY');
  const usedCount = /^\d{1,6}$/.test(form.usedCount.trim()) ? Number(form.usedCount) : null;
  const valid =
    amountMinor !== null &&
    amountMinor > 0 &&
    usedAmount !== null &&
    usedAmount >= 0 &&
    usedCount !== null &&
    !!form.at;
  const preview = useQuery(
    feeQueries.preview(
      {
        scheduleId: schedule.id,
        draftId: version.id,
        operation: form.operation,
        channel: form.channel,
        segment: form.segment,
        amountMinor: amountMinor ?? 1,
        at: form.at ? localInputToIso(form.at, fmt.timeZone) : new Date().toISOString(),
        usage: { count: usedCount ?? 0, amountMinor: usedAmount ?? 0 },
      },
      valid,
    ),
  );

  const select = (k: 'operation' | 'channel' | 'segment', values: readonly string[], label: (v: string) => string) => (
    <TextField
      select
      size="small"
      label={t(`fees.fields.${k}`)}
      value={form[k]}
      onChange={set(k)}
      sx={{ minWidth: 170 }}
      data-testid={`preview-${k}`}
    >
      {values.map((v) => (
        <MenuItem key={v} value={v}>
          {label(v)}
        </MenuItem>
      ))}
    </TextField>
  );

  return (
    <Box>
      <Stack direction="row" spacing={1} useFlexGap sx={{ mb: 2, flexWrap: 'wrap', rowGap: 1.5 }}>
        {select('operation', OPERATIONS, (v) => t(`catalog.operation.${v}`))}
        {select('channel', CHANNELS, (v) => t(`catalog.channel.${v}`))}
        {select('segment', SEGMENTS, (v) => t(`catalog.segment.${v}`))}
        <TextField
          size="small"
          label={t('fees.preview.amount')}
          value={form.amount}
          onChange={set('amount')}
          error={amountMinor === null || amountMinor <= 0}
          slotProps={{ htmlInput: { 'data-testid': 'preview-amount', inputMode: 'decimal' } }}
          sx={{ width: 150 }}
        />
        <WallClockField
          kind="datetime"
          size="small"
          label={t('fees.preview.at')}
          value={form.at}
          onChange={(at) => setForm((f) => ({ ...f, at }))}
          testId="preview-at"
        />
        <TextField
          size="small"
          label={t('fees.preview.usedCount')}
          value={form.usedCount}
          onChange={set('usedCount')}
          error={usedCount === null}
          sx={{ width: 190 }}
        />
        <TextField
          size="small"
          label={t('fees.preview.usedAmount')}
          value={form.usedAmount}
          onChange={set('usedAmount')}
          error={usedAmount === null}
          sx={{ width: 200 }}
        />
      </Stack>
      {!valid ? (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {t('fees.preview.badAmount')}
        </Alert>
      ) : null}
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}>
          <QuoteCard testId="preview-current" side={preview.data?.current ?? null} title="current" />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <QuoteCard testId="preview-draft" side={preview.data?.draft ?? null} title="draft" />
        </Grid>
      </Grid>
    </Box>
  );
}

function QuoteCard({ side, title, testId }: { side: PreviewSide | null; title: 'current' | 'draft'; testId: string }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const lang = i18n.language === 'zh-CN' ? 'zh' : 'en';
  if (!side)
    return (
      <Card variant="outlined" data-testid={testId}>
        <CardContent>{t('fees.preview.noVersion')}</CardContent>
      </Card>
    );
  const q = side.quote;
  const refused = q.outcome?.kind === 'refused';
  return (
    <Card variant="outlined" data-testid={testId}>
      <CardContent>
        <Typography variant="overline" color="text.secondary">
          {t(`fees.preview.${title}`, { no: side.versionNo, status: t(`catalog.feeVersionStatus.${side.status}`) })}
        </Typography>
        <Stack direction="row" spacing={4} sx={{ my: 1 }}>
          <Box>
            <Typography variant="body2" color="text.secondary">
              {t('fees.preview.fee')}
            </Typography>
            <Typography variant="h4" data-testid={`${testId}-fee`} color={refused ? 'error' : undefined}>
              {refused ? t('fees.preview.refused') : fmt.money(q.feeMinor, 'CNY')}
            </Typography>
          </Box>
          {!refused ? (
            <Box>
              <Typography variant="body2" color="text.secondary">
                {t(`fees.preview.${q.netKind}`)}
              </Typography>
              <Typography variant="h5" sx={{ mt: 0.5 }} data-testid={`${testId}-net`}>
                {fmt.money(q.netMinor, 'CNY')}
              </Typography>
            </Box>
          ) : null}
        </Stack>
        <Typography variant="body2" sx={{ mb: 1 }} data-testid={`${testId}-explanation`}>
          {q.explanation[lang]}
        </Typography>
        <Typography variant="body2" color="text.secondary" data-testid={`${testId}-rule`}>
          {q.ruleSentence ? q.ruleSentence[lang] : t('fees.preview.noRule')}
        </Typography>
      </CardContent>
    </Card>
  );
}
