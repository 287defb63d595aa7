import { z } from 'zod';
import { channel, id, isoTime, note, version } from './define';
import { CHANNELS, OPERATIONS, SEGMENTS, type FeeVersionStatus } from '../domain/catalog';
import type { CurrencyCode } from '../domain/money';
import type { FeeQuote, FeeRule } from '../domain/fees';
import type { RuleChange } from '../domain/fee-validation';
import type { ErrorCode } from './errors';

export interface FeeScheduleInfo {
  id: number;
  name: string;
  currency: CurrencyCode;
  activeVersionId: number | null;
}

export interface OperatorRef {
  id: number;
  displayName: string;
}

export interface FeeVersionSummary {
  id: number;
  scheduleId: number;
  versionNo: number;
  status: FeeVersionStatus;
  effectiveFrom: string;
  effectiveTo: string | null;
  createdBy: OperatorRef | null;
  approvedBy: OperatorRef | null;
  reviewNote: string | null;
  createdAt: string;
  /** The version this draft was copied from. */
  basedOnId: number | null;
  ruleCount: number;
  version: number;
}

export interface FeeVersionDetail extends FeeVersionSummary {
  currency: CurrencyCode;
  rules: FeeRule[];
}

export interface PreviewSide {
  versionId: number;
  versionNo: number;
  status: FeeVersionStatus;
  quote: FeeQuote;
}

export interface FeePreview {
  /** The version in force at the chosen time (active, or superseded for a past date). */
  current: PreviewSide | null;
  draft: PreviewSide | null;
}

export const SIMULATION_DAYS = [30, 90] as const;

export interface SimulationBreakdown {
  operation: FeeRule['operation'];
  channel: FeeRule['channel'];
  count: number;
  beforeMinor: number;
  afterMinor: number;
  deltaMinor: number;
}

/** Per-transaction change counted in [fromMinor, toMinor); null is open-ended; zero has its own bucket. */
export interface DeltaBucket {
  fromMinor: number | null;
  toMinor: number | null;
  count: number;
}

export interface SimulationResult {
  days: number;
  from: string;
  to: string;
  transactions: number;
  beforeMinor: number;
  afterMinor: number;
  deltaMinor: number;
  customersUp: number;
  customersDown: number;
  customersSame: number;
  /** Transactions the draft would refuse (below a new minimum amount). */
  refusedAfter: number;
  byOperationChannel: SimulationBreakdown[];
  distribution: DeltaBucket[];
  millis: number;
  /** Where it ran: a worker thread in the app, in-process only under unit tests. */
  ranIn: 'worker' | 'main';
  /** Threads the window was split across (consecutive time slices, summed in fen). */
  workers: number;
}

export interface SimulationStatus {
  jobId: number;
  /** Queued: waiting for one of the few simulations allowed to run at once. */
  state: 'queued' | 'running' | 'done' | 'cancelled' | 'failed';
  /** 0–1. */
  progress: number;
  baseVersionId: number;
  draftVersionId: number;
  result: SimulationResult | null;
  error: string | null;
  /** Set with `error` when the failure has a translated message (a lost team-database connection). */
  errorCode?: ErrorCode | null;
}

// Numbers are only bounded here; whether they are whole fen or a valid rate is the
// fee validator's call, so a bad value comes back naming its rule and field.
const num = z.number().min(-1e15).max(1e15);
const definition = z.strictObject({
  fixedMinor: num,
  ratePpm: num,
  minFeeMinor: num.nullable(),
  maxFeeMinor: num.nullable(),
  tiers: z.array(z.strictObject({ fromMinor: num, fixedMinor: num, ratePpm: num })).max(20),
  minAmountMinor: num.nullable(),
  freeQuota: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('count'), count: num }),
      z.strictObject({ kind: z.literal('amount'), amountMinor: num }),
    ])
    .nullable(),
  waivers: z.array(z.strictObject({ from: isoTime, to: isoTime, label: z.string().trim().min(1).max(60) })).max(20),
});
export const feeRuleInput = z.strictObject({
  operation: z.enum(OPERATIONS),
  channel: z.enum(CHANNELS),
  segment: z.enum(SEGMENTS),
  definition,
});

const transition = z.strictObject({ id, expectedVersion: version });

export const feeChannels = {
  'fees:schedules': channel<FeeScheduleInfo[]>()({ input: z.strictObject({}), permission: 'fees.read' }),
  'fees:versions': channel<FeeVersionSummary[]>()({
    input: z.strictObject({ scheduleId: id }),
    permission: 'fees.read',
  }),
  'fees:version': channel<FeeVersionDetail>()({ input: z.strictObject({ id }), permission: 'fees.read' }),
  /** "New draft from this version": the only way to change an active or scheduled version. */
  'fees:createDraft': channel<FeeVersionDetail>()({
    input: z.strictObject({ fromVersionId: id }),
    permission: 'fees.edit',
    writes: true,
  }),
  'fees:saveDraft': channel<FeeVersionDetail>()({
    input: z.strictObject({
      id,
      expectedVersion: version,
      effectiveFrom: isoTime,
      effectiveTo: isoTime.nullable(),
      rules: z.array(feeRuleInput).max(200),
    }),
    permission: 'fees.edit',
    writes: true,
  }),
  'fees:submit': channel<FeeVersionDetail>()({ input: transition, permission: 'fees.edit', writes: true }),
  'fees:approve': channel<FeeVersionDetail>()({
    input: transition.extend({ effectiveFrom: isoTime, note: note.optional() }),
    permission: 'fees.approve',
    writes: true,
  }),
  'fees:reject': channel<FeeVersionDetail>()({
    input: transition.extend({ note: z.string().trim().min(1).max(2000) }),
    permission: 'fees.approve',
    writes: true,
  }),
  'fees:diff': channel<RuleChange[]>()({ input: z.strictObject({ fromId: id, toId: id }), permission: 'fees.read' }),
  'fees:preview': channel<FeePreview>()({
    input: z.strictObject({
      scheduleId: id,
      draftId: id.nullable(),
      operation: z.enum(OPERATIONS),
      channel: z.enum(CHANNELS),
      segment: z.enum(SEGMENTS),
      amountMinor: z.number().int().min(1).max(1e13),
      at: isoTime,
      usage: z.strictObject({
        count: z.number().int().min(0).max(1e6),
        amountMinor: z.number().int().min(0).max(1e13),
      }),
    }),
    permission: 'fees.read',
  }),
  'fees:simulate': channel<SimulationStatus>()({
    input: z.strictObject({ draftId: id, days: z.union([z.literal(30), z.literal(90)]) }),
    permission: 'fees.edit',
  }),
  'fees:simulationStatus': channel<SimulationStatus>()({
    input: z.strictObject({ jobId: id }),
    permission: 'fees.edit',
  }),
  'fees:cancelSimulation': channel<SimulationStatus>()({
    input: z.strictObject({ jobId: id }),
    permission: 'fees.edit',
  }),
};
