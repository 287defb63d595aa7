import DownloadIcon from '@mui/icons-material/Download';
import ImageIcon from '@mui/icons-material/Image';
import { Box, IconButton, Paper, Stack, Tooltip, Typography, useTheme } from '@mui/material';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { clockFor } from '../../../../shared/domain/business-time';
import { downloadCsv, downloadPng } from './chart-export';

/** Channel and category colours; distinct in light and dark themes. */
export const SERIES_COLORS = [
  '#1e88e5',
  '#43a047',
  '#fb8c00',
  '#8e24aa',
  '#e53935',
  '#00897b',
  '#6d4c41',
  '#3949ab',
  '#c0ca33',
  '#d81b60',
  '#00acc1',
  '#7cb342',
  '#757575',
];

/** Recharts beyond this many points per series draws without animation. */
export const ANIMATE_BELOW = 120;

/** Axis and tooltip styling that follows the MUI theme, and localized time labels in the business zone. */
export function useChartKit(timeZone: string) {
  const theme = useTheme();
  const { i18n } = useTranslation();
  return useMemo(() => {
    const locale = i18n.language;
    const fmt = (opts: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat(locale, { timeZone, hour12: false, ...opts });
    const day = fmt({ month: 'short', day: 'numeric' });
    const dayHour = fmt({ month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    const shortDay = fmt({ month: 'numeric', day: 'numeric' });
    const fullDay = fmt({ year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' });
    const full = fmt({
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    const clock = clockFor(timeZone);
    return {
      locale,
      axis: { stroke: theme.palette.text.secondary, fontSize: 11 },
      grid: theme.palette.divider,
      tooltip: {
        contentStyle: {
          background: theme.palette.background.paper,
          border: `1px solid ${theme.palette.divider}`,
          fontSize: 12,
        },
        labelStyle: { color: theme.palette.text.primary },
      },
      background: theme.palette.background.paper,
      text: theme.palette.text.primary,
      /** Tick text for an interval start: the day, or day and time for sub-day intervals. */
      tick: (iso: string, subDay: boolean) => (subDay ? dayHour : day).format(new Date(iso)),
      /** A point's full label; a day, week or month point has no time of day ("00:00" says nothing). */
      fullTime: (iso: string, subDay = true) => (subDay ? full : fullDay).format(new Date(iso)),
      /** "11/17": a tick on every day of three weeks still fits at 1366 px, in Chinese too. */
      shortDay: (iso: string) => shortDay.format(new Date(iso)),
      /** The first point of each business day: one axis tick per day. */
      dayTicks: (starts: string[]) =>
        starts.filter((s, i) => i === 0 || clock.date(Date.parse(s)) !== clock.date(Date.parse(starts[i - 1]))),
      number: (n: number) => new Intl.NumberFormat(locale).format(n),
      percent: (n: number | null, digits = 1) =>
        n === null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(n),
    };
  }, [theme, i18n.language, timeZone]);
}

/** A chart's frame: title, hint, and PNG / CSV downloads of exactly what it shows. */
export function ChartCard(props: {
  title: string;
  testId: string;
  csv: () => string;
  fileName: string;
  /** The chart; a function of the drawing's width in pixels for charts that thin dense series to it. */
  children: ReactNode | ((width: number) => ReactNode);
  height?: number;
  action?: ReactNode;
}) {
  const { t } = useTranslation();
  const theme = useTheme();
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref);
  return (
    <Paper
      variant="outlined"
      sx={{ p: 1.5, display: 'flex', flexDirection: 'column', minWidth: 0 }}
      data-testid={props.testId}
    >
      <Stack direction="row" alignItems="center" spacing={1} sx={{ mb: 1 }}>
        <Typography variant="subtitle2" sx={{ flexGrow: 1 }}>
          {props.title}
        </Typography>
        {props.action}
        <Tooltip title={t('calls.charts.downloadPng')}>
          <IconButton
            size="small"
            aria-label={t('calls.charts.downloadPng')}
            data-testid={`${props.testId}-png`}
            onClick={() =>
              ref.current && void downloadPng(ref.current, `${props.fileName}.png`, theme.palette.background.paper)
            }
          >
            <ImageIcon fontSize="small" />
          </IconButton>
        </Tooltip>
        <Tooltip title={t('calls.charts.downloadCsv')}>
          <IconButton
            size="small"
            aria-label={t('calls.charts.downloadCsv')}
            data-testid={`${props.testId}-csv`}
            onClick={() => downloadCsv(props.csv(), `${props.fileName}.csv`)}
          >
            <DownloadIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      </Stack>
      <Box ref={ref} sx={{ height: props.height ?? 260, minWidth: 0, color: 'text.primary' }}>
        {typeof props.children === 'function' ? (width > 0 ? props.children(width) : null) : props.children}
      </Box>
    </Paper>
  );
}

/** An element's width, following resizes (0 until it is laid out). */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
