import { z } from 'zod';
import { channel, id } from './define';

/** What a note may hang off; each maps to a table main checks the id against. */
export const NOTE_ENTITY_TYPES = [
  'freeze_case',
  'refund_request',
  'customer',
  'account',
  'transaction',
  'service_case',
] as const;
export type NoteEntityType = (typeof NOTE_ENTITY_TYPES)[number];

export interface Note {
  id: number;
  entityType: NoteEntityType;
  entityId: number;
  operatorId: number;
  operatorName: string;
  body: string;
  createdAt: string;
}

const entity = { entityType: z.enum(NOTE_ENTITY_TYPES), entityId: id };

export const noteChannels = {
  /** The newest notes first, up to `limit`. */
  'notes:list': channel<Note[]>()({
    input: z.strictObject({ ...entity, limit: z.number().int().min(1).max(500).default(200) }),
    permission: 'notes.read',
  }),
  'notes:add': channel<Note>()({
    input: z.strictObject({ ...entity, body: z.string().trim().min(1).max(2000) }),
    permission: 'notes.write',
    writes: true,
  }),
};
