import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeeRuleDefinition } from '../../../../shared/domain/fees';
import { isoToLocalInput, localInputToIso } from '../../../../shared/domain/time';
import { useFormat } from '../../lib/format';
import { fenText, parseFen, parsePercent, percentText, ruleLabel, type RuleRow } from './rules';
import { WallClockField } from '../../components/WallClockField';

type QuotaKind = 'none' | 'count' | 'amount';

/** Tiers, the free quota and promotional waivers: the parts of a rule too rich for a grid cell. */
/** A tier's editable fields and their labels, in column order. */
const TIER_FIELDS = [
  ['from', 'fees.dialog.from'],
  ['fixed', 'fees.fields.fixedMinor'],
  ['rate', 'fees.fields.ratePpm'],
] as const;

export function RuleDialog({
  row,
  editable,
  onApply,
  onClose,
}: {
  row: RuleRow;
  editable: boolean;
  onApply: (def: FeeRuleDefinition) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { timeZone } = useFormat();
  const d = row.definition;
  const [tiers, setTiers] = useState(
    d.tiers.map((x) => ({ from: fenText(x.fromMinor), fixed: fenText(x.fixedMinor), rate: percentText(x.ratePpm) })),
  );
  const [quotaKind, setQuotaKind] = useState<QuotaKind>(d.freeQuota?.kind ?? 'none');
  const [quotaValue, setQuotaValue] = useState(
    d.freeQuota?.kind === 'count' ? String(d.freeQuota.count) : d.freeQuota ? fenText(d.freeQuota.amountMinor) : '',
  );
  const [waivers, setWaivers] = useState(
    d.waivers.map((w) => ({
      from: isoToLocalInput(w.from, timeZone),
      to: isoToLocalInput(w.to, timeZone),
      label: w.label,
    })),
  );

  const apply = () => {
    const toIso = (local: string) => (local ? localInputToIso(local, timeZone) : '');
    onApply({
      ...d,
      tiers: tiers.map((x) => ({
        fromMinor: parseFen(x.from, false) as number,
        fixedMinor: parseFen(x.fixed, false) as number,
        ratePpm: parsePercent(x.rate),
      })),
      freeQuota:
        quotaKind === 'none'
          ? null
          : quotaKind === 'count'
            ? { kind: 'count', count: /^\d+$/.test(quotaValue.trim()) ? Number(quotaValue) : NaN }
            : { kind: 'amount', amountMinor: parseFen(quotaValue, false) as number },
      waivers: waivers.map((w) => ({ from: toIso(w.from), to: toIso(w.to), label: w.label.trim() || '—' })),
    });
  };

  const set = <T,>(list: T[], i: number, patch: Partial<T>) => list.map((x, j) => (j === i ? { ...x, ...patch } : x));
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" data-testid="rule-dialog">
      <DialogTitle>{t('fees.dialog.title', { rule: ruleLabel(t, row) })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <Typography variant="subtitle2">{t('fees.dialog.tiers')}</Typography>
          {tiers.map((x, i) => (
            <Stack direction="row" spacing={1} key={i} alignItems="center">
              {TIER_FIELDS.map(([key, label]) => (
                <TextField
                  key={key}
                  size="small"
                  label={t(label)}
                  value={x[key]}
                  disabled={!editable}
                  onChange={(e) => setTiers(set(tiers, i, { [key]: e.target.value }))}
                />
              ))}
              {editable ? (
                <IconButton aria-label={t('fees.removeRule')} onClick={() => setTiers(tiers.filter((_, j) => j !== i))}>
                  <DeleteIcon />
                </IconButton>
              ) : null}
            </Stack>
          ))}
          {editable ? (
            <Button
              startIcon={<AddIcon />}
              sx={{ alignSelf: 'flex-start' }}
              onClick={() => setTiers([...tiers, { from: tiers.length ? '' : '0', fixed: '0', rate: '0' }])}
            >
              {t('fees.dialog.addTier')}
            </Button>
          ) : null}

          <Stack direction="row" spacing={1}>
            <TextField
              select
              size="small"
              sx={{ minWidth: 240 }}
              label={t('fees.dialog.quotaKind')}
              value={quotaKind}
              disabled={!editable}
              onChange={(e) => setQuotaKind(e.target.value as QuotaKind)}
            >
              <MenuItem value="none">{t('fees.dialog.quotaNone')}</MenuItem>
              <MenuItem value="count">{t('fees.dialog.quotaCount')}</MenuItem>
              <MenuItem value="amount">{t('fees.dialog.quotaAmount')}</MenuItem>
            </TextField>
            {quotaKind !== 'none' ? (
              <TextField
                size="small"
                label={t('fees.dialog.quotaValue')}
                value={quotaValue}
                disabled={!editable}
                onChange={(e) => setQuotaValue(e.target.value)}
              />
            ) : null}
          </Stack>

          <Typography variant="subtitle2">{t('fees.dialog.waivers')}</Typography>
          {waivers.map((w, i) => (
            <Stack direction="row" spacing={1} key={i} alignItems="center">
              <WallClockField
                kind="datetime"
                size="small"
                label={t('fees.dialog.waiverFrom')}
                value={w.from}
                disabled={!editable}
                onChange={(from) => setWaivers(set(waivers, i, { from }))}
                testId={`waiver-from-${i}`}
              />
              <WallClockField
                kind="datetime"
                size="small"
                label={t('fees.dialog.waiverTo')}
                value={w.to}
                disabled={!editable}
                onChange={(to) => setWaivers(set(waivers, i, { to }))}
                testId={`waiver-to-${i}`}
              />
              <TextField
                size="small"
                label={t('fees.dialog.waiverLabel')}
                value={w.label}
                disabled={!editable}
                onChange={(e) => setWaivers(set(waivers, i, { label: e.target.value }))}
              />
              {editable ? (
                <IconButton
                  aria-label={t('fees.removeRule')}
                  onClick={() => setWaivers(waivers.filter((_, j) => j !== i))}
                >
                  <DeleteIcon />
                </IconButton>
              ) : null}
            </Stack>
          ))}
          {editable ? (
            <Button
              startIcon={<AddIcon />}
              sx={{ alignSelf: 'flex-start' }}
              onClick={() => setWaivers([...waivers, { from: '', to: '', label: '' }])}
            >
              {t('fees.dialog.addWaiver')}
            </Button>
          ) : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('fees.dialog.cancel')}</Button>
        {editable ? (
          <Button variant="contained" onClick={apply} data-testid="rule-dialog-apply">
            {t('fees.dialog.apply')}
          </Button>
        ) : null}
      </DialogActions>
    </Dialog>
  );
}
