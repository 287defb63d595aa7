import { Box, Tooltip as MuiTooltip, alpha, useTheme } from '@mui/material';
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { CallsDashboard } from '../../../../shared/contract/calls';
import { tableCsv } from '../../../../shared/domain/calls-export';
import { LIVE_CHANNELS } from '../../../../shared/domain/contact-kpis';
import { ChartCard, SERIES_COLORS, useChartKit } from './chart-kit';
import type { DrillTarget } from './drill';

interface Props {
  data: CallsDashboard;
  onDrill: (target: DrillTarget) => void;
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const pad = (h: number) => String(h).padStart(2, '0');

/** Weekday × hour volume, drawn as SVG so the PNG export works like the Recharts charts. */
export function HeatmapChart({ data, onDrill }: Props) {
  const { t } = useTranslation();
  const theme = useTheme();
  const kit = useChartKit(data.timeZone);
  const max = Math.max(1, ...data.heatmap.flat());
  const cell = { w: 28, h: 24 };
  const left = 44;
  const top = 18;
  const day = (w: number) => t(`calls.weekdays.${w}`);
  const shade = (v: number) =>
    v === 0 ? theme.palette.action.hover : alpha(theme.palette.primary.main, 0.12 + 0.88 * (v / max));
  const legendY = top + 7 * cell.h + 10;
  return (
    <ChartCard
      title={t('calls.charts.heatmap')}
      testId="heatmap-chart"
      fileName={`heatmap-${data.from}-${data.to}`}
      csv={() =>
        tableCsv(
          [t('calls.charts.weekday'), ...HOURS.map(pad)],
          data.heatmap.map((r, w) => [day(w), ...r]),
        )
      }
      height={legendY + 26}
    >
      <Box sx={{ overflowX: 'auto' }}>
        <svg width={left + 24 * cell.w} height={legendY + 22} role="img" aria-label={t('calls.charts.heatmap')}>
          {HOURS.filter((h) => h % 3 === 0).map((h) => (
            <text key={h} x={left + h * cell.w + 2} y={12} fontSize={11} fill={theme.palette.text.secondary}>
              {pad(h)}
            </text>
          ))}
          {data.heatmap.map((row, w) => (
            <g key={w}>
              <text x={0} y={top + w * cell.h + 16} fontSize={11} fill={theme.palette.text.secondary}>
                {day(w)}
              </text>
              {row.map((v, h) => (
                <MuiTooltip
                  key={h}
                  title={`${day(w)} ${pad(h)}:00 · ${kit.number(v)}`}
                  disableInteractive
                  placement="top"
                >
                  <rect
                    x={left + h * cell.w}
                    y={top + w * cell.h}
                    width={cell.w - 2}
                    height={cell.h - 2}
                    rx={3}
                    fill={shade(v)}
                    style={{ cursor: 'pointer' }}
                    data-testid={`heat-${w}-${h}`}
                    data-value={v}
                    onClick={() =>
                      onDrill({
                        title: t('calls.drill.cell', { weekday: day(w), hour: pad(h) }),
                        figure: v,
                        filter: {
                          from: data.fromIso,
                          to: data.toIso,
                          weekday: w,
                          hour: h,
                          channels: data.channels,
                          categories: data.categories,
                        },
                      })
                    }
                  />
                </MuiTooltip>
              ))}
            </g>
          ))}
          <HeatLegend x={left} y={legendY} max={max} shade={shade} label={t('calls.charts.heatLegend')} kit={kit} />
        </svg>
      </Box>
    </ChartCard>
  );
}

/** The heatmap's key: an empty cell, then the scale from 1 contact to the busiest cell's count. */
function HeatLegend(props: {
  x: number;
  y: number;
  max: number;
  shade: (v: number) => string;
  label: string;
  kit: ReturnType<typeof useChartKit>;
}) {
  const theme = useTheme();
  const { x, y, max, shade, kit } = props;
  const steps = 8;
  const w = 18;
  const text = { fontSize: 11, fill: theme.palette.text.secondary };
  return (
    <g data-testid="heatmap-legend" transform={`translate(${x},${y})`}>
      <text x={0} y={11} {...text}>
        {props.label}
      </text>
      <g transform="translate(150,0)">
        <rect width={w} height={12} rx={2} fill={shade(0)} />
        <text x={w + 4} y={11} {...text} data-testid="heatmap-legend-zero">
          {kit.number(0)}
        </text>
        <g transform="translate(44,0)">
          {Array.from({ length: steps }, (_, i) => (
            <rect key={i} x={i * w} width={w} height={12} fill={shade(Math.max(1, (max * (i + 1)) / steps))} />
          ))}
          <text x={steps * w + 4} y={11} {...text} data-testid="heatmap-legend-max">
            {kit.number(max)}
          </text>
        </g>
      </g>
    </g>
  );
}

export function TopCategoriesChart({ data, onDrill }: Props) {
  const { t } = useTranslation();
  const kit = useChartKit(data.timeZone);
  const rows = data.topCategories.slice(0, 8).map((c) => ({
    ...c,
    name: t(`catalog.contactCategory.${c.category}`),
    changeText:
      c.change === null
        ? ''
        : new Intl.NumberFormat(kit.locale, {
            style: 'percent',
            maximumFractionDigits: 0,
            signDisplay: 'exceptZero',
          }).format(c.change),
  }));
  return (
    <ChartCard
      title={t('calls.charts.topCategories')}
      testId="categories-chart"
      fileName={`categories-${data.from}-${data.to}`}
      csv={() =>
        tableCsv(
          ['category', 'volume', 'previous', 'change'],
          data.topCategories.map((c) => [
            t(`catalog.contactCategory.${c.category}`),
            c.volume,
            c.previous,
            c.change?.toFixed(4) ?? '',
          ]),
        )
      }
    >
      <ResponsiveContainer>
        <BarChart data={rows} layout="vertical" margin={{ right: 48 }}>
          <CartesianGrid stroke={kit.grid} horizontal={false} />
          <XAxis type="number" tick={kit.axis} tickFormatter={kit.number} />
          <YAxis type="category" dataKey="name" tick={kit.axis} width={110} />
          <Tooltip
            {...kit.tooltip}
            formatter={(v, _n, item) => [
              `${kit.number(Number(v))} (${item.payload.changeText || '—'})`,
              t('calls.kpi.volume'),
            ]}
          />
          <Bar
            dataKey="volume"
            isAnimationActive={false}
            style={{ cursor: 'pointer' }}
            onClick={(_d, i) =>
              onDrill({
                title: rows[i].name,
                figure: rows[i].volume,
                filter: { from: data.fromIso, to: data.toIso, channels: data.channels, categories: [rows[i].category] },
              })
            }
          >
            {rows.map((r, i) => (
              <Cell key={r.category} fill={SERIES_COLORS[i % SERIES_COLORS.length]} />
            ))}
            <LabelList dataKey="changeText" position="right" style={{ fontSize: 11, fill: kit.text }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function AbandonByHourChart({ data, onDrill }: Props) {
  const { t } = useTranslation();
  const kit = useChartKit(data.timeZone);
  const target = data.settings.abandonTargetPct / 100;
  const rows = data.abandonByHour.map((h) => ({ ...h, label: pad(h.hour) }));
  const live = (data.channels.length ? data.channels : LIVE_CHANNELS).filter((c) => LIVE_CHANNELS.includes(c));
  return (
    <ChartCard
      title={t('calls.charts.abandonByHour')}
      testId="abandon-chart"
      fileName={`abandonment-${data.from}-${data.to}`}
      csv={() =>
        tableCsv(
          ['hour', 'offered', 'abandoned', 'short_abandoned', 'rate'],
          data.abandonByHour.map((h) => [
            pad(h.hour),
            h.offered,
            h.abandoned,
            h.shortAbandoned,
            h.rate?.toFixed(4) ?? '',
          ]),
        )
      }
    >
      <ResponsiveContainer>
        <BarChart data={rows}>
          <CartesianGrid stroke={kit.grid} vertical={false} />
          <XAxis dataKey="label" tick={kit.axis} />
          <YAxis tick={kit.axis} tickFormatter={(v: number) => kit.percent(v, 0)} width={44} />
          <Tooltip
            {...kit.tooltip}
            labelFormatter={(l) => `${t('calls.charts.hour')} ${l}:00`}
            formatter={(v, _n, item) => [
              `${kit.percent(Number(v))} · ${t('calls.charts.abandoned')} ${kit.number(item.payload.abandoned)} / ${t('calls.charts.offered')} ${kit.number(item.payload.offered)}`,
              t('calls.charts.rate'),
            ]}
          />
          <Bar
            dataKey="rate"
            isAnimationActive={false}
            style={{ cursor: 'pointer' }}
            onClick={(_d, i) =>
              onDrill({
                title: `${t('calls.charts.abandoned')} · ${t('calls.drill.everyHour', { hour: pad(i) })}`,
                figure: rows[i].abandoned,
                filter: {
                  from: data.fromIso,
                  to: data.toIso,
                  hour: i,
                  channels: live,
                  categories: data.categories,
                  outcome: 'abandoned',
                },
              })
            }
          >
            {rows.map((r) => (
              <Cell key={r.hour} fill={r.rate !== null && r.rate > target ? '#e53935' : '#43a047'} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
