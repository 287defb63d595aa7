/**
 * A call recording's reference from the telephony system: its id ("REC-2026-000123",
 * "a1b2c3d4-…") or a URL to it. Bounded, printable, no spaces; a URL must be http(s).
 */
export const RECORDING_REF_MAX = 500;

export function isRecordingRef(raw: string): boolean {
  const s = raw.trim();
  if (s.length === 0 || s.length > RECORDING_REF_MAX || /\s/.test(s)) return false;
  if (/^[a-z][a-z0-9+.-]*:/i.test(s)) return /^https?:\/\/[^/\s]+/i.test(s);
  return /^[\p{L}\p{N}][\p{L}\p{N}._:/#-]*$/u.test(s);
}

/** "yes"/"no" as telephony exports write whether the recording notice was played. */
const FLAGS: Record<string, boolean> = {
  '1': true,
  '0': false,
  true: true,
  false: false,
  yes: true,
  no: false,
  y: true,
  n: false,
  played: true,
  'not played': false,
  是: true,
  否: false,
  已播放: true,
  未播放: false,
};

export function parseFlag(raw: string): boolean | null {
  return FLAGS[raw.trim().toLowerCase()] ?? null;
}
