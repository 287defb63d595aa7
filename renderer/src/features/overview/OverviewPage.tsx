import { Box, Paper, Stack, Typography, useTheme } from '@mui/material';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { overviewQueries } from './queries';
import { useFormat } from '../../lib/format';
import { Figures } from '../../components/Figures';
import { PageHeader } from '../../components/PageHeader';

/** The landing page: the operator's own work, and for supervisors the team's queues and today's contacts. */
export function OverviewPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const theme = useTheme();
  const overview = useQuery(overviewQueries.get());
  const data = overview.data;
  return (
    <>
      <PageHeader title={t('overview.title')}>
        {data ? (
          <Typography variant="body2" color="text.secondary">
            {t('overview.asOf', { date: data.today, zone: data.timeZone })}
          </Typography>
        ) : null}
      </PageHeader>
      {data ? (
        <>
          <Typography variant="h6" gutterBottom>
            {t('overview.mine')}
          </Typography>
          <Figures figures={data.mine} />
          {data.cases ? (
            <>
              <Typography variant="h6" gutterBottom>
                {t('overview.cases')}
              </Typography>
              <Figures figures={data.cases} />
            </>
          ) : null}
          {data.team ? (
            <>
              <Typography variant="h6" gutterBottom>
                {t('overview.team')}
              </Typography>
              <Figures figures={data.team.queues} />
              <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
                <Paper variant="outlined" sx={{ p: 2, minWidth: 260 }} data-testid="contacts-today">
                  <Typography variant="body2" color="text.secondary">
                    {t('overview.contactsToday')}
                  </Typography>
                  <Typography variant="h4">{fmt.number(data.team.contactsToday)}</Typography>
                  <Typography variant="body2" color="text.secondary" gutterBottom>
                    {t('overview.expected', { count: fmt.number(data.team.contactsExpected) as unknown as number })}
                  </Typography>
                  <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
                    {t('overview.serviceLevel', data.team.serviceLevelTarget)}
                  </Typography>
                  <Typography variant="h5">
                    {data.team.serviceLevelToday === null
                      ? t('overview.noContacts')
                      : `${(data.team.serviceLevelToday * 100).toFixed(1)}%`}
                  </Typography>
                </Paper>
                <Paper variant="outlined" sx={{ p: 2, flexGrow: 1 }}>
                  <Typography variant="body2" color="text.secondary" gutterBottom>
                    {t('overview.last14')}
                  </Typography>
                  <Box sx={{ height: 220 }}>
                    <ResponsiveContainer>
                      <BarChart data={data.team.last14Days} margin={{ left: 8, right: 8 }}>
                        <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
                        <XAxis
                          dataKey="date"
                          tickFormatter={(d: string) => d.slice(5)}
                          stroke={theme.palette.text.secondary}
                          fontSize={12}
                        />
                        <YAxis
                          stroke={theme.palette.text.secondary}
                          fontSize={12}
                          tickFormatter={(v: number) => fmt.number(v)}
                        />
                        <Tooltip
                          formatter={(v) => [fmt.number(Number(v)), t('overview.contacts')]}
                          contentStyle={{
                            background: theme.palette.background.paper,
                            border: `1px solid ${theme.palette.divider}`,
                          }}
                        />
                        <Bar dataKey="contacts" fill={theme.palette.primary.main} isAnimationActive={false} />
                      </BarChart>
                    </ResponsiveContainer>
                  </Box>
                </Paper>
              </Stack>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}
