import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Grid,
  LinearProgress,
  MenuItem,
  Stack,
  TextField,
  Typography,
  useTheme,
} from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import {
  SIMULATION_DAYS,
  type DeltaBucket,
  type FeeVersionSummary,
  type SimulationResult,
} from '../../../../shared/contract/fees';
import { call, useApiMutation } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useToast } from '../../components/Toasts';
import { feeQueries } from './queries';

/**
 * Reprices the last 30 or 90 days of real transactions under this version instead of
 * the active one, on a worker thread in main; this panel polls its progress.
 */
export function ImpactPanel({
  version,
  activeVersion,
}: {
  version: FeeVersionSummary;
  activeVersion: FeeVersionSummary | null;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const [days, setDays] = useState<30 | 90>(90);
  const [jobId, setJobId] = useState<number | null>(null);
  const start = useApiMutation('fees:simulate');
  const status = useQuery(feeQueries.simulation(jobId));
  const s = jobId !== null ? status.data : undefined;
  const running = start.isPending || s?.state === 'running' || s?.state === 'queued';

  if (!activeVersion) return <Alert severity="warning">{t('errors.FEE_NO_ACTIVE_VERSION')}</Alert>;
  return (
    <Box>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        {t('fees.impact.body', { no: activeVersion.versionNo })}
      </Typography>
      {version.id === activeVersion.id ? (
        <Alert severity="info" sx={{ mb: 2 }}>
          {t('fees.impact.isActive')}
        </Alert>
      ) : null}
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 2 }}>
        <TextField
          select
          size="small"
          value={days}
          onChange={(e) => setDays(Number(e.target.value) as 30 | 90)}
          sx={{ width: 160 }}
          data-testid="impact-days"
        >
          {SIMULATION_DAYS.map((d) => (
            <MenuItem key={d} value={d}>
              {t('fees.impact.days', { count: d })}
            </MenuItem>
          ))}
        </TextField>
        <Button
          variant="contained"
          disabled={running}
          data-testid="run-simulation"
          onClick={() =>
            start.mutate(
              { draftId: version.id, days },
              { onSuccess: (st) => setJobId(st.jobId), onError: (e) => toast(t(`errors.${e.code}`), 'error') },
            )
          }
        >
          {t('fees.impact.run')}
        </Button>
        {running && jobId !== null ? (
          <Button
            color="inherit"
            data-testid="cancel-simulation"
            onClick={() => void call('fees:cancelSimulation', { jobId }).then(() => status.refetch())}
          >
            {t('fees.impact.cancel')}
          </Button>
        ) : null}
      </Stack>
      {running ? (
        <Box sx={{ mb: 2 }} data-testid="simulation-progress">
          <LinearProgress variant="determinate" value={Math.round((s?.progress ?? 0) * 100)} />
          <Typography variant="caption" color="text.secondary">
            {s?.state === 'queued'
              ? t('fees.impact.queued')
              : t('fees.impact.running', { percent: Math.round((s?.progress ?? 0) * 100) })}
          </Typography>
        </Box>
      ) : null}
      {s?.state === 'cancelled' ? <Alert severity="info">{t('fees.impact.cancelled')}</Alert> : null}
      {s?.state === 'failed' ? (
        <Alert severity="error">
          {t('fees.impact.failed', { message: s.errorCode ? t(`errors.${s.errorCode}`) : (s.error ?? '') })}
        </Alert>
      ) : null}
      {s?.state === 'done' && s.result ? <Results result={s.result} /> : null}
    </Box>
  );
}

function Results({ result: r }: { result: SimulationResult }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const theme = useTheme();
  const money = (minor: number) => fmt.money(minor, 'CNY');
  const signed = (minor: number) => `${minor > 0 ? '+' : ''}${money(minor)}`;
  const stats: [string, string, string][] = [
    ['before', money(r.beforeMinor), 'impact-before'],
    ['after', money(r.afterMinor), 'impact-after'],
    ['delta', signed(r.deltaMinor), 'impact-delta'],
    ['customersUp', fmt.number(r.customersUp), 'impact-up'],
    ['customersDown', fmt.number(r.customersDown), 'impact-down'],
  ];
  const byOp = r.byOperationChannel
    .filter((b) => b.count > 0)
    .map((b) => ({
      name: `${t(`catalog.operation.${b.operation}`)} · ${t(`catalog.channel.${b.channel}`)}`,
      delta: b.deltaMinor / 100,
    }));
  const dist = r.distribution.map((b) => ({ name: bucketLabel(b, money, t('fees.impact.zero')), count: b.count }));
  const axis = { stroke: theme.palette.text.secondary, fontSize: 11 };
  const tooltip = {
    contentStyle: { background: theme.palette.background.paper, borderColor: theme.palette.divider },
    labelStyle: { color: theme.palette.text.primary },
  };
  return (
    <Box data-testid="simulation-result">
      <Grid container spacing={2} sx={{ mb: 1 }}>
        {stats.map(([key, value, testId]) => (
          <Grid key={key} size={{ xs: 6, md: 2.4 }}>
            <Card variant="outlined">
              <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
                <Typography variant="body2" color="text.secondary">
                  {t(`fees.impact.${key}`)}
                </Typography>
                <Typography
                  variant="h6"
                  data-testid={testId}
                  color={
                    key === 'delta'
                      ? r.deltaMinor < 0
                        ? 'error'
                        : r.deltaMinor > 0
                          ? 'success.main'
                          : undefined
                      : undefined
                  }
                >
                  {value}
                </Typography>
              </CardContent>
            </Card>
          </Grid>
        ))}
      </Grid>
      <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 2 }}>
        {t('fees.impact.transactions', { count: r.transactions, ms: r.millis })}
        {r.refusedAfter ? ` · ${t('fees.impact.refused', { count: r.refusedAfter })}` : ''}
      </Typography>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: 6 }}>
          <Typography variant="subtitle2">{t('fees.impact.byOperation')}</Typography>
          <Box sx={{ height: 280 }} data-testid="impact-by-operation">
            <ResponsiveContainer>
              <BarChart data={byOp} layout="vertical" margin={{ left: 24, right: 16 }}>
                <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
                <XAxis type="number" tick={axis} stroke={axis.stroke} />
                <YAxis type="category" dataKey="name" width={200} tick={axis} stroke={axis.stroke} />
                <Tooltip {...tooltip} formatter={(v) => money(Math.round(Number(v) * 100))} />
                <Bar dataKey="delta" isAnimationActive={false}>
                  {byOp.map((d) => (
                    <Cell key={d.name} fill={d.delta < 0 ? theme.palette.error.main : theme.palette.success.main} />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </Box>
        </Grid>
        <Grid size={{ xs: 12, lg: 6 }}>
          <Typography variant="subtitle2">{t('fees.impact.distribution')}</Typography>
          <Box sx={{ height: 280 }} data-testid="impact-distribution">
            <ResponsiveContainer>
              <BarChart data={dist} margin={{ right: 16 }}>
                <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
                <XAxis
                  dataKey="name"
                  tick={axis}
                  stroke={axis.stroke}
                  interval={0}
                  angle={-30}
                  textAnchor="end"
                  height={70}
                />
                <YAxis tick={axis} stroke={axis.stroke} />
                <Tooltip {...tooltip} formatter={(v) => [fmt.number(Number(v)), t('fees.impact.count')]} />
                <Bar dataKey="count" fill={theme.palette.primary.main} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </Box>
        </Grid>
      </Grid>
    </Box>
  );
}

/** "−¥10.00 … −¥1.01", "< −¥50.00", "No change", "≥ +¥50.01". */
function bucketLabel(b: DeltaBucket, money: (m: number) => string, zero: string): string {
  if (b.fromMinor === 0 && b.toMinor === 1) return zero;
  const show = (m: number) => `${m > 0 ? '+' : ''}${money(m)}`;
  if (b.fromMinor === null) return `< ${show(b.toMinor!)}`;
  if (b.toMinor === null) return `≥ ${show(b.fromMinor)}`;
  return `${show(b.fromMinor)} … ${show(b.toMinor - 1)}`;
}
