import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import { Box, Paper, Stack, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { CallsDashboard } from '../../../../shared/contract/calls';
import { HIGHER_IS_BETTER, kpiTargets, meetsTarget, trend, type KpiName } from '../../../../shared/domain/contact-kpis';
import { useChartKit } from './chart-kit';

const ORDER: KpiName[] = ['volume', 'serviceLevel', 'asaSeconds', 'abandonRate', 'ahtSeconds', 'fcr', 'escalationRate'];
const LIVE: KpiName[] = ['serviceLevel', 'asaSeconds', 'abandonRate'];
const RATES: KpiName[] = ['serviceLevel', 'abandonRate', 'fcr', 'escalationRate'];

/** The seven KPI cards: value, target (met or not), and the change against the previous period. */
export function KpiCards({ data }: { data: CallsDashboard }) {
  const { t } = useTranslation();
  const kit = useChartKit(data.timeZone);
  const targets = kpiTargets(data.settings);
  const show = (name: KpiName, v: number | null) => {
    if (v === null) return '—';
    if (name === 'volume') return kit.number(v);
    if (RATES.includes(name)) return kit.percent(v);
    if (v >= 120) return t('calls.kpi.minutesSeconds', { m: Math.floor(v / 60), s: Math.round(v % 60) });
    return t('calls.kpi.seconds', { value: v.toFixed(1) });
  };
  return (
    <Box
      sx={{
        display: 'grid',
        gridTemplateColumns: { xs: 'repeat(auto-fill, minmax(160px, 1fr))', lg: 'repeat(7, 1fr)' },
        gap: 1.5,
        mb: 2,
      }}
      data-testid="kpi-cards"
    >
      {ORDER.map((name) => {
        const value = data.kpis[name];
        const target = targets[name];
        const met = meetsTarget(name, value, target);
        const change = trend(value, data.previous[name]);
        const better = HIGHER_IS_BETTER[name];
        const good = change === null || better === null ? null : change > 0 === better;
        return (
          <Paper key={name} variant="outlined" sx={{ p: 1.5, minWidth: 0 }} data-testid={`kpi-${name}`}>
            <Typography variant="caption" color="text.secondary" noWrap component="div" title={t(`calls.kpi.${name}`)}>
              {t(`calls.kpi.${name}`)}
            </Typography>
            <Typography
              variant="h5"
              data-testid={`kpi-${name}-value`}
              noWrap
              // One line at any width: seven cards share 1366 px, where "5 min 49 s" at h5 size wrapped.
              sx={{
                color: met === null ? 'text.primary' : met ? 'success.main' : 'error.main',
                fontWeight: 500,
                fontSize: 'clamp(1.05rem, 1.45vw, 1.5rem)',
              }}
            >
              {show(name, value)}
            </Typography>
            <Typography variant="caption" color="text.secondary" component="div" noWrap>
              {LIVE.includes(name) ? `${t('calls.kpi.liveOnly')} · ` : ''}
              {name === 'volume'
                ? t('calls.kpi.noTarget')
                : name === 'serviceLevel'
                  ? t('calls.kpi.slTarget', {
                      pct: data.settings.serviceLevelPct,
                      seconds: data.settings.serviceLevelSeconds,
                    })
                  : t('calls.kpi.target', { value: show(name, target) })}
            </Typography>
            <Stack direction="row" alignItems="center" spacing={0.5} sx={{ mt: 0.5 }}>
              {change === null ? (
                <Typography variant="caption" color="text.secondary">
                  {t('calls.kpi.noPrevious')}
                </Typography>
              ) : (
                <>
                  {change >= 0 ? (
                    <ArrowUpwardIcon
                      sx={{ fontSize: 14 }}
                      color={good === null ? 'inherit' : good ? 'success' : 'error'}
                    />
                  ) : (
                    <ArrowDownwardIcon
                      sx={{ fontSize: 14 }}
                      color={good === null ? 'inherit' : good ? 'success' : 'error'}
                    />
                  )}
                  <Typography variant="caption" color="text.secondary">
                    {t('calls.kpi.vsPrevious', { change: kit.percent(Math.abs(change)) })}
                  </Typography>
                </>
              )}
            </Stack>
          </Paper>
        );
      })}
    </Box>
  );
}
