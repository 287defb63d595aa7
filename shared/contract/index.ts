import type { z } from 'zod';
import type { ChannelDef } from './define';
import type { Result } from './errors';
import { appChannels } from './app';
import { sessionChannels } from './session';
import { operatorChannels } from './operators';
import { auditChannels } from './audit';
import { customerChannels } from './customers';
import { customer360Channels } from './customer360';
import { overviewChannels } from './overview';
import { frozenChannels } from './frozen';
import { viewChannels } from './views';
import { noteChannels } from './notes';
import { refundChannels } from './refunds';
import { callChannels } from './calls';
import { contactImportChannels } from './contact-imports';
import { feeChannels } from './fees';
import { setupChannels } from './setup';
import { integrityChannels } from './integrity';
import { backupChannels } from './backups';
import { serviceCaseChannels } from './cases';
import { complaintChannels } from './complaints';
import { fraudChannels } from './fraud';
import { closureChannels } from './closure';
import { identityChannels } from './identity';

/** The whole contract: every channel main serves, by name `domain:verb`. */
export const contract = {
  ...appChannels,
  ...sessionChannels,
  ...operatorChannels,
  ...auditChannels,
  ...customerChannels,
  ...customer360Channels,
  ...overviewChannels,
  ...frozenChannels,
  ...viewChannels,
  ...noteChannels,
  ...refundChannels,
  ...callChannels,
  ...contactImportChannels,
  ...feeChannels,
  ...setupChannels,
  ...integrityChannels,
  ...backupChannels,
  ...serviceCaseChannels,
  ...complaintChannels,
  ...fraudChannels,
  ...closureChannels,
  ...identityChannels,
} satisfies Record<`${string}:${string}`, ChannelDef>;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];

export type InputOf<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends ChannelName> = z.output<Contract[C]['input']>;
export type OutputOf<C extends ChannelName> = Contract[C] extends ChannelDef<z.ZodType, infer O, infer _P> ? O : never;
/** Whether a channel may be called before sign-in (`permission: null`). */
export type IsPublic<C extends ChannelName> = null extends Contract[C]['permission'] ? true : false;

/** Events main pushes to the renderer; payloads say what changed so queries can be invalidated. */
export interface Events {
  'audit:appended': { lastId: number };
  'operators:changed': { id: number };
  'settings:changed': Record<string, never>;
  'customers:changed': { ids: number[] };
  'frozen:changed': { ids: number[] };
  'notes:changed': { entityType: string; entityId: number };
  'views:changed': { page: string };
  'refunds:changed': { ids: number[] };
  /** Contacts were logged or imported: dashboards and drill-downs are stale. */
  'contacts:changed': { source: 'log' | 'import' };
  /** A running import moved on; sent after each committed batch. */
  'contacts:importProgress': { id: number };
  /** A fee version was created, edited, moved through the workflow, or activated. */
  'fees:changed': { versionId: number };
  /** Main locked or unlocked sessions (desktop: the OS locked or slept): re-read the session. */
  'session:changed': Record<string, never>;
  /** Service cases were opened or moved on. */
  'cases:changed': { ids: number[] };
  /** Team mode: this host's link to the database came back; what others announced meanwhile was missed. */
  'database:reconnected': Record<string, never>;
}
export type EventName = keyof Events;
export const EVENT_NAMES: EventName[] = [
  'audit:appended',
  'operators:changed',
  'settings:changed',
  'customers:changed',
  'frozen:changed',
  'notes:changed',
  'views:changed',
  'refunds:changed',
  'contacts:changed',
  'contacts:importProgress',
  'fees:changed',
  'session:changed',
  'cases:changed',
  'database:reconnected',
];

/** `'refunds:approve'` → `api.refunds.approve(input)`: the shape window.api exposes. */
type DomainOf<C> = C extends `${infer D}:${string}` ? D : never;
export type ApiClient = {
  [D in DomainOf<ChannelName>]: {
    [C in ChannelName as C extends `${D}:${infer V}` ? V : never]: (input: InputOf<C>) => Promise<Result<OutputOf<C>>>;
  };
};

/** Event subscription, exposed by the preload as window.apiEvents and by the browser transport. */
export interface ApiEvents {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

export function splitChannel(name: string): [string, string] {
  const at = name.indexOf(':');
  return [name.slice(0, at), name.slice(at + 1)];
}

export * from './errors';
export type { ChannelDef, Cursor, Page } from './define';
