import { useQuery } from '@tanstack/react-query';
import { Alert, Box, Button, LinearProgress, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { CallsForecast } from '../../../../shared/contract/calls';
import { tableCsv } from '../../../../shared/domain/calls-export';
import { CONTACT_CHANNELS, type ContactChannel } from '../../../../shared/domain/catalog';
import { LIVE_CHANNELS, SL_THRESHOLDS } from '../../../../shared/domain/contact-kpis';
import { requiredAgents } from '../../../../shared/domain/erlang';
import { ApiError } from '../../lib/api';
import { ChartCard, useChartKit } from './chart-kit';
import { callQueries } from './queries';

interface WhatIf {
  slPct: number;
  slSeconds: number;
  aht: number;
  shrinkage: number;
  occupancy: number;
}

const defaultsOf = (f: CallsForecast): WhatIf => ({
  slPct: f.settings.serviceLevelPct,
  slSeconds: f.settings.serviceLevelSeconds,
  aht: f.ahtSeconds,
  shrinkage: f.settings.shrinkagePct,
  occupancy: f.settings.maxOccupancyPct,
});
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Number.isFinite(v) ? v : lo));

/** The 7-day forecast beside its 2-week backtest, and Erlang C staffing with a live what-if. */
export function StaffingView(props: { channel: ContactChannel; onChannel: (c: ContactChannel) => void }) {
  const { t } = useTranslation();
  const q = useQuery(callQueries.forecast(props.channel));
  const [whatIf, setWhatIf] = useState<WhatIf | null>(null);
  const f = q.data;
  useEffect(() => setWhatIf(f ? defaultsOf(f) : null), [f]);
  const kit = useChartKit(f?.timeZone ?? 'UTC');
  const live = LIVE_CHANNELS.includes(props.channel);

  // Recomputed in the renderer with the same shared Erlang C as main: every keystroke updates at once.
  const staffing = useMemo(() => {
    if (!f || !whatIf || !live) return [];
    return f.intervals.slice(f.futureFrom).map((i) => ({
      start: i.start,
      forecast: i.forecast,
      ...requiredAgents({
        contacts: i.forecast,
        ahtSeconds: clamp(whatIf.aht, 1, 7200),
        intervalSeconds: f.intervalMinutes * 60,
        serviceLevelTarget: clamp(whatIf.slPct, 1, 99) / 100,
        serviceLevelSeconds: clamp(whatIf.slSeconds, 1, 600),
        maxOccupancy: clamp(whatIf.occupancy, 10, 100) / 100,
        shrinkage: clamp(whatIf.shrinkage, 0, 90) / 100,
      }),
    }));
  }, [f, whatIf, live]);

  if (q.error)
    return (
      <Alert severity="error">{q.error instanceof ApiError ? t(`errors.${q.error.code}`) : String(q.error)}</Alert>
    );
  if (!f || !whatIf) return <LinearProgress />;
  const peak = staffing.reduce((m, s) => (s.agents > m.agents ? s : m), { agents: 0, rostered: 0 });
  const hours = staffing.reduce((a, s) => a + s.agents, 0) / 2;
  const rosteredHours = staffing.reduce((a, s) => a + s.rostered, 0) / 2;
  const field = (key: keyof WhatIf, label: string, extra: Record<string, unknown> = {}) => (
    <TextField
      size="small"
      type="number"
      label={label}
      value={whatIf[key]}
      onChange={(e) => setWhatIf({ ...whatIf, [key]: Number(e.target.value) })}
      sx={{ width: 150 }}
      slotProps={{ htmlInput: { 'data-testid': `whatif-${key}`, ...extra } }}
    />
  );
  const history = f.intervals.map((i) => ({ start: i.start, actual: i.actual, forecast: i.forecast }));

  return (
    <Stack spacing={2} data-testid="staffing-view">
      <Stack direction="row" spacing={2} alignItems="center" sx={{ flexWrap: 'wrap', rowGap: 1 }}>
        <TextField
          select
          size="small"
          label={t('calls.staffing.channel')}
          value={props.channel}
          onChange={(e) => props.onChannel(e.target.value as ContactChannel)}
          sx={{ width: 160 }}
          data-testid="staffing-channel"
        >
          {CONTACT_CHANNELS.map((c) => (
            <MenuItem key={c} value={c}>
              {t(`catalog.contactChannel.${c}`)}
            </MenuItem>
          ))}
        </TextField>
        <Typography variant="body2" data-testid="staffing-mape">
          {f.mape === null
            ? t('calls.staffing.noMape')
            : t('calls.staffing.mape', { value: kit.percent(f.mape), min: f.mapeMinVolume })}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {t('calls.staffing.historyWeeks', { weeks: f.historyWeeks })}
        </Typography>
      </Stack>
      <ChartCard
        title={t('calls.staffing.forecastTitle')}
        testId="forecast-chart"
        fileName={`forecast-${props.channel}`}
        csv={() =>
          tableCsv(
            ['start', 'actual', 'forecast'],
            history.map((h) => [h.start, h.actual ?? '', h.forecast]),
          )
        }
      >
        <ResponsiveContainer>
          <LineChart data={history}>
            <CartesianGrid stroke={kit.grid} vertical={false} />
            <XAxis
              dataKey="start"
              tick={kit.axis}
              ticks={kit.dayTicks(history.map((h) => h.start))}
              interval={0}
              tickFormatter={kit.shortDay}
            />
            <YAxis tick={kit.axis} width={40} />
            <Tooltip {...kit.tooltip} labelFormatter={(v) => kit.fullTime(String(v))} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <ReferenceLine x={f.intervals[f.futureFrom]?.start} stroke={kit.text} strokeDasharray="3 3" />
            <Line
              dataKey="actual"
              name={t('calls.staffing.actual')}
              stroke="#1e88e5"
              dot={false}
              isAnimationActive={false}
            />
            <Line
              dataKey="forecast"
              name={t('calls.staffing.forecast')}
              stroke="#fb8c00"
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </ChartCard>
      <Paper variant="outlined" sx={{ p: 1.5 }}>
        <Typography variant="subtitle2" gutterBottom>
          {t('calls.staffing.whatIf')}
        </Typography>
        {live ? (
          <Stack direction="row" spacing={1.5} sx={{ flexWrap: 'wrap', rowGap: 1.5 }} alignItems="center">
            {field('slPct', t('calls.staffing.slPct'), { min: 1, max: 99 })}
            <TextField
              select
              size="small"
              label={t('calls.staffing.slSeconds')}
              value={whatIf.slSeconds}
              onChange={(e) => setWhatIf({ ...whatIf, slSeconds: Number(e.target.value) })}
              sx={{ width: 120 }}
              data-testid="whatif-slSeconds"
            >
              {SL_THRESHOLDS.map((s) => (
                <MenuItem key={s} value={s}>
                  {s}
                </MenuItem>
              ))}
            </TextField>
            {field('aht', t('calls.staffing.aht'), { min: 1 })}
            {field('shrinkage', t('calls.staffing.shrinkage'), { min: 0, max: 90 })}
            {field('occupancy', t('calls.staffing.occupancy'), { min: 10, max: 100 })}
            <Button onClick={() => setWhatIf(defaultsOf(f))}>{t('calls.staffing.reset')}</Button>
            <Box sx={{ flexGrow: 1 }} />
            <Stack>
              <Typography
                variant="body2"
                data-testid="staffing-peak"
                data-agents={peak.agents}
                data-rostered={peak.rostered}
              >
                {t('calls.staffing.peak', { agents: peak.agents, rostered: peak.rostered })}
              </Typography>
              <Typography variant="caption" color="text.secondary" data-testid="staffing-total" data-hours={hours}>
                {t('calls.staffing.total', { hours: kit.number(hours), rostered: kit.number(rosteredHours) })}
              </Typography>
            </Stack>
          </Stack>
        ) : (
          <Alert severity="info">{t('calls.staffing.notLive')}</Alert>
        )}
      </Paper>
      {live ? (
        <ChartCard
          title={t('calls.staffing.agentsTitle')}
          testId="agents-chart"
          fileName={`staffing-${props.channel}`}
          csv={() =>
            tableCsv(
              ['start', 'forecast', 'agents', 'rostered', 'service_level', 'occupancy'],
              staffing.map((s) => [
                s.start,
                s.forecast,
                s.agents,
                s.rostered,
                s.serviceLevel.toFixed(4),
                s.occupancy.toFixed(4),
              ]),
            )
          }
        >
          <ResponsiveContainer>
            <LineChart data={staffing}>
              <CartesianGrid stroke={kit.grid} vertical={false} />
              <XAxis dataKey="start" tick={kit.axis} tickFormatter={(v: string) => kit.tick(v, true)} minTickGap={40} />
              <YAxis tick={kit.axis} width={40} allowDecimals={false} />
              <Tooltip {...kit.tooltip} labelFormatter={(v) => kit.fullTime(String(v))} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Line
                type="stepAfter"
                dataKey="agents"
                name={t('calls.staffing.agents')}
                stroke="#43a047"
                dot={false}
                isAnimationActive={false}
              />
              <Line
                type="stepAfter"
                dataKey="rostered"
                name={t('calls.staffing.rostered')}
                stroke="#8e24aa"
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </ChartCard>
      ) : null}
      <Typography variant="caption" color="text.secondary">
        {t('calls.staffing.method')}
      </Typography>
    </Stack>
  );
}
