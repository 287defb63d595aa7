import type http from 'node:http';

export const MAX_BODY = 1024 * 1024;
/** How much of an oversized body we read and discard so the client sees the 413, not a reset. */
const MAX_DRAIN = 64 * 1024 * 1024;

export type BodyResult = { ok: true; text: string } | { ok: false; status: 400 | 413; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a request body of at most MAX_BODY bytes as strict UTF-8. An oversized body is
 * answered at once (413) and the rest drained, because closing a socket the client is
 * still writing to makes its TCP stack report a reset instead of our answer.
 */
export function readBody(req: http.IncomingMessage, done: (result: BodyResult) => void): void {
  let settled = false;
  const settle = (r: BodyResult) => {
    if (!settled) {
      settled = true;
      done(r);
    }
  };
  const declared = Number(req.headers['content-length'] ?? 0);
  const chunks: Buffer[] = [];
  let size = 0;
  let draining = declared > MAX_BODY;
  if (draining) settle({ ok: false, status: 413, message: 'Request body over 1 MB' });
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (draining) {
      if (size > MAX_DRAIN) req.destroy();
      return;
    }
    if (size > MAX_BODY) {
      draining = true;
      chunks.length = 0;
      settle({ ok: false, status: 413, message: 'Request body over 1 MB' });
    } else chunks.push(c);
  });
  req.on('error', () => settle({ ok: false, status: 400, message: 'The request body was cut off' }));
  req.on('aborted', () => settle({ ok: false, status: 400, message: 'The request body was cut off' }));
  req.on('end', () => {
    if (draining) return;
    try {
      settle({ ok: true, text: utf8.decode(Buffer.concat(chunks)) });
    } catch {
      settle({ ok: false, status: 400, message: 'The request body is not UTF-8' });
    }
  });
}
