import { ZoneClock } from './business-time';
import { csvText } from './csv';

/** What a series export needs of a dashboard (the contract's CallsDashboard has it all). */
export interface SeriesTable {
  timeZone: string;
  stackKeys: string[];
  series: {
    start: string;
    end: string;
    total: number;
    stacks: number[];
    serviceLevel: number | null;
    asaSeconds: number | null;
    previousTotal: number | null;
  }[];
}

/**
 * A dashboard series as CSV, one line per interval, with its start and end written as
 * wall-clock time in the business time zone (the zone is named in the header). Used by the
 * chart's "Download data" button; tested against the cards and drill-down.
 */
export function seriesCsv(d: SeriesTable, stackLabels: string[] = d.stackKeys): string {
  const clock = new ZoneClock(d.timeZone);
  const header = [
    `start (${d.timeZone})`,
    `end (${d.timeZone})`,
    'total',
    ...stackLabels,
    'service_level',
    'asa_seconds',
    'previous_total',
  ];
  const lines: unknown[][] = [header];
  for (const p of d.series) {
    lines.push([
      clock.wallText(Date.parse(p.start)),
      clock.wallText(Date.parse(p.end)),
      p.total,
      ...p.stacks,
      p.serviceLevel === null ? '' : p.serviceLevel.toFixed(4),
      p.asaSeconds === null ? '' : p.asaSeconds.toFixed(1),
      p.previousTotal ?? '',
    ]);
  }
  return csvText(lines);
}

/** Any table of figures as CSV (heatmap, abandonment by hour, top categories). */
export function tableCsv(header: string[], rows: unknown[][]): string {
  return csvText([header, ...rows]);
}
