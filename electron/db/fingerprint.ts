import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so two equal values always give the same text. */
export function stableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

/** A short SHA-256 of a value's stable JSON: equal inputs, equal fingerprints. */
export function fingerprint(value: unknown, length = 64): string {
  return createHash('sha256').update(stableJson(value)).digest('hex').slice(0, length);
}
