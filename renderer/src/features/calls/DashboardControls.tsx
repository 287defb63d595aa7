import {
  FormControlLabel,
  MenuItem,
  Stack,
  Switch,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { useTranslation } from 'react-i18next';
import { CALL_INTERVALS, MAX_DAYS_FOR_INTERVAL, STACK_BY } from '../../../../shared/contract/calls';
import { daysBetween } from '../../../../shared/domain/business-time';
import { CONTACT_CATEGORIES, CONTACT_CHANNELS } from '../../../../shared/domain/catalog';
import { PRESETS, fitInterval, presetRange, type CallsView, type Preset } from './useCallsView';
import { WallClockField } from '../../components/WallClockField';

interface Props {
  view: CallsView;
  timeZone: string;
  update: (patch: Partial<CallsView>) => void;
}

/** Range presets or custom dates, interval, stacking, channel and category filters, compare. */
export function DashboardControls({ view, timeZone, update }: Props) {
  const { t } = useTranslation();
  const days = daysBetween(view.from, view.to) + 1;
  const setPreset = (preset: Preset) => {
    const range = preset === 'custom' ? { from: view.from, to: view.to } : presetRange(preset, timeZone);
    const fresh = {
      today: '15m',
      yesterday: '15m',
      d7: 'hour',
      d30: 'day',
      d90: 'day',
      custom: view.interval,
    } as const;
    update({ preset, ...range, interval: fitInterval(fresh[preset], daysBetween(range.from, range.to) + 1) });
  };
  const setDates = (from: string, to: string) => {
    if (!from || !to || to < from) return;
    update({ preset: 'custom', from, to, interval: fitInterval(view.interval, daysBetween(from, to) + 1) });
  };
  return (
    <Stack direction="row" spacing={1.5} useFlexGap sx={{ mb: 2, flexWrap: 'wrap', rowGap: 1.5 }} alignItems="center">
      <TextField
        select
        size="small"
        label={t('calls.range')}
        value={view.preset}
        onChange={(e) => setPreset(e.target.value as Preset)}
        sx={{ width: 150 }}
        data-testid="range-preset"
      >
        {PRESETS.map((p) => (
          <MenuItem key={p} value={p} data-testid={`preset-${p}`}>
            {t(`calls.presets.${p}`)}
          </MenuItem>
        ))}
      </TextField>
      <WallClockField
        kind="date"
        size="small"
        required
        label={t('calls.from')}
        value={view.from}
        onChange={(from) => setDates(from, view.to)}
        testId="range-from"
      />
      <WallClockField
        kind="date"
        size="small"
        required
        label={t('calls.to')}
        value={view.to}
        onChange={(to) => setDates(view.from, to)}
        testId="range-to"
      />
      <ToggleButtonGroup
        size="small"
        exclusive
        value={view.interval}
        onChange={(_e, v) => v && update({ interval: v })}
        aria-label={t('calls.interval')}
      >
        {CALL_INTERVALS.map((i) => (
          <ToggleButton
            key={i}
            value={i}
            disabled={days > MAX_DAYS_FOR_INTERVAL[i]}
            title={days > MAX_DAYS_FOR_INTERVAL[i] ? t('calls.intervalTooFine') : undefined}
            data-testid={`interval-${i}`}
          >
            {t(`calls.intervals.${i}`)}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <TextField
        select
        size="small"
        label={t('calls.stackBy')}
        value={view.stackBy}
        onChange={(e) => update({ stackBy: e.target.value as CallsView['stackBy'] })}
        sx={{ width: 120 }}
      >
        {STACK_BY.map((s) => (
          <MenuItem key={s} value={s}>
            {t(`calls.stack.${s}`)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        label={t('calls.channels')}
        value={view.channels}
        onChange={(e) => update({ channels: e.target.value as unknown as CallsView['channels'] })}
        slotProps={{
          select: {
            multiple: true,
            displayEmpty: true,
            renderValue: (v) =>
              (v as string[]).length
                ? (v as string[]).map((c) => t(`catalog.contactChannel.${c}`)).join(', ')
                : t('calls.all'),
          },
          inputLabel: { shrink: true },
        }}
        sx={{ width: 160 }}
        data-testid="filter-channels"
      >
        {CONTACT_CHANNELS.map((c) => (
          <MenuItem key={c} value={c}>
            {t(`catalog.contactChannel.${c}`)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        label={t('calls.categories')}
        value={view.categories}
        onChange={(e) => update({ categories: e.target.value as unknown as CallsView['categories'] })}
        slotProps={{
          select: {
            multiple: true,
            displayEmpty: true,
            renderValue: (v) =>
              (v as string[]).length
                ? (v as string[]).map((c) => t(`catalog.contactCategory.${c}`)).join(', ')
                : t('calls.all'),
          },
          inputLabel: { shrink: true },
        }}
        sx={{ width: 180 }}
        data-testid="filter-categories"
      >
        {CONTACT_CATEGORIES.map((c) => (
          <MenuItem key={c} value={c}>
            {t(`catalog.contactCategory.${c}`)}
          </MenuItem>
        ))}
      </TextField>
      <FormControlLabel
        control={<Switch size="small" checked={view.compare} onChange={(e) => update({ compare: e.target.checked })} />}
        label={<Typography variant="body2">{t('calls.compare')}</Typography>}
        data-testid="compare"
      />
      <Typography variant="caption" color="text.secondary">
        {t('calls.timeZone', { zone: timeZone })}
      </Typography>
    </Stack>
  );
}
