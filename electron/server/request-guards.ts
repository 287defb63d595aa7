import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

/**
 * Checks every request passes before anything reads its body or path. Each returns a
 * refusal (HTTP status + error code) or null, and none of them can throw: whatever a
 * client sends, the host answers with a 4xx and keeps serving.
 */
export interface Refusal {
  status: number;
  code: 'BAD_REQUEST' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'PAYLOAD_TOO_LARGE' | 'TOO_MANY_REQUESTS';
  message: string;
}

export const refuse = (status: number, code: Refusal['code'], message: string): Refusal => ({ status, code, message });

/** Loopback spellings that reach this host. Anything else in Host is DNS rebinding. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'];

export function allowedAuthorities(port: number): Set<string> {
  return new Set(LOOPBACK_NAMES.map((n) => `${n}:${port}`));
}

/** Host must name this loopback host; Origin, when sent, must be this host (either spelling). */
export function checkHostAndOrigin(req: http.IncomingMessage, authorities: Set<string>): Refusal | null {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!authorities.has(host)) return refuse(421, 'FORBIDDEN', 'Wrong host');
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  const m = /^http:\/\/([^/]+)$/i.exec(origin);
  if (!m || !authorities.has(m[1].toLowerCase())) return refuse(403, 'FORBIDDEN', 'Wrong origin');
  return null;
}

/**
 * The request target as a decoded path, or null when it is not one: only origin-form
 * targets ("/…"), valid percent-encoding and UTF-8, no NUL and no backslash.
 */
export function decodePath(target: string | undefined): string | null {
  if (!target || target[0] !== '/' || target.startsWith('//')) return null;
  const raw = target.split(/[?#]/, 1)[0];
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null; // "%", "%E0%A4%A", lone surrogates…
  }
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if (c < 0x20 || c === 0x5c) return null; // control characters (NUL above all) and backslashes
  }
  return decoded;
}

/** A browser tab's id: a lower-case UUID, exactly as crypto.randomUUID() makes it. */
const CLIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The caller's client id; null when the header is absent (a one-off, session-less call). */
export function clientId(req: http.IncomingMessage): string | Refusal | null {
  const value = req.headers['x-client'];
  if (value === undefined) return null;
  if (typeof value !== 'string' || !CLIENT_ID.test(value)) {
    return refuse(400, 'BAD_REQUEST', 'x-client must be a lower-case UUID');
  }
  return value;
}

export function checkToken(req: http.IncomingMessage, token: string): Refusal | null {
  const sent = req.headers['x-token'];
  const a = Buffer.from(typeof sent === 'string' ? sent : '');
  const b = Buffer.from(token);
  // Constant-time, so the token cannot be guessed a byte at a time from response times.
  if (a.length !== b.length || !timingSafeEqual(a, b)) return refuse(401, 'UNAUTHENTICATED', 'Bad token');
  return null;
}
