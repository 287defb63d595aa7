import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
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
  constructor(data: AppErrorData) {
    super(data.message);
    this.code = data.code;
    this.fields = data.fields;
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
    const err = new ApiError(result.error);
    errorListeners.forEach((l) => l(err));
    throw err;
  }
  return result.data as OutputOf<C>;
}

export function subscribe(...args: Parameters<Transport['events']['on']>) {
  return transport!.events.on(...args);
}

/** Query keys start with the channel name, so a domain prefix invalidates them all. */
export function useApiQuery<C extends ChannelName>(
  channel: C,
  input: InputOf<C>,
  options: Omit<UseQueryOptions<OutputOf<C>, ApiError>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<OutputOf<C>, ApiError>({
    queryKey: [channel, input],
    queryFn: () => call(channel, input),
    ...options,
  });
}

export function useApiMutation<C extends ChannelName>(channel: C, invalidatePrefixes: string[] = []) {
  const qc = useQueryClient();
  return useMutation<OutputOf<C>, ApiError, InputOf<C>>({
    mutationFn: (input) => call(channel, input),
    onSuccess: () => invalidatePrefixes.forEach((p) => invalidatePrefix(qc, p)),
  });
}

export function invalidatePrefix(qc: ReturnType<typeof useQueryClient>, prefix: string) {
  return qc.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith(prefix) });
}
