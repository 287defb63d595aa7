import { isRecordingRef } from '../domain/recordings';
import { z } from 'zod';
import { channel, id, isoTime, note, pageInput, type Page } from './define';
import { csvExportChunkInput, csvExportJobInput, type CsvExportChunk, type CsvExportStatus } from './exports';
import {
  CONTACT_CATEGORIES,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  type ContactCategory,
  type ContactChannel,
  type ContactOutcome,
} from '../domain/catalog';
import {
  SHORT_ABANDON_THRESHOLDS,
  SL_THRESHOLDS,
  type CallSettings,
  type ContactSums,
  type Kpis,
} from '../domain/contact-kpis';

export const CALL_INTERVALS = ['15m', 'hour', 'day', 'week'] as const;
export type CallInterval = (typeof CALL_INTERVALS)[number];
/** Longest range (days) each interval may cover, so a series stays under ~1,000 points. */
export const MAX_DAYS_FOR_INTERVAL: Record<CallInterval, number> = { '15m': 7, hour: 41, day: 400, week: 400 };
export const STACK_BY = ['channel', 'category'] as const;
export type StackBy = (typeof STACK_BY)[number];

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const channels = z.array(z.enum(CONTACT_CHANNELS)).max(CONTACT_CHANNELS.length).default([]);
const categories = z.array(z.enum(CONTACT_CATEGORIES)).max(CONTACT_CATEGORIES.length).default([]);

/** Call-centre settings; saved whole (settings:update), never field by field. */
export const callSettingsSchema = z.strictObject({
  serviceLevelPct: z.number().int().min(50).max(99),
  serviceLevelSeconds: z.union(SL_THRESHOLDS.map((n) => z.literal(n))),
  shortAbandonSeconds: z.union(SHORT_ABANDON_THRESHOLDS.map((n) => z.literal(n))),
  shrinkagePct: z.number().int().min(0).max(80),
  maxOccupancyPct: z.number().int().min(50).max(100),
  asaTargetSeconds: z.number().int().min(1).max(3600),
  abandonTargetPct: z.number().int().min(0).max(100),
  ahtTargetSeconds: z.number().int().min(1).max(7200),
  fcrTargetPct: z.number().int().min(0).max(100),
  escalationTargetPct: z.number().int().min(0).max(100),
}) satisfies z.ZodType<CallSettings>;

export interface SeriesPoint {
  /** Interval start and end (exclusive), instants; local boundaries of the business time zone. */
  start: string;
  end: string;
  /** The interval's local label: '2026-11-22', '2026-11-22 10:00'. */
  label: string;
  total: number;
  /** Volume per stack key, in the order of `stackKeys`. */
  stacks: number[];
  serviceLevel: number | null;
  asaSeconds: number | null;
  /** Volume of the matching interval of the previous period (compare mode). */
  previousTotal: number | null;
}

export interface HourAbandon {
  hour: number;
  offered: number;
  abandoned: number;
  shortAbandoned: number;
  rate: number | null;
}

export interface CategoryChange {
  category: ContactCategory;
  volume: number;
  previous: number;
  change: number | null;
}

export interface CallsDashboard {
  timeZone: string;
  from: string;
  to: string;
  fromIso: string;
  toIso: string;
  previousFromIso: string;
  previousToIso: string;
  interval: CallInterval;
  stackBy: StackBy;
  stackKeys: string[];
  /** The filters applied (empty = all), so a drill-down can repeat them. */
  channels: ContactChannel[];
  categories: ContactCategory[];
  settings: CallSettings;
  sums: ContactSums;
  kpis: Kpis;
  previous: Kpis;
  series: SeriesPoint[];
  /** Volume by local weekday (0 = Monday) × hour. */
  heatmap: number[][];
  abandonByHour: HourAbandon[];
  topCategories: CategoryChange[];
  /**
   * The business time zone changed and the day and hour figures are being rebuilt in it: until
   * then they are `timeZone`'s (the previous zone), whole.
   */
  rollupsRebuilding: boolean;
}

export interface ContactRow {
  id: number;
  externalId: string;
  channel: ContactChannel;
  category: ContactCategory;
  outcome: ContactOutcome;
  startedAt: string;
  queueSeconds: number;
  handleSeconds: number;
  agentName: string | null;
  accountId: number | null;
  accountNo: string | null;
  caseId: number | null;
  /** The case's number (FC…), what people call it; the id stays for links. */
  caseNo: string | null;
  note: string | null;
  source: string;
  recordingRef: string | null;
  recordingNotice: boolean | null;
}

/** The drill-down filter: the same filters as the chart, plus the clicked interval or cell. */
export const contactFilter = {
  from: isoTime.optional(),
  to: isoTime.optional(),
  /** A heatmap cell: only contacts in this local hour (and weekday, 0 = Monday) within from–to. */
  weekday: z.number().int().min(0).max(6).optional(),
  hour: z.number().int().min(0).max(23).optional(),
  channels,
  categories,
  outcome: z.enum(CONTACT_OUTCOMES).optional(),
  accountId: id.optional(),
  caseId: id.optional(),
};
export const CONTACT_SORTS = ['startedAt'] as const;

export interface ForecastInterval {
  start: string;
  label: string;
  actual: number | null;
  forecast: number;
  /** Required agents at the current settings (phone and chat only). */
  agents: number | null;
  rostered: number | null;
}

export interface CallsForecast {
  timeZone: string;
  channel: ContactChannel;
  intervalMinutes: 30;
  /** The past two weeks (backtest, with actuals) then the next seven days. */
  intervals: ForecastInterval[];
  /** Index of the first future interval. */
  futureFrom: number;
  mape: number | null;
  mapeMinVolume: number;
  ahtSeconds: number;
  settings: CallSettings;
  /** Weeks before today with any contacts on the channel (the method needs four). */
  historyWeeks: number;
}

export const callChannels = {
  'calls:dashboard': channel<CallsDashboard>()({
    input: z.strictObject({
      from: localDate,
      to: localDate,
      interval: z.enum(CALL_INTERVALS),
      stackBy: z.enum(STACK_BY).default('channel'),
      channels,
      categories,
    }),
    permission: 'calls.read',
  }),
  'calls:forecast': channel<CallsForecast>()({
    input: z.strictObject({ channel: z.enum(CONTACT_CHANNELS).default('phone') }),
    permission: 'calls.read',
  }),
  'contacts:list': channel<Page<ContactRow>>()({
    input: pageInput([...CONTACT_SORTS], contactFilter),
    permission: 'calls.read',
  }),
  /**
   * Starts the drill-down's export on a worker, into a file (as the audit export does): poll
   * contacts:exportStatus, read the file with contacts:exportChunk, or stop it with contacts:exportCancel.
   */
  'contacts:exportCsv': channel<CsvExportStatus>()({
    input: z.strictObject({ filter: z.strictObject(contactFilter).prefault({}) }),
    permission: 'calls.read',
  }),
  'contacts:exportStatus': channel<CsvExportStatus>()({ input: csvExportJobInput, permission: 'calls.read' }),
  'contacts:exportChunk': channel<CsvExportChunk>()({ input: csvExportChunkInput, permission: 'calls.read' }),
  'contacts:exportCancel': channel<CsvExportStatus>()({ input: csvExportJobInput, permission: 'calls.read' }),
  'contacts:log': channel<ContactRow>()({
    input: z.strictObject({
      channel: z.enum(CONTACT_CHANNELS),
      category: z.enum(CONTACT_CATEGORIES),
      outcome: z.enum(CONTACT_OUTCOMES),
      note: note.optional(),
      accountId: id.optional(),
      caseId: id.optional(),
      startedAt: isoTime.optional(),
      queueSeconds: z.number().int().min(0).max(86_400).default(0),
      talkSeconds: z.number().int().min(0).max(86_400).default(0),
      /** The telephony system's recording id or URL, and whether the recording notice was played. */
      recordingRef: z.string().trim().max(500).refine(isRecordingRef, 'not a recording id or URL').optional(),
      recordingNotice: z.boolean().optional(),
      /** A retry with the same key returns the first contact instead of logging twice. */
      idempotencyKey: z
        .string()
        .min(8)
        .max(64)
        .regex(/^[\w-]+$/),
    }),
    permission: 'contacts.log',
    writes: true,
  }),
};
