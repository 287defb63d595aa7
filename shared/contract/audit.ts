import { z } from 'zod';
import { channel, id, isoTime, pageInput, type Page } from './define';
import type { Role } from '../domain/roles';

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

export interface ChainReport {
  intact: boolean;
  checked: number;
  /** The first event whose hash does not follow from its predecessor. */
  firstBrokenId: number | null;
  problem: 'edited' | 'missing' | 'inserted' | 'reordered' | null;
  millis: number;
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
  'audit:exportCsv': channel<{ csv: string; rows: number; truncated: boolean }>()({
    input: z.strictObject({ filter: z.strictObject(auditFilter).prefault({}) }),
    permission: 'audit.read',
  }),
};
