import { randomUUID } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Result } from '../../shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { dispatch, type Handlers } from '../api/core/dispatch';
import type { Services } from '../api/core/context';
import type { Listener } from '../api/core/services';
import { readBody } from './body';
import { createEventStreams } from './events';
import {
  allowedAuthorities,
  checkHostAndOrigin,
  checkToken,
  clientId,
  decodePath,
  refuse,
  type Refusal,
} from './request-guards';

export interface BrowserHostOptions {
  services: Services;
  handlers: Handlers;
  subscribe: (l: Listener) => () => void;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
}

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
};
const NO_SNIFF = { 'x-content-type-options': 'nosniff' };

/**
 * Browser mode: the same dispatch as the Electron IPC, served on loopback only.
 * A random token per run (given to the page in the URL fragment, sent back in a
 * header) plus Host and Origin checks keep other sites and DNS rebinding out.
 * Nothing a client sends may end the process: every path through `handle` answers
 * with a status, and a bug of ours becomes a logged 500 without a stack.
 */
export function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const token = randomBytes(24).toString('hex');
  let authorities = new Set<string>();
  const streams = createEventStreams(opts.subscribe);

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const refusal = checkHostAndOrigin(req, authorities);
    if (refusal) return sendRefusal(res, refusal, false);
    const pathname = decodePath(req.url);
    if (pathname === null) return sendRefusal(res, refuse(400, 'BAD_REQUEST', 'Malformed request path'), false);
    const api = pathname.startsWith('/rpc/') || pathname === '/events';
    if (!api) return serveStatic(opts.staticDir, pathname, req, res);

    const bad = checkToken(req, token);
    if (bad) return sendRefusal(res, bad, true);
    const client = clientId(req);
    if (client !== null && typeof client !== 'string') return sendRefusal(res, client, true);
    if (pathname === '/events') {
      if (req.method !== 'GET') return sendRefusal(res, refuse(405, 'BAD_REQUEST', 'GET only'), true);
      const full = streams.open(client ?? '(no client id)', res);
      return full ? sendRefusal(res, full, true) : undefined;
    }
    if (req.method !== 'POST') return sendRefusal(res, refuse(405, 'BAD_REQUEST', 'POST only'), true);
    readBody(req, (body) => {
      if (!body.ok) {
        const code = body.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
        return sendRefusal(res, refuse(body.status, code, body.message), true);
      }
      let payload: unknown;
      try {
        payload = body.text ? JSON.parse(body.text) : {};
      } catch {
        return sendRefusal(res, refuse(400, 'BAD_REQUEST', 'The request body is not JSON'), true);
      }
      // No client id: a one-off caller with a session of its own that nothing can reuse.
      const key = `browser:${client ?? randomUUID()}`;
      dispatch(opts.services, opts.handlers, key, pathname.slice(5), payload).then(
        (result) => sendJson(res, 200, result),
        (err) => internalError(res, err),
      );
    });
  };

  const server = http.createServer({ maxHeaderSize: 16 * 1024, headersTimeout: 20_000, requestTimeout: 120_000 });
  server.on('request', (req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      internalError(res, err);
    }
  });
  // Unparseable requests (bad header bytes, broken chunking, oversized headers) never reach
  // `request`; without this listener Node answers them itself, but we also must not throw.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    if (socket.writable) {
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    } else socket.destroy();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      authorities = allowedAuthorities(port);
      resolve({
        url: `http://127.0.0.1:${port}/#token=${token}`,
        port,
        token,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

function sendJson(res: http.ServerResponse, status: number, body: Result<unknown>): void {
  if (res.headersSent || res.destroyed) return;
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch (err) {
    return internalError(res, err);
  }
  res.writeHead(status, { 'content-type': 'application/json', ...NO_SNIFF });
  res.end(text);
}

/** API callers get the error envelope they read everywhere else; pages get plain text. */
function sendRefusal(res: http.ServerResponse, r: Refusal, api: boolean): void {
  if (api) return sendJson(res, r.status, { ok: false, error: { code: r.code, message: r.message } });
  if (res.headersSent || res.destroyed) return;
  res.writeHead(r.status, { 'content-type': 'text/plain; charset=utf-8', ...NO_SNIFF });
  res.end(r.message);
}

function internalError(res: http.ServerResponse, err: unknown): void {
  console.error('[browser host] unexpected error', err);
  if (res.headersSent || res.destroyed) return void res.destroy();
  res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', ...NO_SNIFF });
  res.end('Something went wrong in the console host.');
}

function serveStatic(dir: string, pathname: string, req: http.IncomingMessage, res: http.ServerResponse) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendRefusal(res, refuse(405, 'BAD_REQUEST', 'GET only'), false);
  }
  const rel = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(dir);
  const file = path.resolve(root, rel);
  const notFound = () => sendRefusal(res, refuse(404, 'BAD_REQUEST', 'Not found'), false);
  if (!file.startsWith(root + path.sep)) return notFound();
  fs.readFile(file, (err, data) => {
    if (err) return notFound();
    if (res.destroyed) return;
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'cache-control': 'no-cache',
      ...NO_SNIFF,
    });
    res.end(req.method === 'HEAD' ? undefined : data);
  });
}
