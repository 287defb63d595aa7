import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { EVENT_NAMES } from '../../shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { dispatch, type Handlers } from '../api/core/dispatch';
import type { Services } from '../api/core/context';
import type { Listener } from '../api/core/services';

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
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
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

/**
 * Browser mode: the same dispatch as the Electron IPC, served on loopback only.
 * A random token per run (given to the page in the URL fragment, sent back in a
 * header) plus Host and Origin checks keep other sites and DNS rebinding out.
 */
export function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const token = randomBytes(24).toString('hex');
  let origin = '';
  let allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff' });
      res.end(body);
    };
    if (!allowedHosts.has(req.headers.host ?? '')) return send(421, 'Wrong host');
    if (req.headers.origin && req.headers.origin !== origin) return send(403, 'Wrong origin');
    const url = new URL(req.url ?? '/', origin);

    if (url.pathname.startsWith('/rpc/') || url.pathname === '/events') {
      if (req.headers['x-token'] !== token) return send(401, 'Bad token');
      const clientKey = String(req.headers['x-client'] ?? '').slice(0, 64) || randomUUID();
      if (url.pathname === '/events') return streamEvents(res, opts.subscribe);
      if (req.method !== 'POST') return send(405, 'POST only');
      return readBody(req, (err, body) => {
        if (err) return send(413, 'Too large');
        let payload: unknown;
        try {
          payload = body ? JSON.parse(body) : {};
        } catch {
          payload = Symbol('invalid json'); // fails schema validation like any bad payload
        }
        void dispatch(
          opts.services,
          opts.handlers,
          `browser:${clientKey}`,
          decodeURIComponent(url.pathname.slice(5)),
          payload,
        ).then((result) => send(200, JSON.stringify(result), 'application/json'));
      });
    }
    return serveStatic(opts.staticDir, url.pathname, res, send);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      origin = `http://127.0.0.1:${port}`;
      allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
      resolve({
        url: `${origin}/#token=${token}`,
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

function readBody(req: http.IncomingMessage, cb: (err: Error | null, body: string) => void) {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_BODY) {
      req.destroy();
      cb(new Error('too large'), '');
    } else chunks.push(c);
  });
  req.on('end', () => size <= MAX_BODY && cb(null, Buffer.concat(chunks).toString('utf8')));
}

function streamEvents(res: http.ServerResponse, subscribe: BrowserHostOptions['subscribe']) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write(': connected\n\n');
  const unsubscribe = subscribe((event, payload) => {
    if (EVENT_NAMES.includes(event)) res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  });
  const keepAlive = setInterval(() => res.write(': ping\n\n'), 25_000);
  res.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
  });
}

function serveStatic(
  dir: string,
  pathname: string,
  res: http.ServerResponse,
  send: (status: number, body: string) => void,
) {
  const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = path.resolve(dir, rel);
  if (!file.startsWith(path.resolve(dir) + path.sep)) return send(404, 'Not found');
  fs.readFile(file, (err, data) => {
    if (err) return send(404, 'Not found');
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    res.end(data);
  });
}
