import { z } from 'zod';
import { channel, id, isoTime, pageInput, type Page } from './define';
import type { Role } from '../domain/roles';
import { csvExportChunkInput, csvExportJobInput, type CsvExportChunk, type CsvExportStatus } from './exports';

export interface AuditEvent {
  id: number;
  at: string;
  operatorId: number | null;
  operatorName: string | null;
  operatorRole: Role | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  note: string | null;
  host: 'electron' | 'browser' | 'system';
}

export type ChainProblem =
  | 'edited'
  | 'missing'
  | 'inserted'
  | 'reordered'
  /** The keyed MAC does not match: edited and re-hashed, or appended without the key. */
  | 'forged'
  /** Fewer events than the last signed checkpoint counted: the newest ones were deleted. */
  | 'truncated'
  /** The checkpoint file itself does not carry a valid signature. */
  | 'checkpoint_invalid';

/** A signed record, outside the database, of how long the chain was and how it ended. */
export interface AuditCheckpoint {
  count: number;
  headHash: string;
  /** The first event with a keyed MAC; events before it predate the key. */
  macFrom: number | null;
  at: string;
  keyId: string;
  mac: string;
}

export interface ChainReport {
  intact: boolean;
  checked: number;
  /** The first event whose hash does not follow from its predecessor. */
  firstBrokenId: number | null;
  problem: ChainProblem | null;
  millis: number;
  /** Events whose keyed MAC was checked and matched (0 when no key was at hand). */
  anchored: number;
  /** The signed checkpoint the chain was held against, if there was one. */
  checkpoint: { count: number; at: string } | null;
}

export const auditFilter = {
  operatorId: id.optional(),
  action: z.string().max(64).optional(),
  /** Any of these actions; an entry ending in '.' (`'refund.'`) matches every action it starts. */
  actions: z.array(z.string().min(1).max(64)).min(1).max(60).optional(),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
};

export const auditChannels = {
  'audit:list': channel<Page<AuditEvent>>()({ input: pageInput(['id'], auditFilter), permission: 'audit.read' }),
  'audit:verify': channel<ChainReport>()({ input: z.strictObject({}), permission: 'audit.verify' }),
  /**
   * Starts the export on a worker, into a file; the file ends with a signed checkpoint row
   * (action audit.checkpoint), also returned here. Poll audit:exportStatus, then read the
   * file with audit:exportChunk.
   */
  'audit:exportCsv': channel<CsvExportStatus & { checkpoint: AuditCheckpoint | null }>()({
    input: z.strictObject({ filter: z.strictObject(auditFilter).prefault({}) }),
    permission: 'audit.read',
  }),
  'audit:exportStatus': channel<CsvExportStatus>()({ input: csvExportJobInput, permission: 'audit.read' }),
  'audit:exportCancel': channel<CsvExportStatus>()({ input: csvExportJobInput, permission: 'audit.read' }),
  'audit:exportChunk': channel<CsvExportChunk>()({
    input: csvExportChunkInput,
    permission: 'audit.read',
  }),
};
