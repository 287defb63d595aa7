import { useQuery } from '@tanstack/react-query';
import { Alert, Box, LinearProgress, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { DrillDownDrawer } from './DrillDownDrawer';
import { KpiCards } from './KpiCards';
import { AbandonByHourChart, HeatmapChart, TopCategoriesChart } from './PatternCharts';
import { ServiceLevelChart, VolumeChart } from './VolumeCharts';
import type { DrillTarget } from './drill';
import type { CallsView } from './useCallsView';
import { callQueries } from './queries';

/** KPI cards and the five charts, all from one dashboard call over the rollups. */
export function DashboardView({ view }: { view: CallsView }) {
  const { t } = useTranslation();
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const q = useQuery({
    ...callQueries.dashboard({
      from: view.from,
      to: view.to,
      interval: view.interval,
      stackBy: view.stackBy,
      channels: view.channels,
      categories: view.categories,
    }),
    // Main tells when the rebuilt rollups are in (settings:changed); asking again covers a missed event.
    refetchInterval: (query) => (query.state.data?.rollupsRebuilding ? 3000 : false),
  });
  if (q.error) {
    return (
      <Alert severity="error">{q.error instanceof ApiError ? t(`errors.${q.error.code}`) : String(q.error)}</Alert>
    );
  }
  const data = q.data;
  return (
    <Box data-testid="calls-dashboard" data-loading={q.isFetching ? 'true' : 'false'}>
      <Box sx={{ height: 4, mb: 1 }}>{q.isFetching ? <LinearProgress /> : null}</Box>
      {data ? (
        <>
          {data.rollupsRebuilding ? (
            <Alert severity="info" sx={{ mb: 2 }} data-testid="rollups-rebuilding">
              {t('calls.rollupsRebuilding', { zone: data.timeZone })}
            </Alert>
          ) : null}
          <KpiCards data={data} />
          {data.kpis.volume === 0 ? (
            <Alert severity="info" sx={{ mb: 2 }}>
              {t('calls.charts.empty')}
            </Alert>
          ) : null}
          <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 1 }}>
            {t('calls.charts.clickHint')}
          </Typography>
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: '3fr 2fr' }, gap: 1.5 }}>
            <VolumeChart data={data} compare={view.compare} onDrill={setDrill} />
            <TopCategoriesChart data={data} onDrill={setDrill} />
            <ServiceLevelChart data={data} compare={view.compare} onDrill={setDrill} />
            <AbandonByHourChart data={data} onDrill={setDrill} />
            <Box sx={{ gridColumn: '1 / -1' }}>
              <HeatmapChart data={data} onDrill={setDrill} />
            </Box>
          </Box>
        </>
      ) : null}
      <DrillDownDrawer target={drill} onClose={() => setDrill(null)} />
    </Box>
  );
}
