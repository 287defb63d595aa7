import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type BarShapeProps,
} from 'recharts';
import { useTranslation } from 'react-i18next';
import type { CallsDashboard } from '../../../../shared/contract/calls';
import { seriesCsv } from '../../../../shared/domain/calls-export';
import type { ContactCategory, ContactChannel } from '../../../../shared/domain/catalog';
import { ANIMATE_BELOW, ChartCard, SERIES_COLORS, useChartKit } from './chart-kit';
import { downsampleSeries, pointsFor } from './downsample';
import type { DrillTarget } from './drill';

interface Props {
  data: CallsDashboard;
  compare: boolean;
  onDrill: (target: DrillTarget) => void;
}

/** A stack key's label: stacks are channels or categories of contacts. */
function useStackLabel(stackBy: CallsDashboard['stackBy']) {
  const { t } = useTranslation();
  return (k: string) => t(`catalog.${stackBy === 'channel' ? 'contactChannel' : 'contactCategory'}.${k}`);
}

/** The chart's rows: one per interval, stack volumes as s0…sN. */
function rows(d: CallsDashboard) {
  return d.series.map((p, i) => ({
    i,
    start: p.start,
    total: p.total,
    previous: p.previousTotal,
    sl: p.serviceLevel,
    asa: p.asaSeconds === null ? null : Math.round(p.asaSeconds * 10) / 10,
    ...Object.fromEntries(p.stacks.map((v, k) => [`s${k}`, v])),
  }));
}

/** Drill into one interval (optionally one stack key) with the dashboard's filters. */
export function pointTarget(d: CallsDashboard, index: number, title: string, stack?: number): DrillTarget {
  const p = d.series[index];
  const key = stack === undefined ? null : d.stackKeys[stack];
  return {
    title,
    figure: stack === undefined ? p.total : p.stacks[stack],
    filter: {
      from: p.start,
      to: p.end,
      channels: d.stackBy === 'channel' && key ? [key as ContactChannel] : d.channels,
      categories: d.stackBy === 'category' && key ? [key as ContactCategory] : d.categories,
    },
  };
}

/** Below this many pixels per interval, stacked bars become stacked steps: one path per stack, not one rect per cell. */
const BAR_MIN_PX = 4;

/** The dashboard with its series thinned to what a chart `width` pixels wide can show (sums kept). */
function atWidth(data: CallsDashboard, width: number): CallsDashboard {
  const series = downsampleSeries(data.series, pointsFor(width));
  return series === data.series ? data : { ...data, series };
}

export function VolumeChart({ data, compare, onDrill }: Props) {
  const { t } = useTranslation();
  const label = useStackLabel(data.stackBy);
  return (
    <ChartCard
      title={t('calls.charts.volume')}
      testId="volume-chart"
      fileName={`volume-${data.from}-${data.to}`}
      csv={() => seriesCsv(data, data.stackKeys.map(label))}
      height={300}
    >
      {(width) => <VolumeDrawing data={atWidth(data, width)} width={width} compare={compare} onDrill={onDrill} />}
    </ChartCard>
  );
}

function VolumeDrawing({ data, width, compare, onDrill }: Props & { width: number }) {
  const { t } = useTranslation();
  const kit = useChartKit(data.timeZone);
  const subDay = data.interval === '15m' || data.interval === 'hour';
  const animate = data.series.length < ANIMATE_BELOW;
  const bars = data.series.length * BAR_MIN_PX <= width;
  const label = useStackLabel(data.stackBy);
  const drill = (index: number) => onDrill(pointTarget(data, index, kit.fullTime(data.series[index].start, subDay)));
  return (
    <ResponsiveContainer>
      <ComposedChart
        data={rows(data)}
        onClick={(s) => s.activeTooltipIndex != null && drill(Number(s.activeTooltipIndex))}
        style={{ cursor: 'pointer' }}
      >
        <CartesianGrid stroke={kit.grid} vertical={false} />
        <XAxis dataKey="start" tick={kit.axis} tickFormatter={(v: string) => kit.tick(v, subDay)} minTickGap={24} />
        <YAxis tick={kit.axis} tickFormatter={kit.number} width={48} />
        <Tooltip
          {...kit.tooltip}
          labelFormatter={(v) => kit.fullTime(String(v), subDay)}
          formatter={(v, name) => [kit.number(Number(v)), name]}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {data.stackKeys.map((k, i) =>
          bars ? (
            <Bar
              key={k}
              dataKey={`s${i}`}
              name={label(k)}
              stackId="v"
              fill={SERIES_COLORS[i % SERIES_COLORS.length]}
              isAnimationActive={animate}
              shape={(p: BarShapeProps) => (
                <rect
                  x={p.x}
                  y={p.y}
                  width={Math.max(p.width, 0)}
                  height={Math.max(p.height, 0)}
                  fill={p.fill}
                  data-point={p.index}
                />
              )}
            />
          ) : (
            <Area
              key={k}
              dataKey={`s${i}`}
              name={label(k)}
              stackId="v"
              type="step"
              stroke="none"
              fill={SERIES_COLORS[i % SERIES_COLORS.length]}
              fillOpacity={1}
              dot={false}
              activeDot={false}
              isAnimationActive={false}
            />
          ),
        )}
        {compare ? (
          <Line
            dataKey="previous"
            name={t('calls.charts.previous')}
            stroke={kit.text}
            strokeDasharray="4 3"
            dot={false}
            isAnimationActive={false}
          />
        ) : null}
      </ComposedChart>
    </ResponsiveContainer>
  );
}

export function ServiceLevelChart({ data, onDrill }: Props) {
  const { t } = useTranslation();
  const kit = useChartKit(data.timeZone);
  const subDay = data.interval === '15m' || data.interval === 'hour';
  const s = data.settings;
  const label = useStackLabel(data.stackBy);
  return (
    <ChartCard
      title={t('calls.charts.serviceLevel')}
      testId="sl-chart"
      fileName={`service-level-${data.from}-${data.to}`}
      csv={() => seriesCsv(data, data.stackKeys.map(label))}
    >
      {(width) => {
        const shown = atWidth(data, width);
        return (
          <ResponsiveContainer>
            <ComposedChart
              data={rows(shown)}
              onClick={(st) =>
                st.activeTooltipIndex != null &&
                onDrill(
                  pointTarget(
                    shown,
                    Number(st.activeTooltipIndex),
                    kit.fullTime(shown.series[Number(st.activeTooltipIndex)].start, subDay),
                  ),
                )
              }
              style={{ cursor: 'pointer' }}
            >
              <CartesianGrid stroke={kit.grid} vertical={false} />
              <XAxis
                dataKey="start"
                tick={kit.axis}
                tickFormatter={(v: string) => kit.tick(v, subDay)}
                minTickGap={24}
              />
              <YAxis
                yAxisId="sl"
                domain={[0, 1]}
                tick={kit.axis}
                tickFormatter={(v: number) => kit.percent(v, 0)}
                width={44}
              />
              <YAxis yAxisId="asa" orientation="right" tick={kit.axis} width={44} />
              <Tooltip
                {...kit.tooltip}
                labelFormatter={(v) => kit.fullTime(String(v), subDay)}
                formatter={(v, name, item) =>
                  item.dataKey === 'sl' ? [kit.percent(Number(v)), name] : [t('calls.kpi.seconds', { value: v }), name]
                }
              />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <ReferenceLine yAxisId="sl" y={s.serviceLevelPct / 100} stroke="#43a047" strokeDasharray="6 3" />
              <ReferenceLine yAxisId="asa" y={s.asaTargetSeconds} stroke="#fb8c00" strokeDasharray="2 3" />
              <Line
                yAxisId="sl"
                dataKey="sl"
                name={`${t('calls.charts.sl')} (${s.serviceLevelPct}/${s.serviceLevelSeconds})`}
                stroke="#1e88e5"
                dot={false}
                connectNulls
                isAnimationActive={shown.series.length < ANIMATE_BELOW}
              />
              <Line
                yAxisId="asa"
                dataKey="asa"
                name={t('calls.charts.asa')}
                stroke="#fb8c00"
                dot={false}
                connectNulls
                isAnimationActive={shown.series.length < ANIMATE_BELOW}
              />
            </ComposedChart>
          </ResponsiveContainer>
        );
      }}
    </ChartCard>
  );
}
