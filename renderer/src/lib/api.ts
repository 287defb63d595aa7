import { useMutation, type QueryClient, type UseQueryOptions } from '@tanstack/react-query';
import {
  splitChannel,
  type AppErrorData,
  type ChannelName,
  type ErrorCode,
  type InputOf,
  type OutputOf,
  type Result,
} from '../../../shared/contract';
import type { Transport } from './transport';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  /** The channel that refused, so a conflict can reload its domain (app/events.ts). */
  readonly channel?: ChannelName;
  constructor(data: AppErrorData, channel?: ChannelName) {
    super(data.message);
    this.code = data.code;
    this.fields = data.fields;
    this.channel = channel;
  }
}

let transport: Transport | null = null;
const errorListeners = new Set<(e: ApiError) => void>();

export function initApi(t: Transport): void {
  transport = t;
}

export function hostKind() {
  return transport?.host ?? 'browser';
}

export function onApiError(listener: (e: ApiError) => void): () => void {
  errorListeners.add(listener);
  return () => errorListeners.delete(listener);
}

/** Calls one channel and unwraps the envelope; a failure throws ApiError with its code. */
export async function call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  if (!transport) throw new Error('transport not initialised');
  const [domain, verb] = splitChannel(channel);
  const fn = (transport.api as unknown as Record<string, Record<string, (i: unknown) => Promise<Result<unknown>>>>)[
    domain
  ][verb];
  const result = await fn(input);
  if (!result.ok) {
    const err = new ApiError(result.error, channel);
    errorListeners.forEach((l) => l(err));
    throw err;
  }
  return result.data as OutputOf<C>;
}

export function subscribe(...args: Parameters<Transport['events']['on']>) {
  return transport!.events.on(...args);
}

/** A query key is `[channel, input]`, so a domain prefix ('frozen:') or a channel name matches all of its keys. */
export type ApiKey<C extends ChannelName> = readonly [C, InputOf<C>];
type DomainOf<C> = C extends `${infer D}:${string}` ? D : never;
/** What an event invalidates: a whole domain (`'frozen:'`) or one channel (`'contacts:list'`). */
export type KeyPrefix = `${DomainOf<ChannelName>}:` | ChannelName;

export type ApiQueryOptions<C extends ChannelName> = Omit<
  UseQueryOptions<OutputOf<C>, ApiError, OutputOf<C>, ApiKey<C>>,
  'queryKey' | 'queryFn'
>;

/**
 * The options of one channel's query, for `useQuery(...)`. Every feature builds its queries through
 * this in its queries.ts (the query-key factories), so keys have one shape everywhere.
 */
export function apiQuery<C extends ChannelName>(channel: C, input: InputOf<C>, options: ApiQueryOptions<C> = {}) {
  return {
    ...options,
    queryKey: [channel, input] as ApiKey<C>,
    queryFn: () => call(channel, input),
  } satisfies UseQueryOptions<OutputOf<C>, ApiError, OutputOf<C>, ApiKey<C>>;
}

/**
 * A write. It invalidates nothing itself: main announces every change as an event, and the one
 * event table (app/events.ts) invalidates what it touched, for this window and every other.
 */
export function useApiMutation<C extends ChannelName>(channel: C) {
  return useMutation<OutputOf<C>, ApiError, InputOf<C>>({ mutationFn: (input) => call(channel, input) });
}

export function invalidatePrefix(qc: QueryClient, prefix: KeyPrefix) {
  return qc.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith(prefix) });
}
